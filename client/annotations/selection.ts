import { Plugin } from 'prosemirror-state';
import { keymap } from 'prosemirror-keymap';
import type { EditorView } from 'prosemirror-view';
import type { AnnotationKind, PmPos } from '../../core/index.js';

export interface ReaderSelection {
  documentId: string;
  from: PmPos;
  to: PmPos;
}

/** Reports the view's selection after every change to it (null when collapsed). */
export function selectionReporter(documentId: string, onChange: (selection: ReaderSelection | null, view: EditorView) => void): Plugin {
  let last = '';
  return new Plugin({
    view: () => ({
      update: (view) => {
        const { from, to, empty } = view.state.selection;
        const key = empty ? '' : `${from}:${to}`;
        if (key === last) return;
        last = key;
        onChange(empty ? null : { documentId, from: from as PmPos, to: to as PmPos }, view);
      },
    }),
  });
}

/** The annotation shortcuts, shown in the toolbar's tooltips and the sidebar's help. */
export const ANNOTATION_SHORTCUTS: { kind: AnnotationKind; label: string; key: string; shown: string }[] = [
  { kind: 'citation', label: 'Cite', key: 'Alt-Shift-c', shown: 'Alt+Shift+C' },
  { kind: 'critique', label: 'Critique', key: 'Alt-Shift-r', shown: 'Alt+Shift+R' },
  { kind: 'comparison', label: 'Compare', key: 'Alt-Shift-m', shown: 'Alt+Shift+M' },
  { kind: 'question', label: 'Ask', key: 'Alt-Shift-q', shown: 'Alt+Shift+Q' },
];

/** Keyboard shortcuts that start an annotation of a kind on the current selection. */
export function annotationKeys(start: (kind: AnnotationKind) => boolean): Plugin {
  const bindings: Record<string, () => boolean> = {};
  for (const { kind, key } of ANNOTATION_SHORTCUTS) {
    bindings[key] = () => start(kind);
    bindings[key.replace(/-([a-z])$/, (_, c: string) => `-${c.toUpperCase()}`)] = () => start(kind);
  }
  return keymap(bindings);
}
