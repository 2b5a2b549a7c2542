import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TextIndex, describePassage, pmPos, type Annotation, type Passage } from '../../core/index.js';
import type { ImportListing, ImportPreview, ImportReport, UndoReport } from '../../core/import/index.js';
import { exportWorkspace } from '../../core/export/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';
import { annotatedWorkspace } from '../support/annotated-workspace.js';

/*
 * Imports with a safety net, over real connections: a preview writes nothing, importing what is
 * here already adds nothing, and undoing an import takes away exactly what it added, which the
 * stock provider clients see as it happens.
 */

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const SOURCE = 'https://www.ice.gov/secure-communities';

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let ana: TestClient;
let watcher: TestClient;
const anaPerson = { id: 'ana', name: 'Ana' };

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  ana = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'annotator', 'Ana'));
  watcher = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Watcher'));
  await Promise.all([synced(ana), synced(watcher)]);
});

afterAll(async () => {
  ana.destroy();
  watcher.destroy();
  await server.close();
  data.cleanup();
});

const token = (role: string, name: string) => server.credentials.createBearerToken(WORKSPACE, role as never, name);
const owner = () => token('owner', 'Olive');
const editor = () => token('editor', 'Eddie');

async function call<T>(path: string, bearer: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}/api/workspaces/${WORKSPACE}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${bearer}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const preview = (file: unknown, bearer = editor()) => call<ImportPreview>('/import?preview=1', bearer, { method: 'POST', body: file });
const importFile = (file: unknown, bearer = editor()) => call<ImportReport>('/import', bearer, { method: 'POST', body: file });
const undo = (importId: string, bearer = editor()) => call<UndoReport>(`/imports/${importId}/undo`, bearer, { method: 'POST' });
const listed = async (importId: string) => (await call<{ imports: ImportListing[] }>('/imports', owner())).body.imports.find((i) => i.importId === importId);

function passage(quote: string): Passage {
  const index = new TextIndex(ana.workspace.documentText(NOTICE));
  const from = index.pmOfText(index.text.indexOf(quote) as never)!;
  return describePassage(NOTICE, index, from, pmPos(from + quote.length))!;
}

const live = (client: TestClient): Annotation[] => client.workspace.annotations().list().filter((a) => !a.deleted);
const liveReplies = (a: Annotation | undefined) => (a?.replies ?? []).filter((r) => !r.deleted).map((r) => r.body);
const byId = (client: TestClient, id: string) => client.workspace.annotations().get(id);
// What the server holds, as a state vector: unchanged means nothing was written.
const serverState = () => Buffer.from(Y.encodeStateVector(server.sync.room(WORKSPACE)!.ydoc));

