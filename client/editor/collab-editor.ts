import { EditorState, type Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap, toggleMark, setBlockType } from 'prosemirror-commands';
import { ySyncPlugin, yCursorPlugin, yUndoPlugin, undo, redo } from 'y-prosemirror';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { safeColor, schema } from '../../core/index.js';
import { lockedText } from './locked.js';
import { readingCaret } from './caret.js';

export interface CollabEditorOptions {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  /** Locked texts stay focusable and selectable but refuse local changes. */
  locked: boolean;
  /** Accessible name of the editing surface. */
  label: string;
  plugins?: Plugin[];
}

const marks = schema.marks;
const nodes = schema.nodes;

const editingKeys = keymap({
  'Mod-z': undo,
  'Mod-y': redo,
  'Mod-Shift-z': redo,
  'Mod-b': toggleMark(marks.strong!),
  'Mod-i': toggleMark(marks.em!),
  'Mod-Alt-0': setBlockType(nodes.paragraph!),
  'Mod-Alt-1': setBlockType(nodes.heading!, { level: 2 }),
  'Mod-Alt-2': setBlockType(nodes.heading!, { level: 3 }),
});

// y-prosemirror's own builders paste the colour into a style attribute: another client's
// awareness must never reach CSS or HTML except as a checked colour and as text.
function remoteCursor(user: { name?: unknown; color?: unknown }): HTMLElement {
  const cursor = document.createElement('span');
  cursor.classList.add('ProseMirror-yjs-cursor');
  cursor.style.borderColor = safeColor(user.color);
  const label = document.createElement('div');
  label.style.backgroundColor = safeColor(user.color);
  label.textContent = typeof user.name === 'string' ? user.name.slice(0, 120) : 'Someone';
  cursor.append(document.createTextNode('\u2060'), label, document.createTextNode('\u2060'));
  return cursor;
}

function remoteSelection(user: { color?: unknown }): { style: string; class: string } {
  return { style: `background-color: ${safeColor(user.color)}70`, class: 'ProseMirror-yjs-selection' };
}

/** A ProseMirror view bound to a Yjs fragment, with remote cursors and per-user undo. */
export function mountCollabEditor(place: HTMLElement, options: CollabEditorOptions): EditorView {
  const plugins = [
    ySyncPlugin(options.fragment),
    // All views share awareness's default 'cursor' field: y-prosemirror draws remote cursors
    // only from that field, and each binding ignores positions outside its own fragment.
    yCursorPlugin(options.awareness, { cursorBuilder: remoteCursor, selectionBuilder: remoteSelection }),
    ...(options.locked ? [lockedText(), readingCaret()] : [yUndoPlugin(), editingKeys]),
    ...(options.plugins ?? []),
    keymap(baseKeymap),
  ];
  return new EditorView(place, {
    state: EditorState.create({ schema, plugins }),
    // y-prosemirror dispatches from timers and observers that can outlive the view
    // (yjs/y-prosemirror#265): a destroyed view has nothing left to update.
    // ProseMirror calls this with the view as `this`, also while the view is being built.
    dispatchTransaction(this: EditorView, tr) {
      if (!this.isDestroyed) this.updateState(this.state.apply(tr));
    },
    // A locked text is not contenteditable: assistive technology announced it as an editable
    // field. It stays in the Tab order (tabindex 0), a read-only multi-line text box, and
    // readingCaret gives it the caret and keyboard selection that contenteditable used to.
    editable: () => !options.locked,
    attributes: {
      class: options.locked ? 'prose locked' : 'prose editable',
      'aria-label': options.label,
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-readonly': String(options.locked),
      spellcheck: String(!options.locked),
      ...(options.locked ? { tabindex: '0' } : {}),
    },
  });
}
