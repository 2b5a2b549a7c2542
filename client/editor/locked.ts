import { Plugin } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';

/**
 * Keeps a locked source text unchanged while leaving it focusable, so that a keyboard user
 * can move the caret and select a passage. Changes that come from Yjs (other people, the
 * server) pass; local edits are dropped.
 */
export function lockedText(): Plugin {
  return new Plugin({
    filterTransaction: (tr) => !tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined,
  });
}