async function ownExport(): Promise<{ first: { items: Record<string, unknown>[] } }> {
  const response = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/export?format=w3c`, { headers: { authorization: `Bearer ${owner()}` } });
  return (await response.json()) as { first: { items: Record<string, unknown>[] } };
}

function hypothesis(rows: { id: string; text: string; quote?: string; references?: string[]; user?: string }[]) {
  return rows.map((r) => ({
    id: r.id,
    uri: SOURCE,
    text: r.text,
    tags: [],
    user: r.user ?? 'acct:carla@hypothes.is',
    user_info: { display_name: r.user ? r.user.replace(/^acct:|@.*$/g, '') : 'Carla' },
    created: '2016-01-01T00:00:00Z',
    ...(r.references ? { references: r.references, target: [] } : { target: [{ source: SOURCE, selector: [{ type: 'TextQuoteSelector', exact: r.quote! }] }] }),
  }));
}

describe('importing what is here already', () => {
  it('previews and re-imports the workspace’s own W3C export without adding anything', async () => {
    const store = ana.workspace.annotations();
    store.create({ id: 'ana-critique', author: anaPerson, passage: passage('283,000 convicted criminal aliens'), content: { kind: 'critique', body: 'Removal is not conviction.', tags: [] } }, 'local');
    store.create({ id: 'ana-question', author: anaPerson, passage: passage('3,181 jurisdictions'), content: { kind: 'question', body: 'Which ones?', tags: [] } }, 'local');
    store.addReply('ana-critique', { id: 'ana-reply', author: anaPerson, body: 'See FY2013.' }, 'local');
    await whenDoc(watcher.ydoc, () => live(watcher).length === 2 && byId(watcher, 'ana-critique')!.replies.length === 1);
    const file = await ownExport();
    const before = serverState();

    const seen = await preview(file);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ format: 'w3c', total: 2, anchored: 0, approximate: [], orphaned: [], skipped: [], replies: 0, repliesAlreadyHere: 1 });
    expect(seen.body.alreadyHere.map((h) => [h.id, h.match]).sort()).toEqual([['ana-critique', 'id'], ['ana-question', 'id']]);

    const done = await importFile(file);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ total: 2, anchored: 0, replies: 0, repliesAlreadyHere: 1, alreadyHere: [expect.anything(), expect.anything()] });
    expect(serverState()).toEqual(before);
    expect(server.accounts.auditLog(WORKSPACE, 1)[0]).toMatchObject({ action: 'annotations.imported', detail: { import: done.body.importId, alreadyHere: 2, anchored: 0 } });
  });

  it('writes nothing for a preview, and the import then does what the preview said', async () => {
    const file = JSON.parse(String((await exportWorkspace(annotatedWorkspace().ydoc, 'elsewhere', 'w3c')).body));
    const before = serverState();
    const seen = await preview(file);
    // The fixture memo is not in this workspace: the comparison's far passage stays detached, the rest anchors.
    expect(seen.body).toMatchObject({ total: 4, anchored: 4, orphaned: [], alreadyHere: [], replies: 2, repliesAlreadyHere: 0 });
    expect(serverState()).toEqual(before);

    const done = await importFile(file);
    const { importId, ...counts } = done.body;
    expect(importId).toMatch(/^[0-9a-f]{12}$/);
    expect(counts).toEqual(seen.body);
    await whenDoc(watcher.ydoc, () => live(watcher).length === 6);

    // Again: the file's annotations are here now, known by their IRIs.
    const again = await importFile(file);
    expect(again.body).toMatchObject({ total: 4, anchored: 0, replies: 0, repliesAlreadyHere: 2 });
    expect(again.body.alreadyHere.every((h) => h.match === 'id')).toBe(true);
    expect(live(watcher)).toHaveLength(6);
  });
});

describe('undoing an import', () => {
  it('removes exactly what an import added, live for every client, and only that', async () => {
    const first = await importFile(hypothesis([{ id: 'h1', text: 'A big number.', quote: 'More than 283,000 convicted criminal aliens' }, { id: 'h2', text: 'Agreed.', references: ['h1'], user: 'acct:dan@hypothes.is' }]), owner());
    expect(first.body).toMatchObject({ anchored: 1, replies: 1 });
    await whenDoc(watcher.ydoc, () => live(watcher).some((a) => a.body === 'A big number.'));
    const imported = live(watcher).find((a) => a.body === 'A big number.')!;
    expect(imported.author.id).toMatch(/^external:/);

    // A member replies to the imported annotation; then a later file brings a new reply to it and
    // one to Ana's own critique (our export, with a reply added in another tool).
    ana.workspace.annotations().addReply(imported.id, { id: 'ana-on-import', author: anaPerson, body: 'Is it?' }, 'local');
    await whenDoc(watcher.ydoc, () => liveReplies(byId(watcher, imported.id)).includes('Is it?'));
    const own = await ownExport();
    const critiqueIri = 'urn:crosswalk:annotation:ana-critique';
    own.first.items.push({ id: 'urn:example:co-author', type: 'Annotation', motivation: 'replying', creator: { id: 'mailto:co@example.org', name: 'Co Author' }, body: { type: 'TextualBody', value: 'Written in another tool.' }, target: critiqueIri });
    const second = await importFile(own, editor());
    expect(second.body).toMatchObject({ anchored: 0, replies: 1 });
    const third = await importFile(hypothesis([{ id: 'h1', text: 'A big number.', quote: 'More than 283,000 convicted criminal aliens' }, { id: 'h2', text: 'Agreed.', references: ['h1'], user: 'acct:dan@hypothes.is' }, { id: 'h3', text: 'Not quite.', references: ['h1'], user: 'acct:erin@hypothes.is' }]), editor());
    expect(third.body).toMatchObject({ anchored: 0, replies: 1, repliesAlreadyHere: 1 });
    await whenDoc(watcher.ydoc, () => liveReplies(byId(watcher, 'ana-critique')).includes('Written in another tool.') && liveReplies(byId(watcher, imported.id)).includes('Not quite.'));
    expect(await listed(second.body.importId)).toMatchObject({ by: 'Eddie', format: 'w3c', annotations: 0, replies: 1, undone: null });
    expect(await listed(first.body.importId)).toMatchObject({ by: 'Olive', annotations: 1, replies: 1, repliesByOthers: 1, undone: null });

    // Undoing the second takes only its reply off Ana's critique; her words stay.
    expect((await undo(second.body.importId)).body).toEqual({ importId: second.body.importId, annotations: 0, replies: 1, repliesByOthers: 0 });
    await whenDoc(watcher.ydoc, () => !liveReplies(byId(watcher, 'ana-critique')).includes('Written in another tool.'));
    expect(liveReplies(byId(watcher, 'ana-critique'))).toEqual(['See FY2013.']);
    expect(byId(watcher, 'ana-critique')).toMatchObject({ deleted: false, body: 'Removal is not conviction.' });

    // Undoing the first removes its annotation (Ana's reply goes with it) and leaves the third's reply alone.
    const total = live(watcher).length;
    expect((await undo(first.body.importId, owner())).body).toEqual({ importId: first.body.importId, annotations: 1, replies: 1, repliesByOthers: 1 });
    await whenDoc(watcher.ydoc, () => live(watcher).length === total - 1);
    expect(live(watcher).some((a) => a.id === imported.id)).toBe(false);
    expect(live(ana).some((a) => a.id === imported.id)).toBe(false);
    expect(byId(watcher, imported.id)!.replies.find((r) => r.body === 'Not quite.')!.deleted).toBe(false);
    expect(server.accounts.auditLog(WORKSPACE, 1)[0]).toMatchObject({ action: 'annotations.import-undone', actor: 'olive', detail: { import: first.body.importId, annotations: 1, replies: 1, repliesByOthers: 1 } });
    expect(await listed(first.body.importId)).toMatchObject({ annotations: 0, replies: 0, removed: 2, undone: { by: 'Olive' } });

    // Nothing is left to undo; and with it gone, the file imports again.
    expect((await undo(first.body.importId)).status).toBe(404);
    const back = await importFile(hypothesis([{ id: 'h1', text: 'A big number.', quote: 'More than 283,000 convicted criminal aliens' }]));
    expect(back.body).toMatchObject({ anchored: 1, alreadyHere: [] });
  });

  it('is for owners and editors only, and refuses a malformed id', async () => {
    const done = await importFile(hypothesis([{ id: 'h9', text: 'Check the count.', quote: '3,181 jurisdictions' }]));
    await whenDoc(watcher.ydoc, () => live(watcher).some((a) => a.body === 'Check the count.'));
    for (const role of ['annotator', 'viewer']) {
      expect((await undo(done.body.importId, token(role, `A ${role}`))).status).toBe(403);
      expect((await call('/imports', token(role, `A ${role}`))).status).toBe(403);
      expect((await preview([], token(role, `A ${role}`))).status).toBe(403);
    }
    expect((await undo('not-an-id')).status).toBe(400);
    expect(live(watcher).some((a) => a.body === 'Check the count.')).toBe(true);
  });
});
