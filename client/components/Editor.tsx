import { useEffect, useRef } from 'preact/hooks';
import type * as Y from 'yjs';
import type { EditorView } from 'prosemirror-view';
import type { Plugin } from 'prosemirror-state';
import type { Awareness } from 'y-protocols/awareness';
import { mountCollabEditor } from '../editor/collab-editor.js';

interface Props {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  locked: boolean;
  label: string;
  /** Extra ProseMirror plugins; read once, when the view is created. */
  plugins?: Plugin[];
  onMount?: (view: EditorView | null) => void;
  onFocus?: () => void;
}

/** Hosts a collaborative ProseMirror view; remounts when the fragment or editability changes. */
export function Editor({ fragment, awareness, locked, label, plugins, onMount, onFocus }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = mountCollabEditor(host.current!, { fragment, awareness, locked, label, plugins });
    onMount?.(view);
    return () => {
      onMount?.(null);
      view.destroy();
    };
  }, [fragment, awareness, locked, label]);
  return <div class="editor-host" ref={host} onFocusIn={onFocus} />;
}
