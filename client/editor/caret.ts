import { Plugin, PluginKey, Selection, TextSelection, type EditorState } from 'prosemirror-state';
import type { Node as PmNode } from 'prosemirror-model';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';

interface CaretState {
  focused: boolean;
  /** The selection was made with the keys: the browser draws none in a view that is not contenteditable, so this plugin does. */
  keyboard: boolean;
}

const caretKey = new PluginKey<CaretState>('reading-caret');

/** The reading caret's keys, for the shortcuts list. */
export const CARET_KEYS: { keys: string; does: string }[] = [
  { keys: '← → ↑ ↓', does: 'move the reading caret (a character, a line)' },
  { keys: 'Ctrl+← →', does: 'move by a word' },
  { keys: 'Home, End', does: 'to the start or end of the paragraph' },
  { keys: 'Shift + any of these', does: 'select from the caret' },
  { keys: 'Alt+Shift+P', does: 'select the whole paragraph' },
];

function caretElement(): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'reading-caret';
  caret.setAttribute('aria-hidden', 'true');
  return caret;
}

/** One step left or right from `pos`, into the neighbouring textblock at its edge. */
function charStep(doc: PmNode, pos: number, dir: 1 | -1): number {
  const $pos = doc.resolve(pos);
  const atEdge = dir > 0 ? $pos.parentOffset >= $pos.parent.content.size : $pos.parentOffset <= 0;
  if (!atEdge) return pos + dir;
  const outside = dir > 0 ? $pos.after() : $pos.before();
  const found = Selection.findFrom(doc.resolve(Math.max(0, Math.min(doc.content.size, outside))), dir, true);
  return found ? found.head : pos;
}

/** The next word's end (forward) or the previous word's start (back), within the textblock, else a char step. */
function wordStep(doc: PmNode, pos: number, dir: 1 | -1): number {
  const $pos = doc.resolve(pos);
  const text = $pos.parent.textBetween(0, $pos.parent.content.size, undefined, '\ufffc');
  const offset = $pos.parentOffset;
  if (dir > 0) {
    const match = /^\s*\S+/.exec(text.slice(offset));
    return match ? pos + match[0].length : charStep(doc, pos, 1);
  }
  const match = /\S+\s*$/.exec(text.slice(0, offset));
  return match ? pos - match[0].length : charStep(doc, pos, -1);
}

/** A line up or down, by where the caret is drawn; the next textblock when that line is off screen. */
function lineStep(view: EditorView, pos: number, dir: 1 | -1): number {
  const { doc } = view.state;
  try {
    const at = view.coordsAtPos(pos);
    const target = view.posAtCoords({ left: at.left, top: dir > 0 ? at.bottom + 6 : at.top - 6 });
    if (target && target.pos !== pos && doc.resolve(target.pos).parent.inlineContent) return target.pos;
  } catch {
    // Not drawn: step by block instead.
  }
  const $pos = doc.resolve(pos);
  const outside = dir > 0 ? $pos.after() : $pos.before();
  const found = Selection.findFrom(doc.resolve(Math.max(0, Math.min(doc.content.size, outside))), dir, true);
  return found ? found.head : pos;
}

function moveFor(view: EditorView, event: KeyboardEvent): Selection | null {
  const { state } = view;
  const { doc, selection } = state;
  const head = selection.head;
  const word = event.ctrlKey || event.altKey || event.metaKey;
  if (event.altKey && event.shiftKey && event.code === 'KeyP') {
    const $head = doc.resolve(head);
    return $head.parent.inlineContent ? TextSelection.create(doc, $head.start(), $head.end()) : null;
  }
  let next: number;
  switch (event.key) {
    case 'ArrowRight':
      next = word ? wordStep(doc, head, 1) : selection.empty || event.shiftKey ? charStep(doc, head, 1) : selection.to;
      break;
    case 'ArrowLeft':
      next = word ? wordStep(doc, head, -1) : selection.empty || event.shiftKey ? charStep(doc, head, -1) : selection.from;
      break;
    case 'ArrowDown':
      next = lineStep(view, head, 1);
      break;
    case 'ArrowUp':
      next = lineStep(view, head, -1);
      break;
    case 'Home':
      next = doc.resolve(head).start();
      break;
    case 'End':
      next = doc.resolve(head).end();
      break;
    default:
      return null;
  }
  return event.shiftKey ? TextSelection.create(doc, selection.anchor, next) : TextSelection.create(doc, next);
}

