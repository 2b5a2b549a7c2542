import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrosswalkServer } from '../../server/app.js';
import { hashPasswordSync, hashingLoad, verifyPassword } from '../../server/passwords.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, writeNotebookParagraph, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const FLOOD = 16;
let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let writer: TestClient;
let witness: TestClient;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir, { signinAttemptsPer15Min: 1000 });
  writer = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'editor', 'Writer'));
  witness = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Witness'));
  await Promise.all([synced(writer), synced(witness)]);
});
afterAll(async () => {
  writer.destroy();
  witness.destroy();
  await server.close();
  data.cleanup();
});

const login = (username: string, password: string) =>
  fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crosswalk': '1' }, body: JSON.stringify({ username, password }) });

describe('passwords', () => {
  it('check against the stored hash, and spend the time when there is none', async () => {
    const stored = hashPasswordSync('a long enough password');
    expect(await verifyPassword('a long enough password', stored)).toBe(true);
    expect(await verifyPassword('a long enough passworD', stored)).toBe(false);
    // Without a stored hash it still hashes (so timing does not tell which accounts exist).
    const checking = verifyPassword('a long enough password', null);
    expect(hashingLoad().running + hashingLoad().waiting).toBe(1);
    expect(await checking).toBe(false);
    expect(hashingLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it('are hashed off the main thread, two at a time, so a flood of sign-ins leaves sync edits fast', async () => {
    server.accounts.createUser({ username: 'flooded', displayName: 'Flooded', password: 'correct horse battery' });
    let most = { running: 0, waiting: 0 };
    const sampler = setInterval(() => {
      const load = hashingLoad();
      most = { running: Math.max(most.running, load.running), waiting: Math.max(most.waiting, load.waiting) };
    }, 1);
    const flood = Array.from({ length: FLOOD }, (_, i) => login('flooded', i % 2 ? 'correct horse battery' : `guess ${i}`));
    // Edits go through while sign-ins still wait for their hashes: they do not queue behind them.
    // (How fast, under a longer flood, is measured by `npm run bench`.)
    await expect.poll(() => hashingLoad().waiting, { interval: 1 }).toBeGreaterThan(FLOOD / 2);
    for (let i = 0; i < 2; i++) {
      writeNotebookParagraph(writer, `edit ${i} during the flood`);
      await whenDoc(witness.ydoc, () => witness.workspace.notebook().toString().includes(`edit ${i} during the flood`));
    }
    expect(hashingLoad().waiting).toBeGreaterThan(0);
    const statuses = await Promise.all(flood.map(async (r) => (await r).status));
    clearInterval(sampler);

    expect(statuses.filter((s) => s === 200)).toHaveLength(FLOOD / 2);
    expect(statuses.filter((s) => s === 401)).toHaveLength(FLOOD / 2);
    expect(most).toEqual({ running: 2, waiting: expect.any(Number) });
    expect(most.waiting).toBeGreaterThan(0);
    expect(hashingLoad()).toEqual({ running: 0, waiting: 0 });
  });
});
