import type { Mark, Node as PmNode } from 'prosemirror-model';
import type { ExportNote } from './model.js';

/** A piece of a textblock's text with the marks it carries and the notes covering it. */
export interface Run {
  text: string;
  marks: readonly Mark[];
  /** Numbers of the notes whose passage covers this run. */
  notes: number[];
  /** Notes whose passage ends right after this run: their reference marks go here. */
  endingHere: number[];
  /** Notes whose passage starts with this run. */
  startingHere: number[];
  /** A hard line break rather than text. */
  lineBreak?: boolean;
}

/**
 * Walks the textblocks of a document in text order (the same order and offsets as TextIndex:
 * blocks joined by one newline), calling `visit` for every block node with its runs split at
 * every note boundary. Exporters turn runs into HTML spans, Markdown footnotes or Word comments.
 */
export function textblockRuns(doc: PmNode, notes: ExportNote[]): Map<PmNode, Run[]> {
  const placed = notes.filter((n) => n.start !== null && n.end !== null) as (ExportNote & { start: number; end: number })[];
  const result = new Map<PmNode, Run[]>();
  let offset = 0;
  let first = true;
  doc.descendants((block) => {
    if (!block.isTextblock) return true;
    if (!first) offset += 1;
    first = false;
    const blockStart = offset;
    const blockEnd = blockStart + blockTextLength(block);
    const inBlock = placed.filter((n) => n.start < blockEnd && n.end > blockStart);
    const cuts = new Set<number>();
    for (const n of inBlock) {
      cuts.add(Math.max(n.start, blockStart));
      cuts.add(Math.min(n.end, blockEnd));
    }
    const runs: Run[] = [];
    let at = blockStart;
    block.forEach((child) => {
      const length = child.isText ? child.text!.length : 1;
      const points = [at, ...Array.from(cuts).filter((c) => c > at && c < at + length).sort((a, b) => a - b), at + length];
      for (let i = 0; i < points.length - 1; i++) {
        const [from, to] = [points[i]!, points[i + 1]!];
        const covering = inBlock.filter((n) => n.start < to && n.end > from);
        runs.push({
          text: child.isText ? child.text!.slice(from - at, to - at) : '\n',
          marks: child.marks,
          notes: covering.map((n) => n.n),
          endingHere: inBlock.filter((n) => n.end === to).map((n) => n.n),
          startingHere: inBlock.filter((n) => n.start === from).map((n) => n.n),
          ...(child.isText ? {} : { lineBreak: true }),
        });
      }
      at += length;
    });
    // A note ending exactly where the block ends gets its reference on the last run.
    result.set(block, runs);
    offset = blockEnd;
    return false;
  });
  return result;
}

function blockTextLength(block: PmNode): number {
  let length = 0;
  block.forEach((child) => (length += child.isText ? child.text!.length : 1));
  return length;
}
