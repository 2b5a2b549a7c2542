import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { AnnotationError, CloseCode, HiddenContent, Workspace, type Annotation, type Role } from '../../core/index.js';
import { SqliteUpdateStore } from '../../server/update-store.js';
import { openDatabase } from '../../server/database.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { passageIn } from '../support/annotated-workspace.js';
import { repoRoot } from '../support/paths.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';

/*
 * Moderation hides data, not pixels: over real connections, with the stock y-websocket provider
 * as the witness of what a member receives. Every word the hidden items carry contains "quokka"
 * (the annotation, its fields and its thread) or "wombat" (the hidden reply), so one search of
 * the bytes finds any of them.
 */

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const api = (path: string) => `${server.url}/api/workspaces/${WORKSPACE}${path}`;

const eddie = { id: 'eddie-editor', name: 'Eddie Editor' };
const anna = { id: 'anna-annotator', name: 'Anna Annotator' };
const ben = { id: 'ben-annotator', name: 'Ben Annotator' };

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let editor: TestClient;
let author: TestClient;
let replier: TestClient;
const opened: TestClient[] = [];
let citationBefore: Annotation;
let critiqueBefore: Annotation;
let versionBefore: string;

const holds = (bytes: Uint8Array | string, word: string) => (typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')).toLowerCase().includes(word.toLowerCase());

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  [editor, author, replier] = [connect('editor', eddie.name), connect('annotator', anna.name), connect('annotator', ben.name)];
  await Promise.all([synced(editor), synced(author), synced(replier)]);
  const store = author.workspace.annotations();
  store.create({
    id: 'cit',
    author: anna,
    passage: passageIn(author.workspace, NOTICE, '3,181 jurisdictions'),
    content: {
      kind: 'citation',
      body: 'Quokka counts are inflated.',
      tags: ['quokka-tag'],
      citation: {
        source: { type: 'article-journal', title: 'The Quokka Report', author: [{ family: 'Quokkason', given: 'Quinn' }], 'container-title': 'Quokka Law Review', publisher: 'Quokka Press', URL: 'https://quokka.example/report', DOI: '10.1234/quokka', page: 'quokka-12' },
        locator: 'quokka ¶ 3',
      },
    },
  }, 'local');
  store.create({ id: 'crit', author: anna, passage: passageIn(author.workspace, NOTICE, '283,000 convicted criminal aliens'), content: { kind: 'critique', body: 'A critique that stays.', tags: ['numbers'], category: 'factual-claim' } }, 'local');
  await whenDoc(replier.ydoc, () => replier.workspace.annotations().size === 2);
  replier.workspace.annotations().addReply('cit', { id: 'r-cit', author: ben, body: 'A quokka in the thread.' }, 'local');
  replier.workspace.annotations().addReply('crit', { id: 'r-bad', author: ben, body: 'Wombat insults here.' }, 'local');
  replier.workspace.annotations().addReply('crit', { id: 'r-ok', author: ben, body: 'A reply that stays.' }, 'local');
  replier.workspace.annotations().toggleReaction('cit', ben, 'agree', 'local');
  await stored((ws) => ws.annotations().get('cit')?.replies.length === 1 && ws.annotations().get('crit')?.replies.length === 2 && ws.annotations().get('cit')?.reactions.length === 1);
  citationBefore = structuredClone(live().get('cit')!);
  critiqueBefore = structuredClone(live().get('crit')!);
  const saved = await fetch(api('/versions'), { method: 'POST', headers: headers('editor', eddie.name), body: JSON.stringify({ name: 'Before hiding' }) });
  versionBefore = (await saved.json()).version.id;
});

afterAll(async () => {
  for (const c of opened) c.destroy();
  await server.close();
  data.cleanup();
});

function connect(role: Role, name: string, onFrame?: (frame: Uint8Array) => void): TestClient {
  const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, role, name), { onFrame });
  opened.push(client);
  return client;
}

