import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, Workspace } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenAwareness, whenDoc, writeNotebookParagraph, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let clients: TestClient[];

beforeEach(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  clients = [];
});

afterEach(async () => {
  for (const client of clients) client.destroy();
  await server.close();
  data.cleanup();
});

function client(token = server.credentials.createBearerToken(WORKSPACE, 'editor', `Client ${clients.length + 1}`)): TestClient {
  const c = connectClient(server.url, WORKSPACE, token);
  clients.push(c);
  return c;
}

/** Opens a raw socket and resolves with how the server closed it. */
function closeOf(path: string, headers: Record<string, string> = {}): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.url.replace(/^http/, 'ws') + path, { headers });
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

const notebookText = (c: TestClient) => c.workspace.notebook().toArray().map((p) => p.toString()).join('\n');

describe('sync between two stock WebsocketProvider clients', () => {
  it('delivers the seeded workspace to a new client', async () => {
    const a = client();
    await synced(a);
    expect(a.workspace.info()?.title).toMatch(/Secure Communities/);
    expect(a.workspace.document('secure-communities-ice-2015')?.locked).toBe(true);
    expect(a.workspace.documentText('secure-communities-ice-2015').toString()).toContain('3,181 jurisdictions');
  });

  it('converges after concurrent notebook edits from both', async () => {
    const [a, b] = [client(), client()];
    await Promise.all([synced(a), synced(b)]);
    for (let i = 0; i < 20; i++) {
      writeNotebookParagraph(a, `from a ${i}`);
      writeNotebookParagraph(b, `from b ${i}`);
    }
    const complete = (c: TestClient) => c.workspace.notebook().length === 40;
    await Promise.all([whenDoc(a.ydoc, () => complete(a)), whenDoc(b.ydoc, () => complete(b))]);
    expect(notebookText(a)).toBe(notebookText(b));
    expect(notebookText(a)).toContain('from a 19');
    expect(notebookText(a)).toContain('from b 19');
  });

  it('propagates awareness: each sees the other’s name and location', async () => {
    const [a, b] = [client(), client()];
    await Promise.all([synced(a), synced(b)]);
    // What a client says of its name and colour is replaced by its account's.
    a.provider.awareness.setLocalStateField('user', { name: 'Ana', color: 'red; position:fixed' });
    a.provider.awareness.setLocalStateField('location', { view: 'notebook' });
    const seesAna = () =>
      Array.from(b.provider.awareness.getStates().values()).some((s) => s.user?.name === 'Client 1' && /^#[0-9a-f]{6}$/.test(s.user.color) && s.location?.view === 'notebook');
    await whenAwareness(b, seesAna);
    expect(seesAna()).toBe(true);

    // When Ana leaves, her presence goes with her.
    a.provider.disconnect();
    await whenAwareness(b, () => !seesAna());
    expect(seesAna()).toBe(false);
  });
});

describe('access to the sync endpoint', () => {
  it('refuses a connection without a token, with a clear reason', async () => {
    const closed = await closeOf(`/sync/${WORKSPACE}`);
    expect(closed.code).toBe(CloseCode.Unauthorized);
    expect(closed.reason).toMatch(/sign in required/);
  });

  it('refuses a wrong token the same way', async () => {
    const closed = await closeOf(`/sync/${WORKSPACE}?token=not-a-token`);
    expect(closed.code).toBe(CloseCode.Unauthorized);
  });

  it('tells the stock provider why, and it stops retrying', async () => {
    const c = connectClient(server.url, WORKSPACE, null);
    clients.push(c);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => c.provider.once('closed', resolve));
    expect(closed).toEqual({ code: CloseCode.Unauthorized, reason: expect.stringMatching(/sign in required/) });
    expect(c.provider.shouldConnect).toBe(false);
  });

  it('refuses a token for another workspace', async () => {
    const token = server.credentials.createBearerToken('another-workspace', 'owner', 'Elsewhere');
    const closed = await closeOf(`/sync/${WORKSPACE}?token=${token}`);
    expect(closed.code).toBe(CloseCode.Forbidden);
  });

  it('answers an unknown workspace address with not found', async () => {
    const token = server.credentials.createBearerToken('no-such-room', 'owner', 'Nobody');
    const closed = await closeOf(`/sync/no-such-room?token=${token}`);
    expect(closed.code).toBe(CloseCode.NotFound);
  });

  it('closes a connection that sends text instead of binary frames, and keeps serving others', async () => {
    const honest = client();
    await synced(honest);
    const token = server.credentials.createBearerToken(WORKSPACE, 'editor', 'Rude');
    const closed = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/${WORKSPACE}?token=${token}`);
      ws.on('open', () => ws.send('hello'));
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      ws.on('error', reject);
    });
    expect(closed.code).toBe(CloseCode.BadMessage);
    const other = client();
    await synced(other);
    writeNotebookParagraph(honest, 'still here');
    await whenDoc(other.ydoc, () => notebookText(other).includes('still here'));
  });
});

describe('persistence', () => {
  it('keeps every update across a stop and a start', async () => {
    const [a, observer] = [client(), client()];
    await Promise.all([synced(a), synced(observer)]);
    for (let i = 0; i < 25; i++) writeNotebookParagraph(a, `note ${i}`);
    // What another client has seen, the server has stored.
    await whenDoc(observer.ydoc, () => observer.workspace.notebook().length === 25);
    const expected = notebookText(a);
    for (const c of clients) c.destroy();
    clients = [];
    await server.close();

    server = await startTestServer(data.dir);
    const b = client();
    await synced(b);
    expect(notebookText(b)).toBe(expected);
    expect(b.workspace.documents().length).toBeGreaterThan(1);
  });

  it('compacts the log into a snapshot without losing anything', async () => {
    await server.close();
    server = await startTestServer(data.dir, { compactAfterUpdates: 10 });
    const [a, observer] = [client(), client()];
    await Promise.all([synced(a), synced(observer)]);
    for (let i = 0; i < 35; i++) writeNotebookParagraph(a, `entry ${i}`);
    await whenDoc(observer.ydoc, () => observer.workspace.notebook().length === 35);
    // Compaction runs off the hot path, after the updates that triggered it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.store.pendingUpdates(WORKSPACE)).toBeLessThan(10);
    const expected = notebookText(a);
    for (const c of clients) c.destroy();
    clients = [];
    await server.close();

    server = await startTestServer(data.dir);
    const b = client();
    await synced(b);
    expect(notebookText(b)).toBe(expected);
  });

  it('unloads an idle workspace from memory and loads it again on the next connection', async () => {
    await server.close();
    server = await startTestServer(data.dir, { idleUnloadMs: 20 });
    const a = client();
    await synced(a);
    writeNotebookParagraph(a, 'before unloading');
    const room = server.sync.room(WORKSPACE)!;
    await whenDoc(room.ydoc, () => new Workspace(room.ydoc).notebook().length === 1);
    expect(server.sync.loadedWorkspaces()).toEqual([WORKSPACE]);
    const unloaded = new Promise((resolve) => server.sync.once('unload', resolve));
    a.provider.disconnect();
    expect(await unloaded).toBe(WORKSPACE);
    expect(server.sync.loadedWorkspaces()).toEqual([]);

    const b = client();
    await synced(b);
    expect(server.sync.loadedWorkspaces()).toEqual([WORKSPACE]);
    expect(notebookText(b)).toContain('before unloading');
  });
});
