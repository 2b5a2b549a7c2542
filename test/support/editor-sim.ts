import * as Y from 'yjs';
import { initProseMirrorDoc, updateYFragment } from 'y-prosemirror';
import type { Node as PmNode } from 'prosemirror-model';
import { EditorState, type Transaction } from 'prosemirror-state';
import { schema } from '../../core/index.js';

/**
 * Edits a Y.XmlFragment the way an editor bound by y-prosemirror does: a ProseMirror
 * transform on the current document, written back into Yjs with y-prosemirror's own diff.
 */
export function editAsEditor(ydoc: Y.Doc, fragment: Y.XmlFragment, edit: (tr: Transaction, doc: PmNode) => void): void {
  const { doc, meta } = initProseMirrorDoc(fragment, schema);
  const tr = EditorState.create({ doc }).tr;
  edit(tr, doc);
  ydoc.transact(() => updateYFragment(ydoc, fragment, tr.doc, meta), 'local');
}

/** The ProseMirror position of the first occurrence of `needle` in the document's text. */
export function pmPosOf(fragment: Y.XmlFragment, needle: string): number {
  const { doc } = initProseMirrorDoc(fragment, schema);
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText) {
      const at = node.text!.indexOf(needle);
      if (at >= 0) found = pos + at;
    }
    return true;
  });
  if (found < 0) throw new Error(`"${needle}" is not in the document`);
  return found;
}
