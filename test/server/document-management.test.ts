import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextIndex, describePassage, pmPos, resolvePassage, type DocumentMeta, type Passage } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
/** A member reading along: every change must reach them over the wire. */
let reader: TestClient;
/** An annotator who writes annotations over their own connection, as the app does. */
let ana: TestClient;
const anaPerson = { id: 'ana', name: 'Ana' };
const tokens: Record<string, string> = {};
/** The web a corrected text is fetched from (on loopback, which FETCH_ALLOW lets the server reach). */
let web: http.Server;
let webUrl: string;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir, { fetchAllow: ['127.0.0.1'] });
  web = http.createServer((req, res) => {
    if (req.url === '/corrected.txt') return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('The agency shares fingerprints with the department when a person is booked.\n\nA last paragraph, fetched.\n');
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
  for (const [role, name] of [['owner', 'Olga'], ['editor', 'Eddie'], ['annotator', 'Ana'], ['viewer', 'Vic']] as const) tokens[role] = server.credentials.createBearerToken(WORKSPACE, role, name);
  reader = connectClient(server.url, WORKSPACE, tokens.viewer!);
  ana = connectClient(server.url, WORKSPACE, tokens.annotator!);
  await Promise.all([synced(reader), synced(ana)]);
});
afterAll(async () => {
  reader.destroy();
  ana.destroy();
  await server.close();
  await new Promise((resolve) => web.close(resolve));
  data.cleanup();
});

type Role = 'owner' | 'editor' | 'annotator' | 'viewer';
const api = (role: Role, method: string, route: string, body?: unknown, contentType = 'application/json') =>
  fetch(`${server.url}/api/workspaces/${WORKSPACE}/${route}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role]}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const answer = async (response: Response) => [response.status, await response.json()] as const;

/** Adds a pasted document as `role` and waits until the reader has it. */
async function addDocument(title: string, date: string, content: string): Promise<string> {
  const [status, body] = await answer(await api('editor', 'POST', 'documents', { title, date, format: 'text', content }));
  expect(status).toBe(201);
  await whenDoc(reader.ydoc, () => reader.workspace.document(body.id)?.imported === true);
  await whenDoc(ana.ydoc, () => new TextIndex(ana.workspace.documentText(body.id)).text.length > 0);
  return body.id as string;
}

function passage(client: TestClient, documentId: string, quote: string): Passage {
  const index = new TextIndex(client.workspace.documentText(documentId));
  const start = index.text.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in ${documentId}`);
  const from = index.pmOfText(start as never)!;
  return describePassage(documentId, index, from, pmPos(from + quote.length))!;
}

/** Where an annotation stands for the reader now: its health, the words it covers, its pinpoint. */
function standing(id: string): { health: string; text?: string; pinpoint?: string } {
  const a = reader.workspace.annotations().get(id)!;
  const resolved = resolvePassage(reader.ydoc, new TextIndex(reader.workspace.documentText(a.passage.documentId)), a.passage);
  return resolved.health === 'orphan' ? { health: 'orphan' } : { health: resolved.health, text: resolved.text, pinpoint: a.passage.pinpoint };
}

const audit = (action: string) => server.accounts.auditLog(WORKSPACE).filter((e) => e.action === action);
const facts = (meta: DocumentMeta, changes: Record<string, unknown>) => {
  const { id: _i, locked: _l, imported: _m, order: _o, retrieved: _r, checksum: _c, capture: _p, ...rest } = meta;
  return { ...rest, ...changes };
};

