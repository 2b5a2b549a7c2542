import type { CslItem } from '../annotation.js';
import type { DocumentMeta } from '../document-meta.js';

const CSL_TYPE: Record<string, CslItem['type']> = {
  'executive order': 'legislation',
  memorandum: 'document',
  'web page': 'webpage',
  report: 'report',
};

// "90 Fed. Reg. 8443 (Jan. 29, 2025)": volume, reporter and first page of a Federal Register printing.
const FEDERAL_REGISTER = /^(\d+)\s+Fed\.\s*Reg\.\s+([\d,]+)/;

// An order's number stays in its title: CSL styles print a legislation's `number` as a public
// law's ("Pub. L. No. 14159").
/**
 * A CSL-JSON item describing a document of the workspace: the "cite another document" source.
 * An order printed in the Federal Register is cited by volume and page, as legal styles expect
 * ("90 Fed. Reg. 8443 (2025)"), not with its printing note as a journal title; a memorandum
 * is a document of its issuer; the issuer of a report or web page is its publisher.
 */
export function cslFromDocument(doc: DocumentMeta): CslItem {
  const parts = doc.date.split('-').map(Number);
  const type = CSL_TYPE[doc.type] ?? 'document';
  const printed = doc.citation ? FEDERAL_REGISTER.exec(doc.citation) : null;
  return {
    type,
    title: doc.title,
    ...(doc.issuer && type !== 'legislation' ? { author: [{ literal: doc.issuer }] } : {}),
    ...(doc.issuer && (type === 'report' || type === 'webpage') ? { publisher: doc.issuer } : {}),
    ...(type === 'document' && doc.type === 'memorandum' ? { genre: 'Memorandum' } : {}),
    issued: { 'date-parts': [parts] },
    ...(doc.sourceUrl ? { URL: doc.sourceUrl } : {}),
    ...(printed
      ? { 'container-title': 'Fed. Reg.', volume: printed[1]!, page: printed[2]!.replace(/,/g, '') }
      : doc.citation
        ? { 'container-title': doc.citation }
        : {}),
  };
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
