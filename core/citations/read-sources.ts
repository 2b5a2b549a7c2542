import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import { CSL_TYPES, CslItem, explain } from '../annotation.js';
import { looksLikePerson } from './names.js';

/*
 * Reading a reference manager's export (BibTeX, BibLaTeX, RIS, CSL-JSON) into library sources.
 * citation-js reads the file, as it does for every tool built on it; each item it gives is then
 * kept to the fields a source has here and validated. One repair: RIS and BibTeX have no mark
 * for an organisation, so citation-js splits "U.S. Department of Homeland Security, Office of
 * Inspector General" into a family and given name; a name whose given part is no given name is
 * joined back into the organisation's (core/citations/names.ts).
 */

export const LIBRARY_FILE_LIMIT = 4 * 1024 * 1024;
export const LIBRARY_FILE_ENTRIES = 2000;

export interface ReadSources {
  items: CslItem[];
  /** Entries that could not be kept, with the reason. */
  skipped: { title: string; reason: string }[];
}

const KNOWN_TYPES = new Set<string>(CSL_TYPES);
const BIBTEX_TYPE_NAMES = new Set(['techreport', 'report', 'phdthesis', 'mastersthesis', 'thesis', 'misc']);
const STRING_FIELDS = Object.keys(CslItem.shape).filter((k) => !['type', 'author', 'issued', 'accessed'].includes(k));

type Raw = Record<string, unknown>;
type RawName = { family?: string; given?: string; literal?: string; 'non-dropping-particle'?: string; 'dropping-particle'?: string; suffix?: string };

function name(raw: RawName): CslItem['author'] extends (infer N)[] | undefined ? N | null : never {
  if (raw.literal) return { literal: raw.literal.trim() };
  const family = [raw['dropping-particle'], raw['non-dropping-particle'], raw.family].filter(Boolean).join(' ').trim();
  const given = [raw.given, raw.suffix].filter(Boolean).join(', ').trim();
  if (!family) return given ? { literal: given } : null;
  // A braced BibTeX name ("{U.S. Immigration and Customs Enforcement}") comes as a family name alone.
  if (!given) return /\s/.test(family) ? { literal: family } : { family };
  return looksLikePerson(family, given) ? { family, given } : { literal: `${family}, ${given}` };
}

function date(raw: unknown): CslItem['issued'] | undefined {
  const parts = (raw as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0];
  if (!Array.isArray(parts) || parts.length === 0) return undefined;
  const numbers = parts.slice(0, 3).map(Number);
  return numbers.every((n) => Number.isInteger(n)) ? { 'date-parts': [numbers] } : undefined;
}

/** A citation-js item as a source of ours, or the reason it cannot be one. */
export function sourceFromCsl(raw: Raw): { item: CslItem } | { reason: string } {
  const candidate: Record<string, unknown> = { type: KNOWN_TYPES.has(String(raw.type)) ? raw.type : 'document' };
  for (const field of STRING_FIELDS) {
    const value = raw[field];
    if (typeof value === 'string' && value.trim() !== '') candidate[field] = value.trim();
    else if (typeof value === 'number') candidate[field] = String(value);
  }
  const authors = (Array.isArray(raw.author) ? (raw.author as RawName[]) : []).map(name).filter((n) => n !== null);
  if (authors.length) candidate.author = authors;
  const issued = date(raw.issued);
  if (issued) candidate.issued = issued;
  const accessed = date(raw.accessed);
  if (accessed) candidate.accessed = accessed;
  // citation-js fills a report's genre with the BibTeX entry type, which styles would print.
  if (typeof candidate.genre === 'string' && BIBTEX_TYPE_NAMES.has(candidate.genre.toLowerCase())) delete candidate.genre;
  // A DOI given as its address reads as the DOI.
  if (typeof candidate.DOI === 'string') candidate.DOI = candidate.DOI.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '');
  // Addresses other than http(s) are not kept: a source's link is followed by readers.
  if (typeof candidate.URL === 'string' && !/^https?:\/\//i.test(candidate.URL)) delete candidate.URL;
  const parsed = CslItem.safeParse(candidate);
  return parsed.success ? { item: parsed.data } : { reason: explain(parsed.error) };
}

/** Reads a file of references; throws an error for a person when it is not one. */
export function readSources(text: string): ReadSources {
  if (text.length > LIBRARY_FILE_LIMIT) throw new Error(`the file is larger than ${LIBRARY_FILE_LIMIT / 1024 / 1024} MB`);
  if (text.trim() === '') throw new Error('the file is empty');
  let data: Raw[];
  try {
    data = read(text);
  } catch (error) {
    throw new Error(`not a BibTeX, RIS or CSL-JSON file (${(error as Error).message})`);
  }
  if (data.length === 0) throw new Error('no references found: is it a BibTeX, RIS or CSL-JSON file?');
  if (data.length > LIBRARY_FILE_ENTRIES) throw new Error(`the file has ${data.length} references; at most ${LIBRARY_FILE_ENTRIES} are read at once`);
  const result: ReadSources = { items: [], skipped: [] };
  for (const raw of data) {
    const read = sourceFromCsl(raw);
    if ('item' in read) result.items.push(read.item);
    else result.skipped.push({ title: typeof raw.title === 'string' && raw.title ? raw.title : '(untitled)', reason: read.reason });
  }
  return result;
}

// citation-js guesses a format from the text; the three are told apart here by how they start,
// so that an entry's contents never make a file read as another format.
function read(text: string): Raw[] {
  const start = text.trimStart();
  if (start.startsWith('[') || start.startsWith('{')) {
    const json: unknown = JSON.parse(start);
    return new Cite(Array.isArray(json) ? json : [json], { forceType: '@csl/list+object' }).data as Raw[];
  }
  if (/^TY {2}- /m.test(start)) return new Cite(start, { forceType: '@ris/file' }).data as Raw[];
  if (/^@\w+\s*[{(]/m.test(start)) return new Cite(start, { forceType: '@biblatex/text' }).data as Raw[];
  throw new Error('it starts with neither “@type{”, “TY  - ” nor JSON');
}

/** The key two sources share when they are the same work: the DOI, else the folded title and year. */
export function duplicateKey(item: CslItem): string {
  if (item.DOI) return `doi:${item.DOI.toLowerCase()}`;
  const title = item.title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return `title:${title}|${item.issued?.['date-parts'][0]?.[0] ?? ''}`;
}
