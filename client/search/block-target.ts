import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';

// A class set on the editor's own DOM would be undone by ProseMirror's observer: the mark is a decoration.
const key = new PluginKey<string | null>('block-target');

/** Marks the block a person was sent to (by a search result, a pinpoint, an address). */
export const blockTargetPlugin = new Plugin<string | null>({
  key,
  state: {
    init: () => null,
    apply: (tr, value) => {
      const meta = tr.getMeta(key) as { blockId: string | null } | undefined;
      return meta ? meta.blockId : value;
    },
  },
  props: {
    decorations(state) {
      const blockId = key.getState(state);
      if (!blockId) return null;
      let found: Decoration | null = null;
      state.doc.descendants((node, pos) => {
        if (found) return false;
        if (node.attrs.id === blockId) found = Decoration.node(pos, pos + node.nodeSize, { class: 'block-target' });
        return !found;
      });
      return found ? DecorationSet.create(state.doc, [found]) : null;
    },
  },
});

const timers = new WeakMap<EditorView, ReturnType<typeof setTimeout>>();

/** Scrolls the view to the block and marks it a moment. */
export function revealBlock(view: EditorView, blockId: string): void {
  const element = view.dom.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(blockId)}"]`);
  if (!element || !key.get(view.state)) return;
  view.dispatch(view.state.tr.setMeta(key, { blockId }));
  element.scrollIntoView({ block: 'center' });
  clearTimeout(timers.get(view));
  timers.set(
    view,
    setTimeout(() => {
      if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, { blockId: null }));
    }, 2400),
  );
}