describe('correcting a document’s facts and relations', () => {
  it('an editor gives a new document its issuer, type and a dated relation; every reader sees it; the audit log says which fields', async () => {
    const id = await addDocument('Ending the program', '2019-05-01', 'The program ends on the first of June.');
    const before = reader.workspace.document(id)!;
    expect(before).toMatchObject({ type: 'document', relations: [] });
    const relation = { kind: 'replaces', targets: [NOTICE], note: 'Ends the program the notice describes.', date: '2019-06-01' };
    const [status, body] = await answer(await api('editor', 'PUT', `documents/${id}`, facts(before, { issuer: 'A test agency', type: 'memorandum', relations: [relation] })));
    expect([status, body.changed]).toEqual([200, ['issuer', 'type', 'relations']]);
    await whenDoc(reader.ydoc, () => reader.workspace.document(id)?.issuer === 'A test agency');
    expect(reader.workspace.document(id)).toMatchObject({ issuer: 'A test agency', type: 'memorandum', relations: [relation], locked: true, checksum: before.checksum, capture: before.capture });
    expect(audit('document.edited')[0]!.detail).toEqual({ role: 'editor', document: id, fields: 'issuer, type, relations' });
  });

  it('clears an optional fact left out, and changes nothing (nor audits) when nothing differs', async () => {
    const meta = reader.workspace.document('eo-14159')!;
    expect(meta.citation).toBeDefined();
    const { citation: _c, ...without } = facts(meta, {});
    const [status, body] = await answer(await api('owner', 'PUT', 'documents/eo-14159', without));
    expect([status, body.changed]).toEqual([200, ['citation']]);
    await whenDoc(reader.ydoc, () => reader.workspace.document('eo-14159')!.citation === undefined);
    const edits = audit('document.edited').length;
    const [again, same] = await answer(await api('owner', 'PUT', 'documents/eo-14159', without));
    expect([again, same.changed]).toEqual([200, []]);
    expect(audit('document.edited').length).toBe(edits);
  });

  it('refuses relations to unknown documents or to itself, one taking effect before its document, and bad facts; nothing changes', async () => {
    const meta = reader.workspace.document('eo-13993')!;
    const edits = audit('document.edited').length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ relations: [{ kind: 'revokes', targets: ['eo-99999'], note: '' }] }, /no document “eo-99999”/],
      [{ relations: [{ kind: 'revokes', targets: ['eo-13993'], note: '' }] }, /cannot act on itself/],
      [{ relations: [{ kind: 'revokes', targets: ['eo-13768'], note: '', date: '2020-12-31' }] }, /before the document is dated/],
      [{ relations: [{ kind: 'revokes', targets: [], note: '' }] }, /name the documents it acts on/],
      [{ date: '20 January 2021' }, /date: a date must look like/],
      [{ title: '   ' }, /title/],
      [{ sourceUrl: 'javascript:alert(1)' }, /sourceUrl/],
    ];
    for (const [changes, error] of cases) {
      const [status, body] = await answer(await api('owner', 'PUT', 'documents/eo-13993', facts(meta, changes)));
      expect([status, body.error]).toEqual([400, expect.stringMatching(error)]);
    }
    expect(reader.workspace.document('eo-13993')).toEqual(meta);
    expect(audit('document.edited').length).toBe(edits);
  });

  it('refuses annotators and viewers, and answers 404 for a document that is not there', async () => {
    const meta = reader.workspace.document('eo-13993')!;
    for (const role of ['annotator', 'viewer'] as const) {
      const [status, body] = await answer(await api(role, 'PUT', 'documents/eo-13993', facts(meta, { issuer: 'Someone else' })));
      expect([status, body.error]).toEqual([403, 'only owners and editors can manage documents']);
    }
    expect((await api('owner', 'PUT', 'documents/no-such-thing', facts(meta, {}))).status).toBe(404);
    expect(reader.workspace.document('eo-13993')).toEqual(meta);
  });
});

const FIRST_COPY = [
  'The agency shares fingerprints with the department when a person is booked.',
  'Local jurisdictions cannot opt out of the program after it is activated in their state.',
  'This paragraph is a transcription error and is dropped from the corrected text.',
  'Transfers are limited to people convicted of serious crimes.',
].join('\n\n');
const CORRECTED = [
  'A paragraph the first copy left out, which moves every pinpoint by one.',
  'The agency shares fingerprints with the department when a person is booked.',
  'Local jurisdictions cannot opt out of the programme after it is activated in their state.',
  'Transfers are limited to people convicted of serious crimes.',
].join('\n\n');

