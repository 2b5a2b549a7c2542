import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import Papa from 'papaparse';
import { DOMParser } from '@xmldom/xmldom';
import type { Annotation } from '../../../core/index.js';
import { exportWorkspace, type ExportFormat } from '../../../core/export/index.js';
import { importAnnotations } from '../../../core/import/index.js';
import { NOTICE, ana, annotatedWorkspace, corpusWorkspace, passageIn } from '../../support/annotated-workspace.js';
import { conformanceAvailable, validateCollection } from '../../support/w3c-validator.js';

const text = async (format: ExportFormat, filters = {}) => {
  const ws = annotatedWorkspace();
  return { ws, file: await exportWorkspace(ws.ydoc, 'secure-communities', format, filters) };
};

let counter = 0;
const newId = () => `imported-${++counter}`;

/** The fields a round trip must keep. People keep their names; an import never makes them members (see test/core/import). */
function essentials(a: Annotation) {
  return {
    kind: a.kind,
    body: a.body,
    tags: a.tags,
    author: a.author.name,
    created: a.created,
    status: a.status,
    document: a.passage.documentId,
    quote: a.passage.quote.exact,
    position: a.passage.position,
    category: a.kind === 'critique' ? a.category : undefined,
    citation: a.kind === 'citation' ? { ...a.citation, sourcePassage: undefined } : undefined,
    comparison: a.kind === 'comparison' ? { relation: a.comparison.relation, document: a.comparison.target.documentId, quote: a.comparison.target.quote.exact } : undefined,
    replies: a.replies.map((r) => ({ author: r.author.name, body: r.body, created: r.created })),
    reactions: a.reactions.map((r) => ({ by: r.by.name, reaction: r.reaction })),
  };
}

