import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { CloseCode, type ProgramToken } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const api = `/api/workspaces/${WORKSPACE}/tokens`;
let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let owner: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  owner = (await fetch(server.ownerLink(), { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
  server.store.createWorkspace('elsewhere', 'Elsewhere', Y.encodeStateAsUpdate(new Y.Doc()));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  data.cleanup();
});

const call = (path: string, method = 'GET', cookie = owner) => fetch(server.url + path, { method, headers: { cookie, 'x-crosswalk': '1' } });
const withToken = (path: string, token: string, method = 'GET') => fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}` } });
const sha256 = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

type Listed = ProgramToken;
async function listed(): Promise<Listed[]> {
  const response = await call(api);
  expect(response.status).toBe(200);
  return ((await response.json()) as { tokens: Listed[] }).tokens;
}
const idOf = (token: string) => sha256(token).slice(0, 16);

function closedOnce(client: TestClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => client.provider.once('closed', resolve));
}

/** How a fresh connection with this token ends up: open (it was sent the document) or closed with a code. */
function connection(token: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${WORKSPACE}?token=${token}`);
    socket.once('message', () => {
      resolve('open');
      socket.close();
    });
    socket.once('close', (code) => resolve(code));
  });
}

describe('bearer tokens', () => {
  it('are listed to owners with name, role and dates, never with their secret or hash', async () => {
    const token = server.credentials.createBearerToken(WORKSPACE, 'annotator', 'Nightly export <script>');
    const other = server.credentials.createBearerToken('elsewhere', 'owner', 'Elsewhere bot');
    const response = await call(api);
    const text = await response.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(sha256(token));
    expect(text).not.toContain(idOf(other));
    const mine = (JSON.parse(text) as { tokens: Listed[] }).tokens.find((t) => t.id === idOf(token));
    expect(mine).toEqual({ id: idOf(token), name: 'Nightly export <script>', role: 'annotator', createdAt: expect.any(String), expiresAt: null, revokedAt: null });
  });

  it('are listed and revoked by owners only', async () => {
    const token = server.credentials.createBearerToken(WORKSPACE, 'editor', 'Editor bot');
    expect((await withToken(api, token)).status).toBe(403);
    expect((await withToken(`${api}/${idOf(token)}`, token, 'DELETE')).status).toBe(403);
    const eddie = server.accounts.createUser({ username: 'eddie', displayName: 'Eddie', password: null });
    server.accounts.addMember(WORKSPACE, eddie.id, 'editor');
    const editorSession = server.credentials.startSession(eddie.id);
    expect((await call(api, 'GET', `cw_session=${editorSession}`)).status).toBe(403);
    expect((await call(`${api}/${idOf(token)}`, 'DELETE', `cw_session=${editorSession}`)).status).toBe(403);
    expect((await withToken('/api/session', token)).status).toBe(200);
  });

  it('once revoked, are refused at once over HTTP and for new connections, and their open connections close', async () => {
    const token = server.credentials.createBearerToken(WORKSPACE, 'editor', 'Sync bot');
    const client = connectClient(server.url, WORKSPACE, token);
    clients.push(client);
    await synced(client);
    const closed = closedOnce(client);

    const revoked = await call(`${api}/${idOf(token)}`, 'DELETE');
    expect([revoked.status, await revoked.json()]).toEqual([200, { ok: true, closedConnections: 1 }]);
    expect(await closed).toEqual({ code: CloseCode.Forbidden, reason: 'this token was revoked' });
    expect((await withToken('/api/session', token)).status).toBe(401);
    expect(await connection(token)).toBe(CloseCode.Unauthorized);
    expect((await listed()).find((t) => t.id === idOf(token))?.revokedAt).toEqual(expect.any(String));
    expect(server.accounts.auditLog(WORKSPACE, 5).find((e) => e.action === 'token.revoked')?.detail).toEqual({ token: idOf(token), name: 'Sync bot' });

    const again = await call(`${api}/${idOf(token)}`, 'DELETE');
    expect([again.status, await again.json()]).toEqual([404, { error: 'no open token with that id' }]);
  });

  it('cannot be revoked through another workspace, or by a made-up id', async () => {
    const other = server.credentials.createBearerToken('elsewhere', 'editor', 'Elsewhere editor');
    for (const id of [idOf(other), '0123456789abcdef', 'not-an-id', sha256(other)]) {
      expect([id, (await call(`${api}/${id}`, 'DELETE')).status]).toEqual([id, 404]);
    }
    expect((await withToken('/api/workspaces/elsewhere', other)).status).toBe(200);
  });

  it('go with their member: removing a member revokes the tokens issued to them and closes their connections', async () => {
    // An account made by a sign-in link has the slug of its name as id, as a token of that name does.
    const signin = await fetch(`${server.url}/signin?token=${server.credentials.createSigninToken(WORKSPACE, 'editor', 'Tess Tester')}`, { redirect: 'manual' });
    expect(signin.status).toBe(303);
    const tess = server.credentials.createBearerToken(WORKSPACE, 'editor', 'Tess Tester');
    // An account made through an invite has a random id; a token issued to its username is theirs too.
    const uma = server.accounts.createUser({ username: 'uma', displayName: 'Uma', password: null });
    server.accounts.addMember(WORKSPACE, uma.id, 'annotator');
    const umaToken = server.credentials.createBearerToken(WORKSPACE, 'annotator', 'uma');
    const bystander = server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Bystander');

    const tessClient = connectClient(server.url, WORKSPACE, tess);
    const umaClient = connectClient(server.url, WORKSPACE, umaToken);
    const bystanderClient = connectClient(server.url, WORKSPACE, bystander);
    clients.push(tessClient, umaClient, bystanderClient);
    await Promise.all([synced(tessClient), synced(umaClient), synced(bystanderClient)]);
    const [tessClosed, umaClosed] = [closedOnce(tessClient), closedOnce(umaClient)];

    const removeTess = await call(`/api/workspaces/${WORKSPACE}/members/tess-tester`, 'DELETE');
    expect(await removeTess.json()).toEqual({ ok: true, closedConnections: 1, revokedTokens: 1 });
    const removeUma = await call(`/api/workspaces/${WORKSPACE}/members/${uma.id}`, 'DELETE');
    expect(await removeUma.json()).toEqual({ ok: true, closedConnections: 1, revokedTokens: 1 });

    expect((await tessClosed).code).toBe(CloseCode.Forbidden);
    expect((await umaClosed).code).toBe(CloseCode.Forbidden);
    for (const token of [tess, umaToken]) {
      expect((await withToken('/api/session', token)).status).toBe(401);
      expect(await connection(token)).toBe(CloseCode.Unauthorized);
    }
    expect((await withToken('/api/session', bystander)).status).toBe(200);
    expect(bystanderClient.provider.wsconnected).toBe(true);
  });
});

describe('a token that acts as a member', () => {
  it('is worth no more than the member is now: demoted, it writes no more than their new role allows', async () => {
    const dana = server.accounts.createUser({ id: 'dana', username: 'dana', displayName: 'Dana', password: null });
    server.accounts.addMember(WORKSPACE, dana.id, 'editor');
    const token = server.credentials.createBearerToken(WORKSPACE, 'editor', 'Dana');
    expect(server.credentials.resolve(server.credentials.fromBearer(token)!, WORKSPACE)?.role).toBe('editor');
    server.accounts.setRole(WORKSPACE, dana.id, 'viewer');
    expect(server.credentials.resolve(server.credentials.fromBearer(token)!, WORKSPACE)?.role).toBe('viewer');
    // Over sync: the demoted member's token cannot write.
    const client = connectClient(server.url, WORKSPACE, token);
    clients.push(client);
    await synced(client);
    const closed = closedOnce(client);
    client.ydoc.getXmlFragment('notebook').insert(0, [new Y.XmlText('from a demoted token')]);
    expect(await closed).toMatchObject({ code: CloseCode.Refused, reason: expect.stringMatching(/viewers/) });
  });
});
