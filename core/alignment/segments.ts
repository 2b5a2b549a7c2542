import type { AlignableText, BlockKind } from './alignable-text.js';
import { sentenceRanges } from './sentences.js';

export type SegmentKind = BlockKind | 'sentence';

/** A passage that can be aligned: a whole block, or one sentence of a block that has several. */
export interface Segment {
  /** Unique within one text: "b3" for the fourth block, "b3.s1" for its second sentence. */
  key: string;
  kind: SegmentKind;
  start: number;
  end: number;
  text: string;
  /** The pinpoint of the block (a sentence shares its block's). */
  pinpoint: string | null;
}

/** The blocks of a text, each followed by its sentences when it has more than one. Blank blocks are left out. */
export function segment(text: AlignableText): Segment[] {
  const segments: Segment[] = [];
  text.blocks.forEach((block, b) => {
    const content = text.text.slice(block.start, block.end);
    const ranges = sentenceRanges(content);
    if (ranges.length === 0) return;
    const start = block.start + ranges[0]!.start;
    const end = block.start + ranges.at(-1)!.end;
    segments.push({ key: `b${b}`, kind: block.kind, start, end, text: text.text.slice(start, end), pinpoint: block.label });
    if (block.kind === 'heading' || ranges.length < 2) return;
    ranges.forEach((range, s) => {
      const from = block.start + range.start;
      const to = block.start + range.end;
      segments.push({ key: `b${b}.s${s}`, kind: 'sentence', start: from, end: to, text: text.text.slice(from, to), pinpoint: block.label });
    });
  });
  return segments;
}
