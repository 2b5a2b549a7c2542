import type { Node as PmNode } from 'prosemirror-model';
import type { DocumentMeta } from '../document-meta.js';
import { parseMarkdown } from '../markdown.js';
import { labelBlocks } from '../block-labels.js';
import { loadDocument, DocumentLoadError } from '../document-loader.js';
import { documentFromPlainText } from './plain-text.js';
import { documentFromHtml } from './html.js';
import { documentFromPdf } from './pdf.js';
import { decodeText } from './decode.js';
import { SourceError } from './source-error.js';

export type SourceFormat = 'html' | 'pdf' | 'text' | 'markdown';

/** What a fetched page or an uploaded file is, as it came: bytes and what they say they are. */
export interface SourceFile {
  bytes: Uint8Array;
  /** The Content-Type header (or the browser's type of the file), parameters included. */
  contentType?: string;
  /** The file's name or the URL's path, for the extension when the type says nothing. */
  name?: string;
  /** The page's address: its relative links are made absolute against it. */
  baseUrl?: string;
}

/** A source read into the schema; `front` is what a Markdown file's front matter says about itself. */
export interface ReadSource {
  format: SourceFormat;
  doc: PmNode;
  front: Partial<DocumentMeta>;
}

const BY_TYPE: Record<string, SourceFormat> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};
const BY_EXTENSION: Record<string, SourceFormat> = {
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  pdf: 'pdf',
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
};
/** Types that say nothing about the content: the extension decides. */
const GENERIC = ['', 'application/octet-stream', 'binary/octet-stream', 'application/x-download', 'application/force-download', 'application/unknown'];

/**
 * The format of a source: its content type decides, the extension of its name when the type is
 * missing or generic. Markdown is often served as text/plain, so a .md name makes plain text Markdown.
 */
export function sourceFormat(contentType: string | undefined, name: string | undefined): SourceFormat | null {
  const type = mediaType(contentType);
  const extension = /\.([a-z0-9]+)$/i.exec(name ?? '')?.[1]?.toLowerCase() ?? '';
  const byExtension = BY_EXTENSION[extension] ?? null;
  if (GENERIC.includes(type)) return byExtension;
  const byType = BY_TYPE[type] ?? null;
  if (byType === 'text' && byExtension === 'markdown') return 'markdown';
  return byType;
}

/**
 * Reads a source into a document of the shared schema. Throws SourceError (with the status that
 * fits) for a format we do not read, a damaged or empty file, or bad front matter.
 */
export async function readSource(file: SourceFile): Promise<ReadSource> {
  const format = sourceFormat(file.contentType, file.name);
  if (!format) {
    const what = mediaType(file.contentType) || (file.name ? `“${file.name}”` : 'this file');
    throw new SourceError(`cannot read ${what}: bring in an HTML page, a PDF, a plain-text or a Markdown file`, 415);
  }
  if (format === 'pdf') {
    const doc = await documentFromPdf(file.bytes);
    if (!doc) throw new SourceError('the PDF has no text to extract (is it a scanned image?); paste its text instead');
    return { format, doc, front: {} };
  }
  const text = decodeText(file.bytes, charsetOf(file.contentType), format === 'html');
  if (format === 'html') {
    const doc = documentFromHtml(text, { baseUrl: file.baseUrl });
    if (!doc) throw new SourceError('the page has no readable text');
    return { format, doc, front: {} };
  }
  return { format, ...documentFromText(text, format, file.name) };
}

/**
 * Text as a document: plain text as paragraphs, or Markdown, with its front matter when it has
 * one. Throws SourceError for bad front matter or an empty text.
 */
export function documentFromText(text: string, format: 'text' | 'markdown', name?: string): { doc: PmNode; front: Partial<DocumentMeta> } {
  let doc: PmNode | null;
  let front: Partial<DocumentMeta> = {};
  if (format === 'text') doc = documentFromPlainText(text);
  else if (/^\uFEFF?---[ \t]*\r?\n/.test(text)) {
    try {
      const loaded = loadDocument(name ?? 'upload.md', text);
      doc = loaded.doc;
      front = loaded.meta;
    } catch (error) {
      if (error instanceof DocumentLoadError) throw new SourceError(error.message);
      throw error;
    }
  } else doc = labelBlocks(parseMarkdown(text));
  if (!doc || doc.textContent.trim() === '') throw new SourceError('the text is empty');
  return { doc, front };
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([\w-]+)"?/i.exec(contentType ?? '')?.[1];
}