describe('replacing a text with a corrected one', () => {
  let id: string;
  beforeAll(async () => {
    id = await addDocument('A transcribed memo', '2016-02-01', FIRST_COPY);
    const store = ana.workspace.annotations();
    const critique = (annotationId: string, quote: string) => store.create({ id: annotationId, author: anaPerson, passage: passage(ana, id, quote), content: { kind: 'critique', body: 'Check this.', tags: [] } }, 'local');
    critique('on-moved', 'shares fingerprints with the department');
    critique('on-reworded', 'cannot opt out of the program after it is activated');
    critique('on-dropped', 'a transcription error');
    critique('on-last', 'people convicted of serious crimes');
    store.create({ id: 'compared-into-it', author: anaPerson, passage: passage(ana, NOTICE, 'the FBI automatically sends the fingerprints to DHS'), content: { kind: 'comparison', body: '', tags: [], comparison: { relation: 'retains', target: passage(ana, id, 'shares fingerprints with the department') } } }, 'local');
    await whenDoc(reader.ydoc, () => reader.workspace.annotations().get('compared-into-it') !== undefined);
    expect(standing('on-moved')).toEqual({ health: 'attached', text: 'shares fingerprints with the department', pinpoint: '¶ 1' });
  });

  it('an editor cannot replace a locked source text, by any way; annotators and viewers not at all; nothing changes', async () => {
    const text = new TextIndex(reader.workspace.documentText(id)).text;
    const cases: [Role, RegExp][] = [['editor', /locked source text: only owners may replace it/], ['annotator', /only owners and editors/], ['viewer', /only owners and editors/]];
    for (const [role, error] of cases) {
      for (const response of [await api(role, 'POST', `documents/${id}/text?paste=1`, CORRECTED, 'text/plain'), await api(role, 'POST', `documents/${id}/text/fetch`, { url: 'https://example.org/memo.txt' })]) {
        expect(await answer(response)).toEqual([403, { error: expect.stringMatching(error) }]);
      }
    }
    expect(new TextIndex(reader.workspace.documentText(id)).text).toBe(text);
    expect(audit('document.replaced')).toEqual([]);
  });

  it('an owner replaces it: each annotation is found again by its quote, the report says how, everyone sees the new text and the moved highlights', async () => {
    const before = reader.workspace.document(id)!;
    const [status, body] = await answer(await api('owner', 'POST', `documents/${id}/text?paste=1`, CORRECTED, 'text/plain'));
    expect(status).toBe(200);
    expect(body.report).toEqual({
      exact: 3,
      approximate: [{ annotationId: 'on-reworded', quote: 'cannot opt out of the program after it is activated', found: expect.stringContaining('programme') }],
      orphaned: [{ annotationId: 'on-dropped', quote: 'a transcription error' }],
    });
    await whenDoc(reader.ydoc, () => new TextIndex(reader.workspace.documentText(id)).text === CORRECTED.replace(/\n\n/g, '\n'));
    await whenDoc(reader.ydoc, () => reader.workspace.annotations().get('on-moved')!.passage.pinpoint === '¶ 2');

    expect(standing('on-moved')).toEqual({ health: 'attached', text: 'shares fingerprints with the department', pinpoint: '¶ 2' });
    expect(standing('on-reworded')).toMatchObject({ health: 'attached', text: expect.stringContaining('programme'), pinpoint: '¶ 3' });
    expect(reader.workspace.annotations().get('on-reworded')!.history.map((h) => h.passage.quote.exact)).toEqual(['cannot opt out of the program after it is activated']);
    expect(standing('on-dropped')).toEqual({ health: 'orphan' });
    expect(reader.workspace.annotations().get('on-dropped')!.passage.quote.exact).toBe('a transcription error');
    expect(standing('on-last')).toEqual({ health: 'attached', text: 'people convicted of serious crimes', pinpoint: '¶ 4' });
    // The comparison written on the notice follows its far passage into the new text.
    const target = reader.workspace.annotations().get('compared-into-it')!;
    expect(target.kind === 'comparison' && target.comparison.target).toMatchObject({ documentId: id, pinpoint: '¶ 2', quote: { exact: 'shares fingerprints with the department' } });

    const after = reader.workspace.document(id)!;
    expect(after.checksum).not.toBe(before.checksum);
    expect(after.capture).toMatch(new RegExp(`^Pasted by Olga on \\d{4}-\\d{2}-\\d{2}\\. It replaces the text brought in on ${before.retrieved!.slice(0, 10)} \\(SHA-256 ${before.checksum!.slice(0, 12)}…\\)\\.$`));
    expect(after).toMatchObject({ title: before.title, locked: true, imported: true });
    expect(audit('document.replaced')[0]!.detail).toEqual({ role: 'owner', document: id, format: 'text', via: 'paste', checksum: after.checksum, exact: 3, approximate: 1, orphaned: 1 });
  });

  it('refuses the very same text again, an empty one, and a document with no text yet', async () => {
    expect(await answer(await api('owner', 'POST', `documents/${id}/text?paste=1`, CORRECTED, 'text/plain'))).toEqual([409, { error: expect.stringContaining('same SHA-256') }]);
    expect(await answer(await api('owner', 'POST', `documents/${id}/text?paste=1`, '', 'text/plain'))).toEqual([400, { error: 'the text is empty' }]);
    expect(await answer(await api('owner', 'POST', 'documents/eo-14159/text?paste=1', 'Some text.', 'text/plain'))).toEqual([409, { error: expect.stringContaining('has no text yet') }]);
    expect(audit('document.replaced').length).toBe(1);
  });

  it('takes an uploaded file as the corrected text, read as any upload is; what was detached stays detached', async () => {
    const file = '---\ntitle: Ignored on a replacement\ndate: 1999-01-01\ntype: memorandum\n---\n\nThe agency shares fingerprints with the department when a person is booked.\n\nTransfers are limited to people convicted of serious crimes.\n';
    const [status, body] = await answer(await api('owner', 'POST', `documents/${id}/text?fileName=memo.md`, file, 'text/markdown'));
    expect([status, body.report.exact, body.report.orphaned.map((o: { annotationId: string }) => o.annotationId).sort()]).toEqual([200, 3, ['on-dropped', 'on-reworded']]);
    await whenDoc(reader.ydoc, () => reader.workspace.document(id)!.capture!.startsWith('Uploaded memo.md by Olga'));
    expect(reader.workspace.document(id)!.title).toBe('A transcribed memo');
    expect(standing('on-moved')).toMatchObject({ health: 'attached', pinpoint: '¶ 1' });
  });

  it('fetches the corrected text from the web, recording the address; a page that is not there changes nothing', async () => {
    const missing = await answer(await api('owner', 'POST', `documents/${id}/text/fetch`, { url: `${webUrl}/gone.txt` }));
    expect(missing).toEqual([422, { error: expect.stringMatching(/answered 404/) }]);
    const url = `${webUrl}/corrected.txt`;
    const [status, body] = await answer(await api('owner', 'POST', `documents/${id}/text/fetch`, { url }));
    expect([status, body.report.exact]).toEqual([200, 2]);
    await whenDoc(reader.ydoc, () => reader.workspace.document(id)!.sourceUrl === url);
    expect(reader.workspace.document(id)!.capture).toMatch(/^Fetched from .*corrected\.txt by Olga on /);
    expect(new TextIndex(reader.workspace.documentText(id)).text).toContain('A last paragraph, fetched.');
    expect(audit('document.replaced')[0]!.detail).toMatchObject({ via: 'url', url, exact: 2 });
  });
});

