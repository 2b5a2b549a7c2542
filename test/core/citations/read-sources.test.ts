import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { duplicateKey, readSources, sourceFromCsl } from '../../../core/citations/read-sources.js';
import type { CslItem } from '../../../core/index.js';
import { repoRoot } from '../../support/paths.js';

/*
 * A researcher's Zotero or Mendeley export read into the library: what citation-js (the second
 * parser, used directly here) reads from the file is what the library keeps, field for field,
 * except organisations that BibTeX and RIS cannot mark, which are kept whole.
 */

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'test/fixtures/library', name), 'utf8');
type Raw = Record<string, unknown>;

/** The fields both sides must agree on, from what citation-js reads directly. */
function comparable(item: Raw): Record<string, unknown> {
  const names = (item.author as { family?: string; given?: string; literal?: string; 'non-dropping-particle'?: string }[] | undefined)?.map((n) =>
    n.literal ?? [[n['non-dropping-particle'], n.family].filter(Boolean).join(' '), n.given].filter(Boolean).join(', '),
  );
  const doi = typeof item.DOI === 'string' ? item.DOI.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '') : undefined;
  return { type: item.type, title: item.title, author: names, issue: item.issue && String(item.issue), number: item.number && String(item.number), year: (item.issued as { 'date-parts'?: number[][] } | undefined)?.['date-parts']?.[0]?.[0], DOI: doi, volume: item.volume && String(item.volume), page: item.page, publisher: item.publisher, 'container-title': item['container-title'] };
}

const ours = (item: CslItem): Record<string, unknown> =>
  comparable({ ...item, author: item.author?.map((n) => ('literal' in n ? { literal: n.literal } : n)) });

describe.each([
  ['BibTeX', 'sources.bib', 22],
  ['RIS', 'sources.ris', 21],
])('a %s library', (_format, file, count) => {
  const text = fixture(file);
  const read = readSources(text);

  it('keeps every entry', () => {
    expect(read.skipped).toEqual([]);
    expect(read.items).toHaveLength(count);
  });

  it('is what citation-js reads from the file, field for field', () => {
    const direct = new Cite(text).data as Raw[];
    expect(direct).toHaveLength(count);
    expect(read.items.map(ours)).toEqual(direct.map(comparable));
    // citation-js splits an organisation at its comma and takes a braced one for a family name;
    // kept whole here, it still reads as the same string of names.
    const split = direct.filter((raw) => (raw.author as { given?: string }[] | undefined)?.some((n) => n.given?.startsWith('Office')));
    expect(split.length).toBe(file.endsWith('.ris') ? 1 : 0);
  });

  it('keeps an organisation author whole', () => {
    const oig = read.items.find((i) => i.title.startsWith('Operations of United States'))!;
    expect(oig.author).toEqual([{ literal: 'U.S. Department of Homeland Security, Office of Inspector General' }]);
    const cox = read.items.find((i) => i.title.startsWith('Does Immigration Enforcement'))!;
    expect(cox.author).toEqual([{ family: 'Cox', given: 'Adam B.' }, { family: 'Miles', given: 'Thomas J.' }]);
    expect(cox.DOI).toBe('10.1086/680935');
  });

  it('finds the duplicates by DOI, or by title and year', () => {
    const groups = new Map<string, string[]>();
    for (const item of read.items) groups.set(duplicateKey(item), [...(groups.get(duplicateKey(item)) ?? []), item.title]);
    const duplicates = [...groups.values()].filter((g) => g.length > 1);
    expect(duplicates).toContainEqual(['The Case against Secure Communities', 'The case against Secure Communities']);
    if (file.endsWith('.bib')) expect(duplicates).toContainEqual(['Immigration Outside the Law', 'Immigration outside the law']);
    expect(duplicates).toHaveLength(file.endsWith('.bib') ? 2 : 1);
  });
});

describe('reading CSL-JSON and refusing what is not a library', () => {
  it('reads a CSL-JSON list, a DOI address as its DOI, and leaves out a javascript: link', () => {
    const read = readSources(JSON.stringify([{ id: 'a', type: 'article-journal', title: 'T', DOI: 'https://doi.org/10.1234/X', URL: 'javascript:alert(1)', issued: { 'date-parts': [[2020]] } }]));
    expect(read.items).toEqual([{ type: 'article-journal', title: 'T', DOI: '10.1234/X', issued: { 'date-parts': [[2020]] } }]);
  });

  it('reads a type it does not know as a document', () => {
    expect(sourceFromCsl({ type: 'musical_score', title: 'A score' })).toEqual({ item: { type: 'document', title: 'A score' } });
  });

  it('skips an entry without a title, with the reason', () => {
    const read = readSources('@misc{a, author = {Doe, Jane}, year = {2000}}\n@misc{b, title = {Kept}}');
    expect(read.items.map((i) => i.title)).toEqual(['Kept']);
    expect(read.skipped).toHaveLength(1);
    expect(read.skipped[0]!.reason).toMatch(/title/);
  });

  it('says what it is not', () => {
    expect(() => readSources('')).toThrow('the file is empty');
    expect(() => readSources('Dear colleagues, here are my sources.')).toThrow(/not a BibTeX, RIS or CSL-JSON file/);
    expect(() => readSources('[{"type": ')).toThrow(/not a BibTeX, RIS or CSL-JSON file/);
  });
});
