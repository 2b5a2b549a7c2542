import type { CritiqueCategory } from '../annotation.js';
import { CATEGORY_LABEL } from '../annotation-labels.js';
import type { ExportFilters, ExportModel } from './model.js';

export { KIND_LABEL as KIND_NAME, RELATION_LABEL as RELATION_PHRASE } from '../annotation-labels.js';

/** Categories in running text: "critique (factual claim)". */
export const CATEGORY_NAME = Object.fromEntries(Object.entries(CATEGORY_LABEL).map(([k, v]) => [k, v.toLowerCase()])) as Record<CritiqueCategory, string>;

/** "2015-04-24T…" → "April 24, 2015". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][(m ?? 1) - 1];
  return d ? `${month} ${d}, ${y}` : `${month} ${y}`;
}

/** A sentence saying which annotations the export holds. */
export function describeFilters(f: ExportFilters): string {
  const parts: string[] = [];
  if (f.kinds?.length) parts.push(`kinds: ${f.kinds.join(', ')}`);
  if (f.authors?.length) parts.push(`authors: ${f.authors.join(', ')}`);
  if (f.tags?.length) parts.push(`tags: ${f.tags.join(', ')}`);
  if (f.status) parts.push(`status: ${f.status}`);
  if (f.since) parts.push(`from ${f.since.slice(0, 10)}`);
  if (f.until) parts.push(`until ${f.until.slice(0, 10)}`);
  if (f.anonymise) parts.push('authors anonymised');
  return parts.length ? parts.join('; ') : 'all annotations';
}

export function noteCount(model: ExportModel): number {
  return model.documents.reduce((n, d) => n + d.notes.length, 0);
}
