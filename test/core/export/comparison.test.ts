import { beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { exportWorkspace, type ExportFormat } from '../../../core/export/index.js';
import { PASSAGE_STATUS_LABEL, crosswalkMatrix, passagesAsOf } from '../../../core/crosswalk/index.js';
import type { Annotation, Workspace } from '../../../core/index.js';
import { MEMO, NOTICE, ben, corpusWorkspace, passageIn } from '../../support/annotated-workspace.js';
import { pandocComments, squash } from './docx-reader.js';
import { needPandoc, pandoc } from './pandoc.js';
import { EO, EO_TITLE, eoAvailable, paperWorkspace } from './paper-workspace.js';

/*
 * A comparison says which document does what to which. The crosswalk reads every comparison as
 * "the later document <relation> the passage of the notice", whichever side it was written
 * from; every export must say the same sentence, for one written on the notice and for one
 * written on the later document (after Swap sides).
 */

const NOTICE_TITLE = 'Secure Communities';
type W3cBody = { purpose?: string; value?: string };
const body = async (ws: Workspace, format: ExportFormat) => (await exportWorkspace(ws.ydoc, 'secure-communities', format)).body;
const decode = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The sentence for a comparison between the notice and a later document, from the passages' own pinpoints. */
function expected(a: Annotation, laterTitle: string): string {
  if (a.kind !== 'comparison') throw new Error(`${a.id} is not a comparison`);
  const [later, notice] = a.passage.documentId === NOTICE ? [a.comparison.target, a.passage] : [a.passage, a.comparison.target];
  return `${laterTitle} (${later.pinpoint}) ${a.comparison.relation} ${NOTICE_TITLE} (${notice.pinpoint})`;
}

/** Each format's wording of the comparisons, as a reader of that format sees it. */
async function sentences(ws: Workspace, withPandoc: boolean): Promise<Record<string, string[]>> {
  const html = String(await body(ws, 'html'));
  const csv = Papa.parse<Record<string, string>>(String(await body(ws, 'csv')), { header: true, skipEmptyLines: true }).data;
  const w3c = JSON.parse(String(await body(ws, 'w3c'))).first.items as { body?: W3cBody | W3cBody[] }[];
  return {
    html: Array.from(html.matchAll(/<p class="relation">([\s\S]*?)<\/p>/g), (m) => squash(decode(m[1]!))),
    // Pandoc Markdown (footnotes with indented paragraphs), read by pandoc as a reader would.
    markdown: withPandoc ? [squash(pandoc(['-f', 'markdown', '-t', 'plain', '--wrap=none'], String(await body(ws, 'markdown'))))] : [],
    docx: withPandoc ? pandocComments((await body(ws, 'docx')) as Uint8Array).map((c) => c.body) : [],
    csv: csv.filter((r) => r.kind === 'comparison' && r.row_type === 'annotation').map((r) => r.comparison!),
    w3c: w3c.flatMap((i) => [i.body ?? []].flat().filter((b) => b.purpose === 'describing' && typeof b.value === 'string').map((b) => b.value!)),
    tei: [squash(decode(String(await body(ws, 'tei'))))],
  };
}

describe.skipIf(!eoAvailable)('a comparison in every export', () => {
  let ws: Workspace;
  let fromNotice: Annotation;
  let fromOrder: Annotation;
  beforeAll(() => {
    ({ ws } = paperWorkspace());
    const list = ws.annotations().list();
    fromNotice = list.find((a) => a.id === 'n5')!;
    fromOrder = list.find((a) => a.id === 'n6')!;
  });

  it('names the later document as the one acting, as the crosswalk does, from either side', () => {
    expect([fromNotice.passage.documentId, fromOrder.passage.documentId]).toEqual([NOTICE, EO]);
    const matrix = crosswalkMatrix(ws.documents(), ws.annotations().list())!;
    const entries = matrix.rows.flatMap((r) => r.entries);
    for (const a of [fromNotice, fromOrder]) {
      const entry = entries.find((e) => e.annotationId === a.id)!;
      expect(entry.documentId).toBe(EO);
      expect(entry.passage.documentId).toBe(NOTICE);
    }
  });

  it('reads the same way in the as-of view: the passage of the notice, by the later document', () => {
    const documents = ws.documents();
    const matrix = crosswalkMatrix(documents, ws.annotations().list())!;
    const eo = documents.find((d) => d.id === EO)!;
    const passages = passagesAsOf(matrix.rows, documents, eo.date);
    for (const a of [fromNotice, fromOrder]) {
      if (a.kind !== 'comparison') throw new Error(`${a.id} is not a comparison`);
      const notice = a.passage.documentId === NOTICE ? a.passage : a.comparison.target;
      // Each speaks for its own paragraph of the notice (they compare different ones), under its relation.
      const deciding = passages.filter((p) => p.decidedBy?.annotationId === a.id);
      expect(deciding.map((p) => p.pinpoint)).toEqual([notice.pinpoint]);
      expect(deciding[0]!.decidedBy!.documentId).toBe(EO);
      expect(PASSAGE_STATUS_LABEL[deciding[0]!.status]).toBe(PASSAGE_STATUS_LABEL[a.comparison.relation]);
    }
  });

  it('says the same sentence in HTML, CSV, W3C and TEI', async () => {
    const read = await sentences(ws, false);
    for (const a of [fromNotice, fromOrder]) {
      const sentence = expected(a, EO_TITLE);
      expect(read.html, 'html').toContain(`${sentence}.`);
      expect(read.csv, 'csv').toContain(sentence);
      expect(read.w3c, 'w3c').toContain(sentence);
      expect(read.tei[0], 'tei').toContain(`${sentence}.`);
    }
    // Nothing in any export says the notice acts on the order.
    expect(JSON.stringify(read)).not.toMatch(new RegExp(`${NOTICE_TITLE} \\(¶ \\d+\\) (contradicts|broadens)`));
  });

  it('says it in the Markdown and in the Word comment, as pandoc reads them', async ({ skip }) => {
    needPandoc(skip);
    const read = await sentences(ws, true);
    for (const a of [fromNotice, fromOrder]) {
      const sentence = `${expected(a, EO_TITLE)}.`;
      expect(read.markdown[0], 'markdown').toContain(sentence);
      expect(read.docx.some((c) => c.includes(sentence)), `docx ${a.id}`).toBe(true);
    }
    expect(JSON.stringify(read)).not.toMatch(new RegExp(`${NOTICE_TITLE} \\(¶ \\d+\\) (contradicts|broadens)`));
  });

  it('gives spreadsheets the acting and acted-on documents', async () => {
    const rows = Papa.parse<Record<string, string>>(String(await body(ws, 'csv')), { header: true, skipEmptyLines: true }).data;
    const row = (id: string) => rows.find((r) => r.annotation_id === id && r.row_type === 'annotation')!;
    expect([row('n5').acting_document, row('n5').acted_on_document]).toEqual([EO, NOTICE]);
    expect([row('n6').acting_document, row('n6').acted_on_document]).toEqual([EO, NOTICE]);
  });
});

describe('a comparison with a document dated before the notice', () => {
  it('still reads the later document of the corpus as the one acting, as the crosswalk does', async () => {
    // The fixture memo is dated November 2014, before the April 2015 notice, yet is read against it.
    const ws = corpusWorkspace();
    ws.annotations().create({ id: 'from-memo', author: ben, passage: passageIn(ws, MEMO, 'Secure Communities as we know it is discontinued'), content: { kind: 'comparison', body: '', tags: [], comparison: { relation: 'replaces', target: passageIn(ws, NOTICE, 'Secure Communities is a simple and common sense way') } } }, 'local');
    const a = ws.annotations().list()[0]!;
    const memoTitle = ws.documents().find((d) => d.id === MEMO)!.title;
    const csv = Papa.parse<Record<string, string>>(String(await body(ws, 'csv')), { header: true, skipEmptyLines: true }).data;
    expect(csv[0]!.comparison).toBe(expected(a, memoTitle));
    expect(crosswalkMatrix(ws.documents(), [a])!.rows[0]!.entries[0]!.documentId).toBe(MEMO);
  });
});