describe('W3C Web Annotation JSON-LD', () => {
  it('round-trips every kind: same words, same fields', async () => {
    const { ws, file } = await text('w3c');
    const fresh = corpusWorkspace();
    const report = importAnnotations(fresh, JSON.parse(String(file.body)), { newId });
    expect(report).toMatchObject({ format: 'w3c', anchored: 4, approximate: [], orphaned: [], skipped: [], replies: 2 });
    const sortByQuote = (list: Annotation[]) => list.map(essentials).sort((a, b) => a.quote.localeCompare(b.quote));
    expect(sortByQuote(fresh.annotations().list())).toEqual(sortByQuote(ws.annotations().list()));
    const people = fresh.annotations().list().flatMap((a) => [a.author, ...a.replies.map((r) => r.author), ...a.reactions.map((r) => r.by)]);
    expect(people.every((p) => /^external:[0-9a-f]{32}$/.test(p.id))).toBe(true);
  });

  it.skipIf(!conformanceAvailable)('validates against the W3C test suite’s MUST assertions', async () => {
    const { file } = await text('w3c');
    const collection = JSON.parse(String(file.body));
    expect(collection.first.items.length).toBe(6);
    expect(validateCollection(collection)).toEqual([]);
  });

  it('maps kinds to motivations, replies to replying, tags to tagging bodies, and dates the target', async () => {
    const { file } = await text('w3c');
    const items = JSON.parse(String(file.body)).first.items as Record<string, any>[];
    expect(items.map((i) => i.motivation).sort()).toEqual(['assessing', 'describing', 'linking', 'questioning', 'replying', 'replying']);
    const critique = items.find((i) => i.motivation === 'assessing')!;
    expect(critique.body.filter((b: any) => b.purpose === 'tagging').map((b: any) => b.value)).toEqual(['numbers', 'framing']);
    expect(critique.target.selector.map((s: any) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
    expect(critique.target.state).toEqual({ type: 'TimeState', sourceDate: '2015-04-24T00:00:00Z' });
    const comparison = items.find((i) => i.motivation === 'linking')!;
    expect(comparison.body.find((b: any) => b.purpose === 'linking').selector[0].exact).toBe('The FBI will continue to share the fingerprints');
    expect(items.filter((i) => i.motivation === 'replying').every((r) => r.target === critique.id)).toBe(true);
  });
});

describe('importing other tools’ annotations', () => {
  const hypothesis = [
    { id: 'h1', uri: 'https://www.ice.gov/secure-communities', text: 'A **big** number.', tags: ['numbers'], user: 'acct:carla@hypothes.is', user_info: { display_name: 'Carla' }, created: '2016-01-01T00:00:00Z', target: [{ source: 'https://www.ice.gov/secure-communities', selector: [{ type: 'TextQuoteSelector', exact: 'More than 283,000 convicted criminal aliens', prefix: '', suffix: ' have been removed' }] }] },
    // Captured from a slightly different copy of the page: found approximately.
    { id: 'h2', uri: 'https://www.ice.gov/secure-communities', text: 'Is this sensible?', tags: [], user: 'acct:dan@hypothes.is', created: '2016-01-02T00:00:00Z', target: [{ source: 'https://www.ice.gov/secure-communities', selector: [{ type: 'TextQuoteSelector', exact: 'ICE must set sensible priorities', prefix: 'Given this reality, ', suffix: '.' }] }] },
    { id: 'h3', uri: 'https://www.ice.gov/secure-communities', text: 'Gone from our copy.', tags: [], user: 'acct:dan@hypothes.is', target: [{ selector: [{ type: 'TextQuoteSelector', exact: 'a sentence no version of the notice contains at all', prefix: '', suffix: '' }] }] },
    { id: 'h4', uri: 'https://www.ice.gov/secure-communities', text: 'Agreed.', references: ['h1'], user: 'acct:dan@hypothes.is', target: [] },
  ];

  it('anchors Hypothesis annotations by quote, reports approximate and orphaned ones, keeps everything', () => {
    const ws = corpusWorkspace();
    hypothesis[1]!.target[0]!.selector![0]!.exact = 'ICE must set sensibel priorities';
    const report = importAnnotations(ws, hypothesis, { newId });
    expect(report.format).toBe('hypothesis');
    expect(report.anchored).toBe(1);
    expect(report.approximate).toEqual([{ id: expect.any(String), quote: 'ICE must set sensibel priorities', found: 'ICE must set sensible priorities' }]);
    expect(report.orphaned).toEqual([{ id: expect.any(String), quote: 'a sentence no version of the notice contains at all' }]);
    const all = ws.annotations().list();
    expect(all).toHaveLength(3);
    const carla = all.find((a) => a.author.name === 'Carla')!;
    expect(carla).toMatchObject({ kind: 'critique', body: 'A **big** number.', tags: ['numbers'], passage: { documentId: NOTICE } });
    expect(carla.replies.map((r) => r.body)).toEqual(['Agreed.']);
    expect(all.find((a) => a.body === 'Is this sensible?')!.kind).toBe('question');
  });

  it('refuses a file that is neither format, with a clear message, and changes nothing', () => {
    const ws = corpusWorkspace();
    expect(() => importAnnotations(ws, { type: 'Annotation', body: 'x' }, { newId })).toThrow(/not a W3C Web Annotation file: target/);
    expect(ws.annotations().size).toBe(0);
  });
});

describe('DOCX', () => {
  it('opens in a real parser, with Word comments on the exact ranges and threaded replies', async () => {
    const { file } = await text('docx');
    const bytes = file.body as Uint8Array;
    const { value: plain } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    expect(plain).toContain('Secure Communities imposes no new or additional requirements');

    const zip = await JSZip.loadAsync(bytes);
    const parse = async (name: string) => new DOMParser().parseFromString(await zip.file(name)!.async('string'), 'text/xml');
    const comments = await parse('word/comments.xml');
    const commentNodes = Array.from(comments.getElementsByTagName('w:comment'));
    expect(commentNodes).toHaveLength(6);
    expect(zip.file('word/commentsExtended.xml')).not.toBeNull();
    const extended = await zip.file('word/commentsExtended.xml')!.async('string');
    expect(extended.match(/w15:paraIdParent=/g)).toHaveLength(2);

    // The text between each comment's range start and end is the annotation's quote.
    const document = await zip.file('word/document.xml')!.async('string');
    const rangeText = (id: string) => {
      const between = new RegExp(`<w:commentRangeStart w:id="${id}"/>([\\s\\S]*?)<w:commentRangeEnd w:id="${id}"/>`).exec(document)![1]!;
      return Array.from(between.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g), (m) => m[1]).join('');
    };
    const authors = new Map(commentNodes.map((c) => [c.getAttribute('w:id')!, c.getAttribute('w:author')]));
    const quotes = ['283,000 convicted criminal aliens', 'convicted criminal aliens have been removed', 'the FBI automatically sends the fingerprints to DHS', '3,181 jurisdictions'];
    const ranges = Array.from(document.matchAll(/<w:commentRangeStart w:id="(\d+)"\/>/g), (m) => rangeText(m[1]!));
    // The critique's two replies are anchored on its passage too, so that readers other than Word list them.
    expect(ranges.sort()).toEqual([...quotes, '283,000 convicted criminal aliens', '283,000 convicted criminal aliens'].sort());
    expect(Array.from(authors.values())).toContain('Ben Brooks');
  });
});

describe('HTML', () => {
  it('is one self-contained file with highlights, numbered notes, threads, comparisons and a bibliography', async () => {
    const { ws, file } = await text('html');
    const html = String(file.body);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link |src="http/);
    expect(html).toContain('<mark class="hl hl-critique"');
    expect(html).toContain('id="note-1"');
    expect(html).toContain('ICE counts removals after any arrest.');
    // Which document does what to which: the memo, though dated first, is the later text of the corpus (as in the crosswalk).
    const relation = /<p class="relation">([\s\S]*?)<\/p>/.exec(html)![1]!.replace(/<[^>]*>/g, '');
    const comparison = ws.annotations().list().find((a) => a.kind === 'comparison')!;
    const pinpoint = (p: { pinpoint?: string }) => (p.pinpoint ? ` (${p.pinpoint})` : '');
    expect(relation).toBe(`Priority Enforcement Program (fixture)${comparison.kind === 'comparison' ? pinpoint(comparison.comparison.target) : ''} retains Secure Communities${pinpoint(comparison.passage)}.`);
    expect(html).toContain('The FBI will continue to share the fingerprints');
    expect(html).toContain('<section class="bibliography">');
    expect(html).toContain('@media print');
  });

  it('contains no executable markup from a script-bearing annotation', async () => {
    const ws = corpusWorkspace();
    ws.annotations().create({
      id: 'xss', author: { id: 'm', name: '<img src=x onerror=alert(1)>' }, passage: passageIn(ws, NOTICE, 'The Basics'),
      content: { kind: 'critique', body: '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) <a href="javascript:alert(4)">y</a>', tags: ['ok'] },
    }, 'local');
    const html = String((await exportWorkspace(ws.ydoc, 'secure-communities', 'html')).body);
    // No tag, attribute or link that could run: the hostile text only ever appears escaped.
    expect(html).not.toMatch(/<script|<img|href="javascript|<[^>]*\son\w+\s*=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the other formats', () => {
  it('Markdown has a Pandoc footnote for every annotation', async () => {
    const { file } = await text('markdown');
    const md = String(file.body);
    for (let n = 1; n <= 4; n++) {
      expect(md).toContain(`[^${n}]`);
      expect(md).toContain(`[^${n}]: `);
    }
    expect(md).toContain('Reply from Ben Brooks');
  });

  it('TEI is well-formed, with a standOff list pointing at anchors in the text', async () => {
    const { file } = await text('tei');
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level: string, message: string) => void (level !== 'warning' && errors.push(message)) }).parseFromString(String(file.body), 'text/xml');
    expect(errors).toEqual([]);
    const annotations = Array.from(doc.getElementsByTagName('annotation'));
    expect(annotations).toHaveLength(4);
    const anchors = new Set(Array.from(doc.getElementsByTagName('anchor')).map((a) => a.getAttribute('xml:id')));
    for (const a of annotations) for (const ref of a.getAttribute('target')!.split(' ')) expect(anchors.has(ref.slice(1))).toBe(true);
  });

  it('CSV has a row per annotation and per reply, and defuses spreadsheet formulas', async () => {
    const ws = annotatedWorkspace();
    ws.annotations().create({ id: 'formula', author: ana, passage: passageIn(ws, NOTICE, 'The Basics'), content: { kind: 'question', body: '=HYPERLINK("http://x")', tags: [] } }, 'local');
    const csv = String((await exportWorkspace(ws.ydoc, 'secure-communities', 'csv')).body);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.filter((r) => r.row_type === 'annotation')).toHaveLength(5);
    expect(parsed.data.filter((r) => r.row_type === 'reply')).toHaveLength(2);
    expect(parsed.data.find((r) => r.annotation_id === 'formula')!.body).toBe('\'=HYPERLINK("http://x")');
  });

  it('BibTeX and CSL-JSON hold the cited sources', async () => {
    const bib = String((await text('bibtex')).file.body);
    expect(bib).toMatch(/@techreport\{/);
    expect(bib).toContain('title = {{Secure Communities: Activated Jurisdictions}}');
    const csl = JSON.parse(String((await text('csl-json')).file.body));
    expect(csl).toEqual([expect.objectContaining({ type: 'report', title: 'Secure Communities: Activated Jurisdictions' })]);
  });

  it('filters by kind, author, tag and status, and anonymises authors', async () => {
    const onlyBen = JSON.parse(String((await text('w3c', { authors: ['ben'] })).file.body)).first.items;
    expect(onlyBen.filter((i: any) => i.motivation !== 'replying').map((i: any) => i.creator.name)).toEqual(['Ben Brooks', 'Ben Brooks']);
    const critiques = JSON.parse(String((await text('w3c', { kinds: ['critique'] })).file.body)).first.items;
    expect(critiques.filter((i: any) => i.motivation !== 'replying')).toHaveLength(1);
    const resolved = JSON.parse(String((await text('w3c', { status: 'resolved' })).file.body)).first.items;
    expect(resolved.map((i: any) => i.motivation)).toEqual(['questioning']);
    const tagged = JSON.parse(String((await text('w3c', { tags: ['fingerprints'] })).file.body)).first.items;
    expect(tagged.map((i: any) => i.motivation)).toEqual(['linking']);
    const anonymous = String((await text('html', { anonymise: true })).file.body);
    expect(anonymous).not.toMatch(/Ana Alvarez|Ben Brooks/);
    expect(anonymous).toContain('Participant 1');
  });
});
