import type * as Y from 'yjs';
import { TextIndex } from '../anchoring/text-index.js';

export type BlockKind = 'paragraph' | 'list-item' | 'heading';

/** A text prepared for alignment: TextIndex.text plus where its textblocks are. Offsets are TextIndex text offsets. */
export interface AlignableText {
  text: string;
  blocks: { start: number; end: number; kind: BlockKind; label: string | null }[];
}

/** The text of a document fragment and its blocks, in the offsets passages and selectors use. */
export function alignableText(fragment: Y.XmlFragment): AlignableText {
  const index = new TextIndex(fragment);
  return {
    text: index.text,
    blocks: index.blocks().map((block) => ({
      start: block.start,
      end: block.end,
      kind: block.type === 'heading' ? 'heading' : block.inListItem ? 'list-item' : 'paragraph',
      label: block.label,
    })),
  };
}