/** The first textblock position drawn at the top of the view's visible part: where reading resumes. */
function topOfView(view: EditorView): number | null {
  const box = view.dom.getBoundingClientRect();
  const top = Math.max(box.top, 0) + 12;
  if (top > Math.min(box.bottom, innerHeight)) return null;
  const found = view.posAtCoords({ left: box.left + Math.min(80, box.width / 3), top });
  if (!found) return null;
  const near = Selection.near(view.state.doc.resolve(found.pos));
  return near instanceof TextSelection ? near.head : null;
}

/**
 * A caret and keyboard selection for a text that is read, not edited. The locked text is not
 * contenteditable (it is not an editable field, and is not announced as one), so the browser
 * gives it no caret; this plugin does: arrows move it, Shift extends, Alt+Shift+P selects the
 * paragraph, and the selection becomes the editor's, as a mouse selection does, so that the
 * annotation shortcuts (Alt+Shift+R…) work on it. ProseMirror runs keymaps only in editable
 * views, so this plugin also hands keydown to the other plugins' handleKeyDown.
 */
export function readingCaret(): Plugin<CaretState> {
  let byKey = false;
  let pointer = false;
  const dispatchByKey = (run: () => boolean): boolean => {
    byKey = true;
    try {
      return run();
    } finally {
      byKey = false;
    }
  };
  return new Plugin<CaretState>({
    key: caretKey,
    state: {
      init: () => ({ focused: false, keyboard: false }),
      apply(tr, value): CaretState {
        const meta = tr.getMeta(caretKey) as Partial<CaretState> | undefined;
        const next = meta ? { ...value, ...meta } : value;
        return tr.selectionSet ? { ...next, keyboard: meta?.keyboard ?? byKey } : next;
      },
    },
    props: {
      decorations(state: EditorState) {
        const caret = caretKey.getState(state);
        if (!caret?.focused || !caret.keyboard) return null;
        const { from, to, empty, head } = state.selection;
        const widget = Decoration.widget(head, caretElement, { key: 'reading-caret', side: empty || head === from ? -1 : 1 });
        return DecorationSet.create(state.doc, empty ? [widget] : [Decoration.inline(from, to, { class: 'reading-selection' }), widget]);
      },
      handleDOMEvents: {
        mousedown: () => {
          pointer = true;
          return false;
        },
        focus: (view) => {
          const fromPointer = pointer;
          pointer = false;
          const tr = view.state.tr.setMeta(caretKey, { focused: true });
          // Tabbed in: the caret starts where the person is reading, not at the top of the text.
          if (!fromPointer && view.state.selection.empty) {
            const start = topOfView(view);
            if (start !== null) tr.setSelection(TextSelection.create(view.state.doc, start)).setMeta(caretKey, { focused: true, keyboard: true });
            else tr.setMeta(caretKey, { focused: true, keyboard: true });
          }
          view.dispatch(tr);
          return false;
        },
        blur: (view) => {
          pointer = false;
          view.dispatch(view.state.tr.setMeta(caretKey, { focused: false }));
          return false;
        },
        keydown: (view, event) => {
          if (view.editable || event.isComposing) return false;
          if (dispatchByKey(() => view.someProp('handleKeyDown', (f) => f(view, event)) ?? false)) {
            event.preventDefault();
            return true;
          }
          const move = moveFor(view, event);
          if (!move) return false;
          event.preventDefault();
          // A mouse selection the browser still draws would contradict the caret's.
          const native = getSelection();
          if (native && native.rangeCount > 0 && view.dom.contains(native.anchorNode)) native.removeAllRanges();
          dispatchByKey(() => (view.dispatch(view.state.tr.setSelection(move).scrollIntoView()), true));
          return true;
        },
      },
    },
  });
}

/** Focus for a view that may be read-only: ProseMirror's own `focus()` does nothing when the view is not editable. */
export function focusView(view: EditorView): void {
  if (view.editable) return view.focus();
  view.dom.focus({ preventScroll: true });
  // ProseMirror puts its selection back into the page only for editable views: do it here, so the
  // passage that was selected before a form opened is selected again when the focus comes back.
  const { from, to, empty } = view.state.selection;
  const native = getSelection();
  if (empty || !native) return;
  try {
    const start = view.domAtPos(from);
    const end = view.domAtPos(to);
    native.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
  } catch {
    // A position no longer drawn: the focus is back, the selection stays ProseMirror's.
  }
}
