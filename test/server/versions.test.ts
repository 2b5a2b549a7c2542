import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, type Role } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { passageIn } from '../support/annotated-workspace.js';
import { connectClient, synced, whenAwareness, whenDoc, writeNotebookParagraph, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const api = (path: string) => `/api/workspaces/${WORKSPACE}${path}`;

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let owner: TestClient;
const opened: TestClient[] = [];
const olga = { id: 'olga', name: 'Olga Owner' };

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  owner = connect('owner', 'Olga Owner');
  await synced(owner);
  owner.workspace.annotations().create({ id: 'q1', author: olga, passage: passageIn(owner.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Which jurisdictions?', tags: [] } }, 'local');
  await stored((ws) => ws.annotations().get('q1') !== undefined);
});

afterAll(async () => {
  for (const c of [owner, ...opened]) c.destroy();
  await server.close();
  data.cleanup();
});

function connect(role: Role, name: string): TestClient {
  const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, role, name));
  opened.push(client);
  return client;
}


function roomDoc(): Y.Doc {
  return server.sync.room(WORKSPACE)!.ydoc;
}

async function stored(check: (ws: Workspace) => boolean): Promise<void> {
  const ydoc = roomDoc();
  await whenDoc(ydoc, () => check(new Workspace(ydoc)));
}

