import { describe, expect, it } from 'vitest';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import type { CslItem } from '../../../core/index.js';
import { exportWorkspace } from '../../../core/export/index.js';
import { NOTICE, ana, corpusWorkspace, passageIn } from '../../support/annotated-workspace.js';

/*
 * The library out to a reference manager: RIS (what Zotero, EndNote and Mendeley read) and
 * CSL-JSON, of the cited sources or of the whole library, read back by citation-js as a second
 * parser. A line break in a field cannot start a RIS tag of its own.
 */

const CITED: CslItem = { type: 'article-journal', title: 'The Case against Secure Communities', author: [{ family: 'Kalhan', given: 'Anil' }], 'container-title': 'Ohio State Law Journal', volume: '74', issue: '6', page: '1105-1165', issued: { 'date-parts': [[2013]] }, DOI: '10.2139/ssrn.2231239' };
const SHELVED: CslItem = { type: 'report', title: 'Operations of ICE’s Secure Communities\nTY  - JOUR\nTI  - Injected', author: [{ family: 'Doe', given: 'Jane' }], publisher: 'U.S. Department of Homeland Security', number: 'OIG-12-64', issued: { 'date-parts': [[2012, 4]] }, URL: 'https://www.oig.dhs.gov/x.pdf' };

function workspace() {
  const ws = corpusWorkspace();
  const [cited] = ws.library().add([CITED, SHELVED], ana, 'local');
  ws.annotations().create({ id: 'c1', author: ana, passage: passageIn(ws, NOTICE, '3,181 jurisdictions'), content: { kind: 'citation', body: '', tags: [], citation: { source: CITED, sourceId: cited!.id } } }, 'local');
  return ws;
}

const exported = async (format: 'ris' | 'csl-json', sources?: 'library') => String((await exportWorkspace(workspace().ydoc, 'secure-communities', format, sources ? { sources } : {})).body);

describe('the library as RIS and CSL-JSON', () => {
  it('writes the cited sources as RIS that citation-js reads back', async () => {
    const back = new Cite(await exported('ris')).data as Record<string, unknown>[];
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ type: 'article-journal', title: CITED.title, volume: '74', issue: '6', page: '1105-1165', DOI: CITED.DOI, 'container-title': 'Ohio State Law Journal', author: [{ family: 'Kalhan', given: 'Anil' }] });
  });

  it('writes the whole library when asked, and a line break cannot add a record or a tag', async () => {
    const ris = await exported('ris', 'library');
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(2);
    expect(ris).not.toMatch(/^TI {2}- Injected/m);
    const back = new Cite(ris).data as Record<string, unknown>[];
    expect(back.map((b) => b.title).sort()).toEqual([CITED.title, 'Operations of ICE’s Secure Communities TY - JOUR TI - Injected'].sort());
    const report = back.find((b) => b.type === 'report')!;
    expect(report).toMatchObject({ publisher: SHELVED.publisher, number: 'OIG-12-64', URL: SHELVED.URL });
  });

  it('writes CSL-JSON of the library that citation-js reads as the same items', async () => {
    const json = JSON.parse(await exported('csl-json', 'library')) as Record<string, unknown>[];
    const back = new Cite(json).data as Record<string, unknown>[];
    expect(back.map((b) => b.title).sort()).toEqual([CITED.title, SHELVED.title].sort());
  });
});