describe('removing a document', () => {
  it('shows what removing it would touch: its annotations, comparisons into it, documents that name it, and who may', async () => {
    const [status, body] = await answer(await api('editor', 'GET', 'documents/eo-13768'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ annotations: 0, comparisons: 0, referencedBy: [{ id: 'memo-2017-02-20-enforcement' }, { id: 'eo-13993' }], refusals: { edit: null, replace: expect.stringContaining('only owners'), remove: null } });
  });

  it('an editor removes a catalogue entry with no text; the documents that named it no longer do', async () => {
    const [status, body] = await answer(await api('editor', 'DELETE', 'documents/eo-13768?annotations=keep'));
    expect([status, body]).toEqual([200, { removed: 'eo-13768', annotations: 'kept', onText: 0, comparisons: 0, relationsUpdated: ['memo-2017-02-20-enforcement', 'eo-13993'] }]);
    await whenDoc(reader.ydoc, () => reader.workspace.document('eo-13768') === undefined);
    // The revocation kept its note; the Kelly memo's "implements" had only that target and its note.
    expect(reader.workspace.document('eo-13993')!.relations).toEqual([{ kind: 'revokes', targets: [], note: 'Revokes EO 13768.' }]);
    expect(reader.workspace.document('memo-2017-02-20-enforcement')!.relations.map((r) => r.kind)).toEqual(['implements', 'rescinds']);
    expect(audit('document.removed')[0]!.detail).toEqual({ role: 'editor', document: 'eo-13768', title: expect.stringContaining('Executive Order 13768'), annotations: 'kept', count: 0, relationsUpdated: 'memo-2017-02-20-enforcement, eo-13993' });
  });

  it('an editor cannot remove a locked source text, annotators and viewers nothing, and the choice about annotations must be said', async () => {
    const id = await addDocument('A memo nobody may remove lightly', '2018-03-01', 'Its only paragraph.');
    for (const [role, status, error] of [['editor', 403, /locked source text: only owners may remove it/], ['annotator', 403, /only owners and editors/], ['viewer', 403, /only owners and editors/], ['owner', 400, /annotations=keep or annotations=remove/]] as const) {
      const response = await api(role, 'DELETE', `documents/${id}${role === 'owner' ? '' : '?annotations=remove'}`);
      expect(await answer(response)).toEqual([status, { error: expect.stringMatching(error) }]);
    }
    expect(reader.workspace.document(id)).toBeDefined();
  });

  it('an owner removes a text keeping its annotations: they stay, detached, with their quotes, comparisons into it too', async () => {
    const id = await addDocument('A memo to remove, keeping the notes', '2018-04-01', 'A paragraph worth a question.\n\nAnother paragraph.');
    ana.workspace.annotations().create({ id: 'kept-question', author: anaPerson, passage: passage(ana, id, 'worth a question'), content: { kind: 'question', body: 'Why?', tags: [] } }, 'local');
    ana.workspace.annotations().create({ id: 'kept-comparison', author: anaPerson, passage: passage(ana, NOTICE, 'the FBI automatically sends the fingerprints to DHS'), content: { kind: 'comparison', body: '', tags: [], comparison: { relation: 'related', target: passage(ana, id, 'Another paragraph') } } }, 'local');
    await whenDoc(reader.ydoc, () => reader.workspace.annotations().get('kept-comparison') !== undefined);
    expect((await answer(await api('owner', 'GET', `documents/${id}`)))[1]).toMatchObject({ annotations: 1, comparisons: 1 });

    const [status, body] = await answer(await api('owner', 'DELETE', `documents/${id}?annotations=keep`));
    expect([status, body]).toEqual([200, { removed: id, annotations: 'kept', onText: 1, comparisons: 1, relationsUpdated: [] }]);
    await whenDoc(reader.ydoc, () => reader.workspace.document(id) === undefined);
    expect(reader.workspace.documentText(id).length).toBe(0);
    expect(reader.workspace.annotations().get('kept-question')).toMatchObject({ deleted: false, passage: { documentId: id, quote: { exact: 'worth a question' } } });
    expect(standing('kept-question')).toEqual({ health: 'orphan' });
    expect(reader.workspace.annotations().get('kept-comparison')!.deleted).toBe(false);
    expect(audit('document.removed')[0]!.detail).toMatchObject({ role: 'owner', document: id, annotations: 'kept', count: 2 });
  });

  it('an owner removes a text with its annotations: they are deleted for everyone, comparisons into it too', async () => {
    const id = await addDocument('A memo to remove with its notes', '2018-05-01', 'A paragraph with a critique.');
    ana.workspace.annotations().create({ id: 'gone-critique', author: anaPerson, passage: passage(ana, id, 'with a critique'), content: { kind: 'critique', body: 'Wrong.', tags: [] } }, 'local');
    ana.workspace.annotations().create({ id: 'gone-comparison', author: anaPerson, passage: passage(ana, NOTICE, 'the FBI automatically sends the fingerprints to DHS'), content: { kind: 'comparison', body: '', tags: [], comparison: { relation: 'narrows', target: passage(ana, id, 'A paragraph') } } }, 'local');
    await whenDoc(reader.ydoc, () => reader.workspace.annotations().get('gone-comparison') !== undefined);

    const [status, body] = await answer(await api('owner', 'DELETE', `documents/${id}?annotations=remove`));
    expect([status, body.annotations, body.onText + body.comparisons]).toEqual([200, 'removed', 2]);
    await whenDoc(reader.ydoc, () => reader.workspace.annotations().get('gone-comparison')!.deleted);
    expect(reader.workspace.annotations().get('gone-critique')!.deleted).toBe(true);
    expect(reader.workspace.document(id)).toBeUndefined();
    expect(audit('document.removed')[0]!.detail).toMatchObject({ role: 'owner', document: id, annotations: 'removed', count: 2 });
    // The annotator's own connection converged on the same state, and is still allowed to write.
    await whenDoc(ana.ydoc, () => ana.workspace.annotations().get('gone-critique')?.deleted === true);
    expect(ana.provider.wsconnected).toBe(true);
  });
});