const headers = (role: Role) => ({ authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, role, `${role} caller`)}`, 'content-type': 'application/json' });

async function saveVersion(name: string, role: Role = 'editor'): Promise<Response> {
  return fetch(server.url + api('/versions'), { method: 'POST', headers: headers(role), body: JSON.stringify({ name }) });
}

async function versionBytes(id: string, role: Role = 'viewer'): Promise<Uint8Array> {
  const response = await fetch(server.url + api(`/versions/${id}`), { headers: headers(role) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/octet-stream');
  return new Uint8Array(await response.arrayBuffer());
}

function docOf(bytes: Uint8Array): Workspace {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, bytes);
  return new Workspace(ydoc);
}

/** Every byte the store holds for the workspace: snapshot, log and versions. */
function storedRows(): Buffer[] {
  const rows = server.db.prepare('SELECT data FROM updates WHERE workspace_id = ? ORDER BY id').all(WORKSPACE) as { data: Buffer }[];
  const snapshot = server.db.prepare('SELECT data FROM snapshots WHERE workspace_id = ?').get(WORKSPACE) as { data: Buffer };
  const versions = server.db.prepare('SELECT data FROM versions WHERE workspace_id = ?').all(WORKSPACE) as { data: Buffer }[];
  return [snapshot.data, ...rows.map((r) => r.data), ...versions.map((v) => v.data)];
}

/** The workspace as the store would load it. */
function loadStored(): Y.Doc {
  const ydoc = new Y.Doc();
  const { snapshot, updates } = server.store.load(WORKSPACE);
  if (snapshot) Y.applyUpdate(ydoc, snapshot);
  for (const update of updates) Y.applyUpdate(ydoc, update);
  return ydoc;
}

function contentOf(ydoc: Y.Doc): unknown {
  const ws = new Workspace(ydoc);
  return { annotations: ws.annotations().list(), notebook: ws.notebook().toString(), sessions: ws.seminar().sessions(), agenda: ws.seminar().agenda(), info: ws.info(), state: Array.from(Y.decodeStateVector(Y.encodeStateVector(ydoc))) };
}

describe('named versions', () => {
  let first: { id: string; name: string };
  let atSave: Uint8Array;

  it('saves the whole workspace, byte for byte, for owners and editors', async () => {
    atSave = Y.encodeStateAsUpdate(roomDoc());
    const response = await saveVersion('Seminar, 3 December');
    expect(response.status).toBe(201);
    const { version } = await response.json();
    expect(version).toMatchObject({ name: 'Seminar, 3 December', reason: 'manual', sessionId: null, createdBy: { id: 'editor-caller', name: 'editor caller' }, size: atSave.byteLength });
    first = version;
    expect(await versionBytes(first.id)).toEqual(atSave);
    expect(server.accounts.auditLog(WORKSPACE, 1)[0]).toMatchObject({ action: 'version.saved', detail: { version: first.id, reason: 'manual' } });
  });

  it('still shows the old state after the workspace changed; compare lists what was added', async () => {
    owner.workspace.annotations().addReply('q1', { id: 'reply-after', author: olga, body: 'Every county in the list.' }, 'local');
    await stored((ws) => ws.annotations().get('q1')!.replies.length === 1);
    const old = docOf(await versionBytes(first.id));
    expect(old.annotations().get('q1')!.replies).toEqual([]);
    expect(await versionBytes(first.id)).toEqual(atSave);

    const response = await fetch(server.url + api(`/versions/compare?from=${first.id}&to=live`), { headers: headers('viewer') });
    expect(response.status).toBe(200);
    const comparison = await response.json();
    expect(comparison).toMatchObject({ from: first.id, to: 'live', annotations: [] });
    expect(comparison.replies).toEqual([{ annotationId: 'q1', replyId: 'reply-after', author: olga, changes: ['added'], after: 'Every county in the list.' }]);

    const second = await (await saveVersion('After the reply', 'owner')).json();
    const between = await (await fetch(server.url + api(`/versions/compare?from=${first.id}&to=${second.version.id}`), { headers: headers('viewer') })).json();
    expect(between.replies.map((r: { replyId: string }) => r.replyId)).toEqual(['reply-after']);
  });

  it('exports a version like the live workspace, with the same filters', async () => {
    const response = await fetch(server.url + api(`/versions/${first.id}/export?format=w3c&kinds=question`), { headers: headers('viewer') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${WORKSPACE}-version-${first.id}-\\d{4}-\\d{2}-\\d{2}\\.jsonld"$`));
    const text = await response.text();
    expect(text).toContain('Which jurisdictions?');
    expect(text).not.toContain('Every county in the list.');
    const live = await (await fetch(server.url + api('/export?format=w3c&kinds=question'), { headers: headers('viewer') })).text();
    expect(live).toContain('Every county in the list.');
    const bad = await fetch(server.url + api(`/versions/${first.id}/export?format=pdf`), { headers: headers('viewer') });
    expect([bad.status, (await bad.json()).error]).toEqual([400, expect.stringMatching(/^bad request: format/)]);
  });

  it('lets viewers and annotators list, open, compare and export versions, but not save them', async () => {
    for (const role of ['viewer', 'annotator'] as const) {
      const list = await fetch(server.url + api('/versions'), { headers: headers(role) });
      expect(list.status).toBe(200);
      expect((await list.json()).versions.map((v: { name: string }) => v.name)).toEqual(['After the reply', 'Seminar, 3 December']);
      expect(await versionBytes(first.id, role)).toEqual(atSave);
      const refused = await saveVersion('Not mine to save', role);
      expect([refused.status, (await refused.json()).error]).toEqual([403, 'only owners and editors can save versions']);
    }
    expect(server.db.prepare("SELECT count(*) FROM versions WHERE name = 'Not mine to save'").pluck().get()).toBe(0);
  });

  it('refuses bad names and unknown versions with a clear error', async () => {
    const empty = await saveVersion('   ');
    expect([empty.status, (await empty.json()).error]).toEqual([400, 'name: a version needs a name']);
    const missing = await fetch(server.url + api('/versions/0123456789abcdef'), { headers: headers('viewer') });
    expect(missing.status).toBe(404);
    const badRef = await fetch(server.url + api('/versions/compare?from=nope&to=live'), { headers: headers('viewer') });
    expect(badRef.status).toBe(400);
    const stranger = await fetch(server.url + api('/versions'), { headers: { authorization: `Bearer ${server.credentials.createBearerToken('elsewhere', 'owner', 'Stranger')}` } });
    expect(stranger.status).toBe(403);
  });

  it('never stores awareness: presence, cursors, follow and facilitating stay off the log and out of versions', async () => {
    const marker = `awareness-marker-${Math.random().toString(36).slice(2)}`;
    const before = contentOf(loadStored());
    const rowsBefore = storedRows().length;
    const facilitator = connect('editor', 'Fay Facilitator');
    const follower = connect('viewer', 'Finn Follower');
    await Promise.all([synced(facilitator), synced(follower)]);
    facilitator.provider.awareness.setLocalStateField('user', { name: marker, color: '#123456' });
    facilitator.provider.awareness.setLocalStateField('cursor', { anchor: marker, head: marker });
    // (A facilitation claim outside a running session is emptied by the server; `following` passes.)
    facilitator.provider.awareness.setLocalStateField('following', marker);
    follower.provider.awareness.setLocalStateField('follow', { clientId: facilitator.ydoc.clientID, marker });
    await whenAwareness(follower, () => Array.from(follower.provider.awareness.getStates().values()).some((s) => s.following === marker));
    await whenAwareness(facilitator, () => Array.from(facilitator.provider.awareness.getStates().values()).some((s) => s.follow?.marker === marker));
    // A document change after the presence, so that whatever the server stores next is in the log.
    writeNotebookParagraph(facilitator, 'after presence');
    await stored((ws) => ws.notebook().toString().includes('after presence'));
    const version = (await (await saveVersion('With people present')).json()).version;

    const rows = storedRows();
    expect(rows.length).toBe(rowsBefore + 2);
    for (const row of rows) expect(row.includes(marker)).toBe(false);
    const bytes = await versionBytes(version.id);
    expect(Buffer.from(bytes).includes(marker)).toBe(false);
    // The stored workspace changed by the paragraph only.
    const after = loadStored();
    const notebook = new Workspace(after).notebook();
    notebook.delete(notebook.length - 1, 1);
    const { state: _a, ...afterContent } = contentOf(after) as Record<string, unknown>;
    const { state: _b, ...beforeContent } = before as Record<string, unknown>;
    expect(afterContent).toEqual(beforeContent);
    expect(JSON.stringify(contentOf(docOf(bytes).ydoc))).not.toContain(marker);
  });

  it('keeps versions byte for byte across a restart', async () => {
    const listed = (await (await fetch(server.url + api('/versions'), { headers: headers('viewer') })).json()).versions as { id: string }[];
    const bytes = await Promise.all(listed.map((v) => versionBytes(v.id)));
    for (const c of [owner, ...opened]) c.destroy();
    opened.length = 0;
    await server.close();
    server = await startTestServer(data.dir);
    owner = connect('owner', 'Olga Owner');
    await synced(owner);
    for (const [i, v] of listed.entries()) expect(await versionBytes(v.id)).toEqual(bytes[i]);
    expect(await versionBytes(first.id)).toEqual(atSave);
  });
});