/** A member who joins now, with every byte the server sends them. */
async function joiner(role: Role = 'viewer'): Promise<{ client: TestClient; received: () => Buffer }> {
  const frames: Uint8Array[] = [];
  const client = connect(role, `Late ${role}`, (frame) => frames.push(frame));
  await synced(client);
  return { client, received: () => Buffer.concat(frames) };
}

const live = () => new Workspace(server.sync.room(WORKSPACE)!.ydoc).annotations();

async function stored(check: (ws: Workspace) => boolean): Promise<void> {
  const ydoc = server.sync.room(WORKSPACE)!.ydoc;
  await whenDoc(ydoc, () => check(new Workspace(ydoc)));
}

const headers = (role: Role, name = `${role} caller`) => ({ authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, role, name)}`, 'content-type': 'application/json' });

async function bytesOf(path: string, role: Role): Promise<Uint8Array> {
  const response = await fetch(api(path), { headers: headers(role) });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function hiddenContent(role: Role = 'editor'): Promise<HiddenContent> {
  const response = await fetch(api('/hidden-content'), { headers: headers(role) });
  expect(response.status).toBe(200);
  return HiddenContent.parse(await response.json());
}

async function refused(client: TestClient, change: () => void): Promise<{ code: number; reason: string }> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve));
  change();
  const result = await closed;
  client.provider.destroy();
  warn.mockRestore();
  return result;
}

describe('a hidden annotation', () => {
  it('is in the version saved before hiding, words and all (the search can find them)', async () => {
    expect(holds(await bytesOf(`/versions/${versionBefore}`, 'editor'), 'quokka')).toBe(true);
    const { received } = await joiner();
    expect(holds(received(), 'quokka')).toBe(true);
  });

  it('leaves the shared document when a moderator hides it: a member who joins afterwards receives none of its words', async () => {
    // Replaced words are gone from an encoded state only where the document collects garbage.
    expect(server.sync.room(WORKSPACE)!.ydoc.gc).toBe(true);
    editor.workspace.annotations().hide('cit', eddie, 'local');
    await stored((ws) => ws.annotations().get('cit')?.withheld === true);
    // Members connected at the time lose the words too, with the same update.
    await whenDoc(replier.ydoc, () => replier.workspace.annotations().get('cit')?.withheld === true);
    expect(holds(JSON.stringify(replier.ydoc.toJSON()), 'quokka')).toBe(false);

    const { client, received } = await joiner();
    const seen = client.workspace.annotations().get('cit')!;
    expect(seen).toMatchObject({ hidden: { by: eddie }, withheld: true, kind: 'citation', body: '', tags: [], author: anna, passage: citationBefore.passage });
    expect(seen.replies).toMatchObject([{ id: 'r-cit', author: ben, body: '', withheld: true }]);
    expect(seen.reactions).toEqual(citationBefore.reactions);
    expect(holds(JSON.stringify(client.ydoc.toJSON()), 'quokka')).toBe(false);
    expect(received().length).toBeGreaterThan(1000);
    expect(holds(received(), 'quokka')).toBe(false);
    // Nor does the next load: the words have left the log and the snapshot.
    expect(holds(storedLog(), 'quokka')).toBe(false);
    expect(server.accounts.auditLog(WORKSPACE, 5).some((e) => e.action === 'annotation.hidden' && e.detail.annotation === 'cit')).toBe(true);
  });

  it('is read whole by moderators from the hidden-content route, and by nobody else', async () => {
    for (const role of ['editor', 'owner'] as const) {
      const content = await hiddenContent(role);
      const { status: _s, deleted: _d, hidden: _h, replies: _r, reactions: _x, history: _y, ...record } = citationBefore;
      expect(content.annotations).toEqual([{ annotationId: 'cit', record }]);
      const { hidden: _rh, ...reply } = citationBefore.replies[0]!;
      expect(content.replies).toEqual([{ annotationId: 'cit', replyId: 'r-cit', reply }]);
    }
    for (const role of ['annotator', 'viewer'] as const) {
      const response = await fetch(api('/hidden-content'), { headers: headers(role) });
      expect([response.status, (await response.json()).error]).toEqual([403, 'only owners and editors can read what a moderator hid']);
    }
  });

  it('is in no version download, export or comparison of a member who is not a moderator; a moderator’s carry it', async () => {
    const saved = await fetch(api('/versions'), { method: 'POST', headers: headers('editor', eddie.name), body: JSON.stringify({ name: 'After hiding' }) });
    const versionAfter: string = (await saved.json()).version.id;
    for (const role of ['viewer', 'annotator'] as const) {
      for (const vid of [versionBefore, versionAfter]) {
        const bytes = await bytesOf(`/versions/${vid}`, role);
        expect(holds(bytes, 'quokka')).toBe(false);
        const ydoc = new Y.Doc();
        Y.applyUpdate(ydoc, bytes);
        const ws = new Workspace(ydoc);
        expect(ws.annotations().get('cit')).toBeUndefined();
        expect(ws.annotations().get('crit')?.body).toBe('A critique that stays.');
        for (const format of ['markdown', 'csv', 'w3c', 'bibtex']) expect(holds(await bytesOf(`/versions/${vid}/export?format=${format}`, role), 'quokka')).toBe(false);
      }
      for (const [from, to] of [[versionBefore, 'live'], [versionBefore, versionAfter], ['live', versionBefore]]) {
        expect(holds(await bytesOf(`/versions/compare?from=${from}&to=${to}`, role), 'quokka')).toBe(false);
      }
    }
    // Moderators: the version as saved, whole (saved while hidden too), and the hiding in the comparison.
    for (const vid of [versionBefore, versionAfter]) {
      const ydoc = new Y.Doc();
      Y.applyUpdate(ydoc, await bytesOf(`/versions/${vid}`, 'editor'));
      expect(new Workspace(ydoc).annotations().get('cit')?.body).toBe('Quokka counts are inflated.');
    }
    const compared = JSON.parse(Buffer.from(await bytesOf(`/versions/compare?from=${versionBefore}&to=live`, 'editor')).toString());
    expect(compared.annotations).toMatchObject([{ annotationId: 'cit', changes: ['hidden'], after: { body: 'Quokka counts are inflated.' } }]);
  });

  it('refuses its author’s writes while hidden, with the reason, and leaves everything as it was', async () => {
    const writer = connect('annotator', anna.name);
    await synced(writer);
    const store = writer.workspace.annotations();
    expect(() => store.edit('cit', anna, { kind: 'question', body: 'x', tags: [] }, 'local')).toThrow(AnnotationError);
    const placeholder = JSON.stringify(live().rawEntry('cit')!.toJSON());
    const kept = await hiddenContent();
    const { code, reason } = await refused(writer, () => store.rawEntry('cit')!.set('record', { ...citationBefore, body: 'Quokka, rewritten while hidden.' }));
    expect([code, reason]).toEqual([CloseCode.Refused, 'change refused: a moderator has hidden this annotation: it cannot be changed until it is shown again']);
    expect(JSON.stringify(live().rawEntry('cit')!.toJSON())).toBe(placeholder);
    expect(await hiddenContent()).toEqual(kept);

    // Nor may a member write a placeholder themselves, on their own visible annotation.
    const other = connect('annotator', anna.name);
    await synced(other);
    const forged = await refused(other, () => other.workspace.annotations().rawEntry('crit')!.set('record', { withheld: true, id: 'crit', kind: 'critique', author: anna, created: critiqueBefore.created, updated: critiqueBefore.updated, passage: critiqueBefore.passage }));
    expect(forged.reason).toBe('change refused: only the server sets aside the words of hidden items');
    expect(live().get('crit')).toEqual(critiqueBefore);
  });

  it('comes back whole with Show again, and the kept copy goes', async () => {
    editor.workspace.annotations().unhide('cit', eddie, 'local');
    await stored((ws) => ws.annotations().get('cit')?.hidden === null && ws.annotations().get('cit')?.withheld === undefined);
    expect(live().get('cit')).toEqual(citationBefore);
    expect(await hiddenContent()).toEqual({ annotations: [], replies: [] });
    const { client, received } = await joiner();
    expect(client.workspace.annotations().get('cit')).toEqual(citationBefore);
    expect(holds(received(), 'quokka')).toBe(true);
    expect(server.accounts.auditLog(WORKSPACE, 5).some((e) => e.action === 'annotation.unhidden' && e.detail.annotation === 'cit')).toBe(true);
  });
});

describe('a hidden reply', () => {
  it('leaves the document while hidden (the rest of the thread stays), in versions too, and comes back whole', async () => {
    editor.workspace.annotations().hideReply('crit', 'r-bad', eddie, 'local');
    await stored((ws) => ws.annotations().get('crit')?.replies.find((r) => r.id === 'r-bad')?.withheld === true);
    const { client, received } = await joiner();
    expect(holds(received(), 'wombat')).toBe(false);
    expect(holds(JSON.stringify(client.ydoc.toJSON()), 'wombat')).toBe(false);
    const seen = client.workspace.annotations().get('crit')!;
    expect(seen.body).toBe('A critique that stays.');
    expect(Object.fromEntries(seen.replies.map((r) => [r.id, [r.body, r.hidden?.by.id ?? null]]))).toEqual({ 'r-bad': ['', eddie.id], 'r-ok': ['A reply that stays.', null] });
    expect(holds(storedLog(), 'wombat')).toBe(false);
    expect((await hiddenContent()).replies).toMatchObject([{ annotationId: 'crit', replyId: 'r-bad', reply: { body: 'Wombat insults here.' } }]);

    // A version saved before: a viewer's copy has no trace of the reply; a moderator's has it.
    const viewerCopy = await bytesOf(`/versions/${versionBefore}`, 'viewer');
    expect(holds(viewerCopy, 'wombat')).toBe(false);
    expect(holds(viewerCopy, 'A reply that stays.')).toBe(true);
    expect(holds(await bytesOf(`/versions/${versionBefore}`, 'owner'), 'wombat')).toBe(true);

    // Its author cannot change it meanwhile.
    const writer = connect('annotator', ben.name);
    await synced(writer);
    expect(() => writer.workspace.annotations().editReply('crit', 'r-bad', ben, 'Wombat again', 'local')).toThrow('a moderator has hidden this reply');
    const thread = writer.workspace.annotations().rawEntry('crit')!.get('replies') as Y.Map<unknown>;
    const { hidden: _h, ...original } = critiqueBefore.replies.find((r) => r.id === 'r-bad')!;
    const { reason } = await refused(writer, () => thread.set('r-bad', { ...original, body: 'Wombat again' }));
    expect(reason).toBe('change refused: a moderator has hidden this reply: it cannot be changed until it is shown again');

    editor.workspace.annotations().unhideReply('crit', 'r-bad', eddie, 'local');
    await stored((ws) => ws.annotations().get('crit')?.replies.every((r) => r.hidden === null && r.withheld === undefined) === true);
    expect(live().get('crit')).toEqual(critiqueBefore);
    expect(await hiddenContent()).toEqual({ annotations: [], replies: [] });
  });
});

describe('across a restart', () => {
  it('keeps hidden words out and kept, and shows them again whole', async () => {
    editor.workspace.annotations().hide('cit', eddie, 'local');
    editor.workspace.annotations().hideReply('crit', 'r-bad', eddie, 'local');
    await stored((ws) => ws.annotations().get('cit')?.withheld === true && ws.annotations().get('crit')?.replies.some((r) => r.withheld) === true);
    for (const c of opened.splice(0)) c.destroy();
    await server.close();
    server = await startTestServer(data.dir);

    const { client, received } = await joiner();
    expect(client.workspace.annotations().get('cit')).toMatchObject({ withheld: true, body: '' });
    expect(holds(received(), 'quokka') || holds(received(), 'wombat')).toBe(false);
    expect(holds(storedLog(), 'quokka') || holds(storedLog(), 'wombat')).toBe(false);
    const kept = await hiddenContent();
    expect([kept.annotations.map((a) => a.record.body), kept.replies.map((r) => r.reply.body).sort()]).toEqual([['Quokka counts are inflated.'], ['A quokka in the thread.', 'Wombat insults here.']]);

    const moderator = connect('editor', eddie.name);
    await synced(moderator);
    moderator.workspace.annotations().unhide('cit', eddie, 'local');
    moderator.workspace.annotations().unhideReply('crit', 'r-bad', eddie, 'local');
    await stored((ws) => ws.annotations().get('cit')?.withheld === undefined && ws.annotations().get('crit')?.replies.every((r) => r.withheld === undefined) === true);
    expect(live().get('cit')).toEqual(citationBefore);
    expect(live().get('crit')).toEqual(critiqueBefore);
  });

  it('takes out, on loading, the words of items an older server hid and left in the document', async () => {
    for (const c of opened.splice(0)) c.destroy();
    await server.close();
    // As an older server stored it: the hidden mark beside the words, nothing kept apart.
    const db = openDatabase(data.dir);
    const store = new SqliteUpdateStore(db);
    const ydoc = new Y.Doc();
    const { snapshot, updates } = store.load(WORKSPACE);
    if (snapshot) Y.applyUpdate(ydoc, snapshot);
    for (const u of updates) Y.applyUpdate(ydoc, u);
    const written: Uint8Array[] = [];
    ydoc.on('update', (u: Uint8Array) => written.push(u));
    new Workspace(ydoc).annotations().hide('cit', eddie, 'local');
    store.append(WORKSPACE, Y.mergeUpdates(written));
    expect(holds(storedLog(db), 'quokka')).toBe(true);
    db.close();

    server = await startTestServer(data.dir);
    const { client, received } = await joiner();
    expect(client.workspace.annotations().get('cit')).toMatchObject({ hidden: { by: eddie }, withheld: true });
    expect(holds(received(), 'quokka')).toBe(false);
    expect(holds(storedLog(), 'quokka')).toBe(false);
    expect((await hiddenContent()).annotations.map((a) => a.record.body)).toEqual(['Quokka counts are inflated.']);
  });
});

describe('a backup', () => {
  it('carries the kept words, and a restored workspace takes them out again as it first loads', async () => {
    for (const c of opened.splice(0)) c.destroy();
    await server.close();
    const file = path.join(data.dir, 'backup.json');
    const run = (args: string[]) =>
      new Promise<number>((resolve) => execFile(process.execPath, [path.join(repoRoot, 'bin/crosswalk.js'), ...args], { env: { ...process.env, DATA_DIR: data.dir } }, (error) => resolve(error ? 1 : 0)));
    expect(await run(['backup', '--workspace', WORKSPACE, '--out', file])).toBe(0);
    // Backups are an administrator's: whole, or a restore would lose what is hidden.
    expect(holds(fs.readFileSync(file, 'utf8'), 'quokka')).toBe(false);
    const backup = JSON.parse(fs.readFileSync(file, 'utf8')) as { state: string };
    expect(holds(Buffer.from(backup.state, 'base64'), 'quokka')).toBe(true);
    expect(await run(['restore', '--file', file, '--replace'])).toBe(0);

    server = await startTestServer(data.dir);
    const { client, received } = await joiner();
    expect(client.workspace.annotations().get('cit')).toMatchObject({ hidden: { by: eddie }, withheld: true, body: '' });
    expect(holds(received(), 'quokka')).toBe(false);
    expect((await hiddenContent()).annotations.map((a) => a.record.body)).toEqual(['Quokka counts are inflated.']);
  });
});

/** The snapshot and the log as stored: what the next load replays. */
function storedLog(db = server.db): Buffer {
  const rows = db.prepare('SELECT data FROM updates WHERE workspace_id = ?').all(WORKSPACE) as { data: Buffer }[];
  const snapshot = db.prepare('SELECT data FROM snapshots WHERE workspace_id = ?').get(WORKSPACE) as { data: Buffer } | undefined;
  return Buffer.concat([...(snapshot ? [snapshot.data] : []), ...rows.map((r) => r.data)]);
}
