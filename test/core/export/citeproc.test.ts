import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CslItem } from '../../../core/index.js';
import { exportWorkspace } from '../../../core/export/index.js';
import { CSL_STYLE_XML } from '../../../core/citations/csl-styles.js';
import { CitationStyle, formatReference } from '../../../core/citations/index.js';
import { NOTICE, ana, corpusWorkspace, passageIn } from '../../support/annotated-workspace.js';
import { needPandoc, pandoc } from './pandoc.js';

/*
 * A researcher who writes with pandoc cites from our BibTeX or CSL-JSON with the same style the
 * workspace uses: `pandoc --citeproc` must print the very references the app shows, each address
 * once (it printed one twice, once broken, when the URL was also in `howpublished`). BibTeX has
 * no field pandoc reads as a case's court (CSL `authority`), so a case is compared through
 * CSL-JSON, in APA: in title-case styles pandoc's citeproc capitalises short prepositions
 * ("Against") that citeproc-js leaves, which BibTeX's protected titles avoid and CSL-JSON cannot.
 */

const SOURCES: CslItem[] = [
  { type: 'article-journal', title: 'The Case against Secure Communities', author: [{ family: 'Kalhan', given: 'Anil' }], 'container-title': 'Ohio State Law Journal', volume: '74', issue: '6', page: '1105-1165', issued: { 'date-parts': [[2013]] }, DOI: '10.1234/abc_def' },
  { type: 'report', title: 'Operations of ICE’s Secure Communities', author: [{ literal: 'U.S. Department of Homeland Security, Office of Inspector General' }], number: 'OIG-12-64', publisher: 'U.S. Department of Homeland Security', issued: { 'date-parts': [[2012, 4]] }, URL: 'https://www.oig.dhs.gov/assets/Mgmt/2012/OIG_12-64_Apr12.pdf' },
  { type: 'book', title: 'Crimmigration Law', author: [{ family: 'García Hernández', given: 'César Cuauhtémoc' }], publisher: 'American Bar Association', issued: { 'date-parts': [[2015]] } },
  { type: 'legislation', title: 'Executive Order 14159, Protecting the American People Against Invasion', 'container-title': 'Fed. Reg.', volume: '90', page: '8443', issued: { 'date-parts': [[2025, 1, 20]] } },
  { type: 'legal_case', title: 'Galarza v. Szalczyk', authority: 'U.S. Court of Appeals for the Third Circuit', 'container-title': 'F.3d', volume: '745', page: '634', issued: { 'date-parts': [[2014]] } },
  { type: 'webpage', title: 'Secure Communities', author: [{ literal: 'U.S. Immigration and Customs Enforcement' }], URL: 'https://www.ice.gov/secure_communities', issued: { 'date-parts': [[2015, 4, 24]] } },
];

const STYLES: CitationStyle[] = ['apa', 'chicago-author-date', 'chicago-note-bibliography', 'modern-language-association'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosswalk-citeproc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function bibliography(format: 'bibtex' | 'csl-json', sources: CslItem[]): Promise<string> {
  const ws = corpusWorkspace();
  sources.forEach((source, i) => {
    ws.annotations().create({ id: `c${i}`, author: ana, passage: passageIn(ws, NOTICE, '3,181 jurisdictions'), content: { kind: 'citation', body: '', tags: [], citation: { source } } }, 'local');
  });
  return String((await exportWorkspace(ws.ydoc, 'secure-communities', format)).body);
}

/** The references pandoc prints from an exported bibliography in a style, a line each. */
async function citeproc(format: 'bibtex' | 'csl-json', sources: CslItem[], style: CitationStyle): Promise<string[]> {
  const bib = path.join(dir, format === 'bibtex' ? 'sources.bib' : 'sources.json');
  const csl = path.join(dir, `${style}.csl`);
  fs.writeFileSync(bib, await bibliography(format, sources));
  fs.writeFileSync(csl, CSL_STYLE_XML[style]);
  return pandoc(['--citeproc', `--bibliography=${bib}`, `--csl=${csl}`, '-f', 'markdown', '-t', 'plain', '--wrap=none'], '---\nnocite: "@*"\n---\n')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

describe('the bibliography exports through pandoc --citeproc', () => {
  for (const style of STYLES) {
    for (const format of style === 'apa' ? (['bibtex', 'csl-json'] as const) : (['bibtex'] as const)) {
      it(`prints the app’s references in ${style} from ${format}`, async ({ skip }) => {
        needPandoc(skip);
        const sources = format === 'bibtex' ? SOURCES.filter((s) => s.type !== 'legal_case') : SOURCES;
        const printed = await citeproc(format, sources, style);
        expect([...printed].sort()).toEqual(sources.map((s) => formatReference(s, style)).sort());
        const all = printed.join('\n');
        for (const source of sources.filter((s) => s.URL)) expect(all.split(source.URL!).length - 1, source.URL).toBe(1);
      });
    }
  }
});
