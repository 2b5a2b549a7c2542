import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
});

afterAll(async () => {
  await server.close();
  data.cleanup();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers, redirect: 'manual' });

describe('HTTP access', () => {
  it.each(['/', '/w/secure-communities', '/api/session', '/api/workspaces/secure-communities', '/api/workspaces/secure-communities/members'])(
    'lets nothing in without a session or token: %s',
    async (path) => {
      const response = await get(path, { accept: 'application/json' });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/sign in required/) });
    },
  );

  it('sends a browser to the sign-in page instead of answering JSON', async () => {
    const response = await get('/w/secure-communities', { accept: 'text/html' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Fw%2Fsecure-communities');
  });

  it('serves the sign-in and invite pages without a session, and no workspace data', async () => {
    for (const path of ['/login', '/invite/abc']) {
      const response = await get(path, { accept: 'text/html' });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="app">');
    }
  });

  it('signs in once with the owner link, then refuses the same link', async () => {
    const link = new URL(server.ownerLink());
    const first = await get(link.pathname + link.search);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/w/secure-communities');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const session = await get('/api/session', { cookie: cookie.split(';')[0]! });
    expect(await session.json()).toMatchObject({ userId: 'owner', name: 'Owner', role: 'owner', workspaceId: 'secure-communities', hasPassword: false });

    const again = await get(link.pathname + link.search);
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('ends a session on sign-out', async () => {
    const link = new URL(server.ownerLink());
    const cookie = (await get(link.pathname + link.search)).headers.get('set-cookie')!.split(';')[0]!;
    const out = await fetch(server.url + '/api/signout', { method: 'POST', headers: { cookie, 'x-crosswalk': '1' } });
    expect(out.status).toBe(200);
    expect((await get('/api/session', { cookie })).status).toBe(401);
  });

  it('accepts a bearer token from the CLI for programs', async () => {
    const token = server.credentials.createBearerToken('secure-communities', 'viewer', 'Script');
    const response = await get('/api/workspaces/secure-communities', { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { documents: { id: string; imported: boolean; date: string }[] };
    expect(body.documents.find((d) => d.id === 'secure-communities-ice-2015')?.imported).toBe(true);
    expect(body.documents.filter((d) => !d.imported).length).toBe(8);
  });

  it('answers an unknown API route with a JSON error', async () => {
    const token = server.credentials.createBearerToken('secure-communities', 'viewer', 'Script');
    const response = await get('/api/nothing-here', { authorization: `Bearer ${token}` });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no such API route' });
  });

  it('sends security headers', async () => {
    const response = await get('/api/session');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
