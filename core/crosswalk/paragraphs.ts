import * as Y from 'yjs';
import { schema } from '../schema.js';
import type { OriginalPassage } from './as-of.js';

/**
 * The labelled paragraphs of a document's text ("¶ 7"), each with its text and where it
 * starts, counted as TextIndex counts (textblocks joined by one character), so that they
 * sort among passages by their TextPositionSelector.
 */
export function labelledParagraphs(fragment: Y.XmlFragment): OriginalPassage[] {
  const result: OriginalPassage[] = [];
  let offset = 0;
  let blocks = 0;
  const visit = (parent: Y.XmlElement | Y.XmlFragment) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (!schema.nodes[child.nodeName]?.isTextblock) {
        visit(child);
        continue;
      }
      if (blocks > 0) offset += 1;
      blocks += 1;
      const text = inlineText(child);
      const label = child.getAttribute('label');
      if (typeof label === 'string' && label !== '') result.push({ pinpoint: label, quote: text, start: offset });
      offset += text.length;
    }
  };
  visit(fragment);
  return result;
}

// Inline leaves (a hard break) count as one character, as in TextIndex.
function inlineText(block: Y.XmlElement): string {
  let text = '';
  for (const child of block.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown }[]) text += typeof op.insert === 'string' ? op.insert : '\ufffc';
    } else text += '\n';
  }
  return text;
}
