import * as Y from 'yjs';
import { schema } from '../schema.js';
import { pmPos, textOffset, type PmPos, type TextOffset } from './coordinates.js';

/** A run of characters of one Y.XmlText: where it sits in both coordinate systems. */
interface Segment {
  type: Y.XmlText;
  pm: number;
  text: number;
  length: number;
  /** Pinpoint label of the block the run belongs to. */
  label: string | null;
}

/** A textblock's place in the text, for readers that work block by block (alignment). */
export interface TextBlock {
  start: TextOffset;
  end: TextOffset;
  /** The schema node name: paragraph or heading. */
  type: string;
  label: string | null;
  /** The block's stable id (its `id` attribute), for addresses that point at it. */
  id: string | null;
  /** Whether the block sits inside a list item (a paragraph of a bulleted or numbered list). */
  inListItem: boolean;
}

/**
 * The plain text of a document fragment with a map between its three coordinate systems:
 * Yjs (a Y.XmlText and an index in it), ProseMirror positions, and text offsets.
 *
 * It walks the Y.XmlFragment the way y-prosemirror builds the editor's document, so the
 * positions it computes are the editor's, without an editor (the server and exporters use it).
 * Text is the textblocks' text joined by "\n"; a hard break reads as "\n" too.
 */
export class TextIndex {
  readonly text: string;
  private readonly segments: Segment[] = [];
  private readonly byType = new Map<Y.XmlText, Segment>();
  private readonly textBlocks: TextBlock[] = [];

  constructor(readonly fragment: Y.XmlFragment) {
    const parts: string[] = [];
    let pm = 0;
    let text = 0;
    let blocks = 0;

    const inline = (element: Y.XmlElement | Y.XmlFragment, label: string | null) => {
      for (const child of element.toArray()) {
        if (child instanceof Y.XmlText) {
          const content = textOf(child);
          const segment: Segment = { type: child, pm, text, length: content.length, label };
          this.segments.push(segment);
          this.byType.set(child, segment);
          parts.push(content);
          pm += content.length;
          text += content.length;
        } else if (child instanceof Y.XmlElement) {
          // Inline leaves (hard_break) are one position and one character.
          parts.push('\n');
          pm += 1;
          text += 1;
        }
      }
    };

    const block = (element: Y.XmlElement | Y.XmlFragment, inListItem: boolean) => {
      for (const child of element.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        const nodeType = schema.nodes[child.nodeName];
        pm += 1;
        if (nodeType?.isTextblock) {
          if (blocks > 0) {
            parts.push('\n');
            text += 1;
          }
          blocks += 1;
          const attribute = child.getAttribute('label');
          const label = typeof attribute === 'string' ? attribute : null;
          const id = child.getAttribute('id');
          const start = text;
          inline(child, label);
          this.textBlocks.push({ start: textOffset(start), end: textOffset(text), type: child.nodeName, label, id: typeof id === 'string' ? id : null, inListItem });
        } else {
          block(child, inListItem || child.nodeName === 'list_item');
        }
        pm += 1;
      }
    };

    block(fragment, false);
    this.text = parts.join('');
  }

  /** The textblocks in document order, with their text ranges. */
  blocks(): readonly TextBlock[] {
    return this.textBlocks;
  }

  /** The Y.XmlText and index at a ProseMirror position inside text, or null between blocks. */
  locatePm(pos: PmPos): { type: Y.XmlText; index: number; text: TextOffset; label: string | null } | null {
    const segment = this.find((s) => s.pm, pos);
    if (!segment || pos > segment.pm + segment.length) return null;
    const index = pos - segment.pm;
    return { type: segment.type, index, text: textOffset(segment.text + index), label: segment.label };
  }

  /** The ProseMirror position of a text offset, or null past the end. */
  pmOfText(offset: TextOffset): PmPos | null {
    const segment = this.find((s) => s.text, offset);
    if (!segment || offset > segment.text + segment.length) return null;
    return pmPos(segment.pm + (offset - segment.text));
  }

  /** Converts a Yjs (type, index) position to both coordinates, or null if the text is gone. */
  fromYjs(type: Y.XmlText, index: number): { pm: PmPos; text: TextOffset } | null {
    const segment = this.byType.get(type);
    if (!segment) return null;
    const i = Math.min(index, segment.length);
    return { pm: pmPos(segment.pm + i), text: textOffset(segment.text + i) };
  }

  // The last segment starting at or before `value` (segments are in document order).
  private find(key: (s: Segment) => number, value: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found: Segment | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const segment = this.segments[mid]!;
      if (key(segment) <= value) {
        found = segment;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

function textOf(type: Y.XmlText): string {
  let result = '';
  for (const op of type.toDelta() as { insert: unknown }[]) {
    result += typeof op.insert === 'string' ? op.insert : '\ufffc';
  }
  return result;
}
