import type { Node as PmNode } from 'prosemirror-model';
import { schema } from '../schema.js';
import { labelBlocks } from '../block-labels.js';

/**
 * A plain-text file as a document: paragraphs are separated by blank lines, single line breaks
 * inside a paragraph are kept as spaces (as in text copied from a PDF or a web page), and
 * nothing is read as markup.
 */
export function documentFromPlainText(text: string): PmNode | null {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').trim())
    .filter(Boolean);
  if (paragraphs.length === 0) return null;
  const paragraph = schema.nodes.paragraph!;
  return labelBlocks(schema.nodes.doc!.create(null, paragraphs.map((p) => paragraph.create(null, schema.text(p)))));
}
