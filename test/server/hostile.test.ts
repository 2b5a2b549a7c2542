import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, writeNotebookParagraph, type TestClient } from '../support/clients.js';
import { syncFrame } from '../support/raw-updates.js';

const WORKSPACE = 'secure-communities';
let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let honest: TestClient;
let witness: TestClient;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir, { maxMessageBytes: 64 * 1024, signinAttemptsPer15Min: 5 });
  honest = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'editor', 'Honest'));
  witness = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'editor', 'Witness'));
  await Promise.all([synced(honest), synced(witness)]);
});

afterAll(async () => {
  honest.destroy();
  witness.destroy();
  await server.close();
  data.cleanup();
});

const storedBytes = () =>
  (server.db.prepare('SELECT group_concat(hex(data)) AS h FROM updates WHERE workspace_id = ?').get(WORKSPACE) as { h: string | null }).h ?? '';

/** Sends raw frames on an authenticated socket and resolves with how it was closed. */
function sendRaw(frames: (Uint8Array | string)[], role = 'owner'): Promise<{ code: number; reason: string }> {
  const token = server.credentials.createBearerToken(WORKSPACE, role as never, 'Fuzzer');
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${WORKSPACE}?token=${token}`);
    ws.on('open', () => {
      for (const frame of frames) ws.send(frame);
    });
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('x'.repeat(200))]);
  doc.getXmlFragment('notebook').insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

/** After each hostile act: nothing stored, and honest clients still sync. */
async function stillServing(label: string): Promise<void> {
  writeNotebookParagraph(honest, `after ${label}`);
  await whenDoc(witness.ydoc, () => witness.workspace.notebook().toString().includes(`after ${label}`));
}

describe('hostile WebSocket input', () => {
  const cases: [string, () => (Uint8Array | string)[], number][] = [
    ['an empty frame', () => [new Uint8Array(0)], CloseCode.BadMessage],
    ['a text frame', () => ['{"hello":1}'], CloseCode.BadMessage],
    ['an unknown message type', () => [Uint8Array.of(42, 1, 2, 3)], CloseCode.BadMessage],
    ['an unknown sync step', () => [Uint8Array.of(0, 9, 0)], CloseCode.BadMessage],
    ['a truncated Yjs update', () => [syncFrame(realUpdate().slice(0, 40))], CloseCode.Refused],
    ['random bytes as an update', () => [syncFrame(crypto.getRandomValues(new Uint8Array(300)))], CloseCode.Refused],
    ['a frame over the size limit', () => [new Uint8Array(65 * 1024)], 1009],
  ];
  it.each(cases)('closes on %s, stores nothing, and keeps serving the others', async (label, frames, code) => {
    const before = storedBytes();
    const closed = await sendRaw(frames());
    expect(closed.code).toBe(code);
    expect(storedBytes()).toBe(before);
    await stillServing(label);
  });

  it('survives a burst of mutated frames from several clients while honest clients work', async () => {
    const base = syncFrame(realUpdate());
    const mutated = () =>
      Array.from({ length: 20 }, () => {
        const frame = base.slice();
        for (let i = 0; i < 4; i++) frame[Math.floor(Math.random() * frame.length)] = Math.floor(Math.random() * 256);
        return frame.slice(0, Math.max(2, Math.floor(Math.random() * frame.length)));
      });
    const results = await Promise.all([sendRaw(mutated(), 'viewer'), sendRaw(mutated(), 'annotator'), sendRaw(mutated(), 'viewer')]);
    for (const r of results) expect([CloseCode.BadMessage, CloseCode.Refused]).toContain(r.code);
    await stillServing('the burst');
  });
});

describe('hostile HTTP input', () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crosswalk': '1', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('limits sign-in attempts per address and account', async () => {
    server.accounts.createUser({ username: 'target', displayName: 'Target', password: 'correct horse battery' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post('/api/login', { username: 'target', password: `guess ${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const blocked = await post('/api/login', { username: 'target', password: 'correct horse battery' });
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual({ error: 'too many sign-in attempts; wait a few minutes and try again' });
  });

  it('counts every spelling of a username against one sign-in limit', async () => {
    server.accounts.createUser({ username: 'lookalike', displayName: 'Look Alike', password: 'correct horse battery' });
    const variants = ['lookalike', 'LOOKALIKE', ' lookalike ', 'ｌｏｏｋａｌｉｋｅ', 'lookalike\u3000', 'Lookalike'];
    const statuses: number[] = [];
    for (const username of variants) statuses.push((await post('/api/login', { username, password: 'a wrong guess' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await post('/api/login', { username: 'ＬＯＯＫＡＬＩＫＥ', password: 'correct horse battery' })).status).toBe(429);
  });

  it('refuses a cookie write without the app’s header or from another site (CSRF)', async () => {
    const link = new URL(server.ownerLink());
    const cookie = (await fetch(link, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
    const noHeader = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/invites`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'owner', expiresInDays: 1 }) });
    expect(noHeader.status).toBe(403);
    const crossSite = await post(`/api/workspaces/${WORKSPACE}/invites`, { role: 'owner', expiresInDays: 1 }, { cookie, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const ok = await post(`/api/workspaces/${WORKSPACE}/invites`, { role: 'viewer', expiresInDays: 1 }, { cookie });
    expect(ok.status).toBe(201);
  });

  it('refuses a cookie-authenticated WebSocket from another origin', async () => {
    const link = new URL(server.ownerLink());
    const cookie = (await fetch(link, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
    const closed = await new Promise<{ code: number }>((resolve, reject) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${WORKSPACE}`, { headers: { cookie, origin: 'https://evil.example' } });
      ws.on('close', (code) => resolve({ code }));
      ws.on('error', reject);
    });
    expect(closed.code).toBe(CloseCode.Forbidden);
  });

  it('answers bad JSON and oversized bodies with a clear error', async () => {
    const badJson = await post('/api/login', '{"username":');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ error: 'the request body is not valid JSON' });
    const huge = await post('/api/login', { username: 'x', password: 'y'.repeat(100_000) });
    expect(huge.status).toBe(413);
  });

  it('refuses expired and revoked invites, and revoked tokens', async () => {
    const expired = server.accounts.createInvite(WORKSPACE, 'annotator', 1, 'test');
    await new Promise((r) => setTimeout(r, 5));
    const revoked = server.accounts.createInvite(WORKSPACE, 'annotator', 86400_000, 'test');
    server.accounts.revokeInvite(WORKSPACE, revoked.invite.id);
    const signUp = { username: 'newcomer', password: 'a long enough password', displayName: 'Newcomer' };
    const a = await post(`/api/invites/${expired.token}/redeem`, signUp);
    const b = await post(`/api/invites/${revoked.token}/redeem`, signUp);
    expect([a.status, await a.json()]).toEqual([410, { error: 'this invite link has expired' }]);
    expect([b.status, await b.json()]).toEqual([410, { error: 'this invite link was revoked' }]);
    expect(server.accounts.users().some((u) => u.username === 'newcomer')).toBe(false);

    const token = server.credentials.createBearerToken(WORKSPACE, 'editor', 'Leaver');
    expect((await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    server.credentials.revokeBearerToken(token);
    expect((await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('validates sign-up fields with clear messages', async () => {
    const invite = server.accounts.createInvite(WORKSPACE, 'viewer', 86400_000, 'test');
    const short = await post(`/api/invites/${invite.token}/redeem`, { username: 'ok-name', password: 'short', displayName: 'X' });
    expect([short.status, await short.json()]).toEqual([400, { error: 'password: a password has at least 10 characters' }]);
    const weird = await post(`/api/invites/${invite.token}/redeem`, { username: '<script>', password: 'long enough password', displayName: 'X' });
    expect((await weird.json()).error).toMatch(/username: a username uses letters/);
  });
});
