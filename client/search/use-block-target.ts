import { useEffect } from 'preact/hooks';
import type { EditorView } from 'prosemirror-view';
import { blockInAddress } from './block-address.js';
import { revealBlock } from './block-target.js';

/** Scrolls a document's view to the block its address names, and marks it a moment, on arrival and on each change. */
export function useBlockTarget(view: EditorView | null): void {
  useEffect(() => {
    if (!view) return;
    const show = () => {
      const id = blockInAddress(location.hash);
      if (id) revealBlock(view, id);
    };
    show();
    addEventListener('popstate', show);
    addEventListener('hashchange', show);
    return () => {
      removeEventListener('popstate', show);
      removeEventListener('hashchange', show);
    };
  }, [view]);
}
