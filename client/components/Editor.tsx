import { useEffect, useRef } from 'preact/hooks';
import type * as Y from 'yjs';
import type { EditorView } from 'prosemirror-view';
import type { Awareness } from 'y-protocols/awareness';
import { mountCollabEditor } from '../editor/collab-editor.js';

interface Props {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  editable: boolean;
  label: string;
  onMount?: (view: EditorView) => void;
  onFocus?: () => void;
}

/** Hosts a collaborative ProseMirror view; remounts when the fragment or editability changes. */
export function Editor({ fragment, awareness, editable, label, onMount, onFocus }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = mountCollabEditor(host.current!, { fragment, awareness, editable, label });
    onMount?.(view);
    return () => view.destroy();
  }, [fragment, awareness, editable, label]);
  return <div class="editor-host" ref={host} onFocusIn={onFocus} />;
}
