import type { Node as PmNode } from 'prosemirror-model';
import { schema } from '../schema.js';
import { labelBlocks } from '../block-labels.js';
import { SourceError } from './source-error.js';

/** A run of text as a PDF places it: its string, where its baseline starts, its width and font size. */
export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** One page's text runs in reading order (as the PDF lists them). */
export type PdfPage = PdfTextItem[];

/**
 * The text of a PDF, page by page, through pdfjs-dist. Throws SourceError for a file that is not
 * a readable PDF (damaged, not a PDF, password-protected).
 */
export async function extractPdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  // The legacy build is the one that runs on Node 20; it is loaded only when a PDF comes in.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfjs takes ownership of the buffer it is given; a copy keeps the caller's bytes (its checksum) intact.
  const task = getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: 0 });
  let pdf;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    const name = (error as Error).name;
    if (name === 'PasswordException') throw new SourceError('the PDF is protected by a password');
    throw new SourceError(`the file is not a readable PDF (${(error as Error).message.replace(/\.$/, '')})`);
  }
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const items: PdfPage = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a, b, , , x, y] = item.transform as number[];
        items.push({ text: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(a!, b!) || item.height });
      }
      pages.push(items);
      page.cleanup();
    }
    return pages;
  } catch (error) {
    throw new SourceError(`the PDF could not be read to the end (${(error as Error).message.replace(/\.$/, '')})`);
  } finally {
    await pdf.destroy();
  }
}

/**
 * PDF pages as a document: lines are rebuilt from the runs' baselines, a paragraph ends where the
 * gap to the next line is clearly wider than the page's usual line spacing, words hyphenated across
 * a line end are joined, and a line that is only the page's number is dropped. Every paragraph
 * keeps its page, so its pinpoint reads "p. 3 ¶ 2". Returns null when the PDF has no text layer.
 */
export function documentFromPdfPages(pages: PdfPage[]): PmNode | null {
  const paragraph = schema.nodes.paragraph!;
  const blocks: PmNode[] = [];
  pages.forEach((items, index) => {
    const page = index + 1;
    for (const text of paragraphsOf(lines(items), page)) blocks.push(paragraph.create({ page }, schema.text(text)));
  });
  if (blocks.length === 0) return null;
  return labelBlocks(schema.nodes.doc!.create(null, blocks));
}

/** Reads a PDF into a document (see extractPdfPages and documentFromPdfPages). */
export async function documentFromPdf(bytes: Uint8Array): Promise<PmNode | null> {
  return documentFromPdfPages(await extractPdfPages(bytes));
}

interface Line {
  text: string;
  y: number;
  size: number;
}

/** Runs on (almost) the same baseline form a line; runs are joined with a space where they are apart. */
function lines(items: PdfPage): Line[] {
  const out: Line[] = [];
  let current: (Line & { end: number }) | null = null;
  for (const item of items) {
    const sameLine = current && Math.abs(item.y - current.y) <= Math.max(current.size, item.size) * 0.3;
    if (current && sameLine) {
      const gap = item.x - current.end;
      const joiner = /\s$/.test(current.text) || /^\s/.test(item.text) || gap < item.size * 0.15 ? '' : ' ';
      current.text += joiner + item.text;
      current.end = item.x + item.width;
      current.size = Math.max(current.size, item.size);
    } else {
      if (current) out.push(current);
      current = { text: item.text, y: item.y, size: item.size, end: item.x + item.width };
    }
  }
  if (current) out.push(current);
  return out
    .map((line) => ({ text: clean(line.text), y: line.y, size: line.size }))
    .filter((line) => line.text !== '');
}

function paragraphsOf(pageLines: Line[], page: number): string[] {
  const body = pageLines.filter((line) => !isPageNumber(line.text, page));
  const gaps = body.slice(1).map((line, i) => body[i]!.y - line.y).filter((gap) => gap > 0);
  const spacing = lowerQuartile(gaps);
  const paragraphs: string[] = [];
  let current = '';
  body.forEach((line, i) => {
    const previous = body[i - 1];
    const gap = previous ? previous.y - line.y : 0;
    // A paragraph break: a wider gap than usual, a jump upwards (a new column) or a change of font size.
    const breaks = previous !== undefined && (gap > spacing * 1.4 || gap < 0 || Math.abs(line.size - previous.size) > 1);
    if (breaks && current) {
      paragraphs.push(current);
      current = '';
    }
    current = current === '' ? line.text : join(current, line.text);
  });
  if (current) paragraphs.push(current);
  return paragraphs;
}

/** Joins a line to the text before it, undoing a hyphen that only split a word at the line end. */
function join(before: string, line: string): string {
  if (/[a-z]-$/.test(before) && /^[a-z]/.test(line)) return before.slice(0, -1) + line;
  return `${before} ${line}`;
}

function isPageNumber(text: string, page: number): boolean {
  const match = /^(?:-\s*)?(?:page\s+)?(\d+)(?:\s+of\s+\d+)?(?:\s*-)?$/i.exec(text);
  return match !== null && Number(match[1]) === page;
}

function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
}

// The usual line spacing: most gaps between lines are plain line feeds, the wider ones paragraph breaks.
function lowerQuartile(values: number[]): number {
  if (values.length === 0) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 4)]!;
}
