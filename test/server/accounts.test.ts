import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { CloseCode, annotationKeys, rootNames } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  data.cleanup();
});

const send = (path: string, method: string, body?: unknown, cookie?: string) =>
  fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', 'x-crosswalk': '1', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

async function ownerCookie(): Promise<string> {
  return cookieOf(await fetch(server.ownerLink(), { redirect: 'manual' }));
}

describe('accounts', () => {
  it('signs up through an invite, signs out, signs in again, and changes the password', async () => {
    const owner = await ownerCookie();
    const created = await send(`/api/workspaces/${WORKSPACE}/invites`, 'POST', { role: 'editor', expiresInDays: 2 }, owner);
    const { path } = (await created.json()) as { path: string };
    const token = path.split('/').pop()!;

    const info = await fetch(`${server.url}/api/invites/${token}`);
    expect(await info.json()).toMatchObject({ workspaceId: WORKSPACE, role: 'editor', workspaceTitle: expect.stringContaining('Secure Communities') });

    const joined = await send(`/api/invites/${token}/redeem`, 'POST', { username: 'esme', password: 'first password here', displayName: 'Esme Editor' });
    expect(await joined.json()).toEqual({ workspaceId: WORKSPACE, role: 'editor' });
    const session = cookieOf(joined);
    expect((await (await fetch(`${server.url}/api/session`, { headers: { cookie: session } })).json())).toMatchObject({ name: 'Esme Editor', username: 'esme', memberships: [{ workspaceId: WORKSPACE, role: 'editor' }] });

    expect((await send('/api/signout', 'POST', undefined, session)).status).toBe(200);
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie: session } })).status).toBe(401);

    expect((await send('/api/login', 'POST', { username: 'esme', password: 'wrong password!!' })).status).toBe(401);
    const login = await send('/api/login', 'POST', { username: 'ESME', password: 'first password here' });
    expect(login.status).toBe(200);
    const again = cookieOf(login);

    const wrong = await send('/api/password', 'POST', { current: 'not it at all', next: 'second password here' }, again);
    expect([wrong.status, await wrong.json()]).toEqual([403, { error: 'the current password is wrong' }]);
    expect((await send('/api/password', 'POST', { current: 'first password here', next: 'second password here' }, again)).status).toBe(200);
    expect((await send('/api/login', 'POST', { username: 'esme', password: 'first password here' })).status).toBe(401);
    expect((await send('/api/login', 'POST', { username: 'esme', password: 'second password here' })).status).toBe(200);
  });

  it('refuses a taken username', async () => {
    const { token } = server.accounts.createInvite(WORKSPACE, 'viewer', 86400_000, 'test');
    const taken = await send(`/api/invites/${token}/redeem`, 'POST', { username: 'esme', password: 'another password', displayName: 'Other Esme' });
    expect([taken.status, await taken.json()]).toEqual([409, { error: 'the username “esme” is taken' }]);
  });

  it('keeps at least one owner', async () => {
    const owner = await ownerCookie();
    const remove = await send(`/api/workspaces/${WORKSPACE}/members/owner`, 'DELETE', undefined, owner);
    expect([remove.status, await remove.json()]).toEqual([409, { error: 'a workspace keeps at least one owner' }]);
  });
});

describe('members', () => {
  it('closes a removed member’s open connections at once, and refuses them afterwards', async () => {
    const user = server.accounts.createUser({ username: 'rita', displayName: 'Rita', password: 'rita password 1' });
    server.accounts.addMember(WORKSPACE, user.id, 'annotator');
    const session = server.credentials.startSession(user.id);
    // A browser's cookie connection (the stock provider cannot set cookies): the cookie as a header.
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${WORKSPACE}`, { headers: { cookie: `cw_session=${session}` } });
    await new Promise((resolve) => socket.once('message', resolve));

    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    const owner = await ownerCookie();
    const removed = await send(`/api/workspaces/${WORKSPACE}/members/${user.id}`, 'DELETE', undefined, owner);
    expect(await removed.json()).toEqual({ ok: true, closedConnections: 1 });
    expect(await closed).toEqual({ code: CloseCode.Forbidden, reason: 'you were removed from this workspace' });

    const retry = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${WORKSPACE}`, { headers: { cookie: `cw_session=${session}` } });
    const refused = await new Promise<number>((resolve) => retry.once('close', (code) => resolve(code)));
    expect(refused).toBe(CloseCode.Forbidden);
    expect(server.accounts.auditLog(WORKSPACE, 5).some((e) => e.action === 'member.removed')).toBe(true);
  });

  it('refuses annotation records with markup in their tags, written by a hostile client', async () => {
    const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'annotator', 'Tagger'));
    clients.push(client);
    await synced(client);
    const entry = new Y.Map<unknown>();
    const closed = new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve));
    client.ydoc.transact(() => {
      client.ydoc.getMap(rootNames.ANNOTATIONS).set('tagged', entry);
      entry.set(annotationKeys.RECORD, {
        id: 'tagged', kind: 'question', body: 'Q?', tags: ['<script>alert(1)</script>'], author: { id: 'tagger', name: 'Tagger' },
        created: new Date().toISOString(), updated: new Date().toISOString(),
        passage: { documentId: 'secure-communities-ice-2015', start: {}, end: {}, quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 } },
      });
    }, 'local');
    const { code, reason } = await closed;
    expect(code).toBe(CloseCode.Refused);
    expect(reason).toMatch(/invalid annotation/);
    expect(server.sync.room(WORKSPACE)!.ydoc.getMap(rootNames.ANNOTATIONS).has('tagged')).toBe(false);
  });
});
