import type { CslItem, DocumentMeta } from '../../core/index.js';

const CSL_TYPE: Record<string, CslItem['type']> = {
  'executive order': 'legislation',
  memorandum: 'document',
  'web page': 'webpage',
  report: 'report',
};

/** A CSL-JSON item describing a document of the workspace: the "cite another document" source. */
export function cslFromDocument(doc: DocumentMeta): CslItem {
  const parts = doc.date.split('-').map(Number);
  return {
    type: CSL_TYPE[doc.type] ?? 'document',
    title: doc.title,
    ...(doc.issuer ? { author: [{ literal: doc.issuer }] } : {}),
    issued: { 'date-parts': [parts] },
    ...(doc.sourceUrl ? { URL: doc.sourceUrl } : {}),
    ...(doc.citation ? { 'container-title': doc.citation } : {}),
  };
}

/** Reads "Family, Given" or an organisation's name, one per line. */
export function parseAuthors(text: string): CslItem['author'] {
  const names = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [family, given] = line.split(/,\s*/, 2);
      return given ? { family: family!, given } : { literal: line };
    });
  return names.length ? names : undefined;
}

export function formatAuthors(authors: CslItem['author']): string {
  return (authors ?? []).map((a) => ('literal' in a ? a.literal : a.given ? `${a.family}, ${a.given}` : a.family)).join('\n');
}

/** "2021-01-20" → [[2021, 1, 20]]; undefined for an empty or malformed date. */
export function parseIssued(text: string): CslItem['issued'] {
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  return { 'date-parts': [match.slice(1).filter(Boolean).map(Number)] };
}

export function formatIssued(issued: CslItem['issued']): string {
  return issued?.['date-parts'][0]?.map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join('-') ?? '';
}
