import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, Workspace, annotationKeys, rootNames } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, writeNotebookParagraph, type TestClient } from '../support/clients.js';

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

const syncUrl = () => `${server.url.replace('http', 'ws')}/sync/${WORKSPACE}`;

/** How a cookie connection to the sync endpoint ends up: open (it was sent the document) or closed with a code. */
function cookieConnection(cookie: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(syncUrl(), { headers: { cookie } });
    socket.once('message', () => {
      resolve('open');
      socket.close();
    });
    socket.once('close', (code) => resolve(code));
  });
}

/** The stock provider signed in with a browser's cookie (it cannot set one itself: the cookie goes as a header). */
function cookieClient(cookie: string): TestClient {
  class WithCookie extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const ydoc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/sync`, WORKSPACE, ydoc, { WebSocketPolyfill: WithCookie as unknown as typeof globalThis.WebSocket, disableBc: true });
  const client = { ydoc, workspace: new Workspace(ydoc), provider, destroy: () => (provider.destroy(), ydoc.destroy()) };
  clients.push(client);
  return client;
}

async function signUp(username: string, role: 'viewer' | 'editor' = 'viewer'): Promise<Response> {
  const { token } = server.accounts.createInvite(WORKSPACE, role, 86400_000, 'test');
  return send(`/api/invites/${token}/redeem`, 'POST', { username, password: 'a long enough password', displayName: `Someone called ${username}` });
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
    expect(await removed.json()).toEqual({ ok: true, closedConnections: 1, revokedTokens: 0 });
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

describe('usernames', () => {
  it('names one account however the username is spelled: case, surrounding space, fullwidth letters, ligatures', async () => {
    const joined = await signUp(' Ｎａｄｉａ ');
    expect(joined.status).toBe(200);
    const me = (await (await fetch(`${server.url}/api/session`, { headers: { cookie: cookieOf(joined) } })).json()) as { userId: string; username: string };
    expect(me.username).toBe('nadia');

    for (const variant of ['nadia', 'NADIA', 'Nadia ', 'ｎａｄｉａ', '\u3000nadia\u00a0']) {
      const login = await send('/api/login', 'POST', { username: variant, password: 'a long enough password' });
      expect([variant, login.status, ((await login.json()) as { userId?: string }).userId]).toEqual([variant, 200, me.userId]);
    }
    for (const variant of ['NADIA', 'ｎａｄｉａ', 'nadia\t']) {
      const taken = await signUp(variant);
      expect([taken.status, await taken.json()]).toEqual([409, { error: 'the username “nadia” is taken' }]);
    }

    // “ﬁ” is one character, the ligature of f and i.
    expect((await signUp('ﬁona')).status).toBe(200);
    expect(server.accounts.users().filter((u) => u.username === 'fiona')).toHaveLength(1);
    expect((await signUp('Fiona')).status).toBe(409);
    expect((await send('/api/login', 'POST', { username: 'FIONA', password: 'a long enough password' })).status).toBe(200);
  });

  it('keeps the owner’s username for the owner’s sign-in link, before the owner has used it', async () => {
    const fresh = tempDataDir();
    const unclaimed = await startTestServer(fresh.dir);
    try {
      const { token } = unclaimed.accounts.createInvite(WORKSPACE, 'viewer', 86400_000, 'cli');
      for (const username of ['owner', 'Owner', ' ＯＷＮＥＲ ']) {
        const taken = await fetch(`${unclaimed.url}/api/invites/${token}/redeem`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-crosswalk': '1' },
          body: JSON.stringify({ username, password: 'a long enough password', displayName: 'The Owner' }),
        });
        expect([taken.status, await taken.json()]).toEqual([409, { error: 'the username “owner” is reserved for the workspace’s owner' }]);
      }
      expect(() => unclaimed.accounts.createUser({ username: 'OWNER', displayName: 'Impostor', password: 'a long enough password' })).toThrow('reserved');
      expect(unclaimed.accounts.users()).toEqual([]);

      const signin = await fetch(unclaimed.ownerLink(), { redirect: 'manual' });
      expect(signin.status).toBe(303);
      const session = await fetch(`${unclaimed.url}/api/session`, { headers: { cookie: cookieOf(signin) } });
      expect(await session.json()).toMatchObject({ userId: 'owner', username: 'owner', memberships: [{ workspaceId: WORKSPACE, role: 'owner' }] });
    } finally {
      await unclaimed.close();
      fresh.cleanup();
    }
  });
});

describe('password changes', () => {
  it('end the member’s other sessions, over HTTP and WebSocket, and keep the one that made the change', async () => {
    const user = server.accounts.createUser({ username: 'paula', displayName: 'Paula', password: 'paula password 1' });
    server.accounts.addMember(WORKSPACE, user.id, 'editor');
    const login = async () => cookieOf(await send('/api/login', 'POST', { username: 'paula', password: 'paula password 1' }));
    const [here, there] = [await login(), await login()];
    const laptop = cookieClient(there);
    await synced(laptop);

    const laptopClosed = new Promise<{ code: number; reason: string }>((resolve) => laptop.provider.once('closed', resolve));
    const changed = await send('/api/password', 'POST', { current: 'paula password 1', next: 'paula password 2' }, here);
    expect(await changed.json()).toEqual({ ok: true, endedSessions: 1 });
    // The connection the ended session opened before the change is closed at once, for good.
    expect(await laptopClosed).toMatchObject({ code: CloseCode.Unauthorized, reason: expect.stringMatching(/password was changed/) });

    expect((await fetch(`${server.url}/api/session`, { headers: { cookie: there } })).status).toBe(401);
    expect(await cookieConnection(there)).toBe(CloseCode.Unauthorized);
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie: here } })).status).toBe(200);
    expect(await cookieConnection(here)).toBe('open');
    writeNotebookParagraph(laptop, 'written after the password changed');
    expect(new Workspace(server.sync.room(WORKSPACE)!.ydoc).notebook().toString()).not.toContain('written after the password changed');
  });
});
