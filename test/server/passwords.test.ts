import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
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
    const started = performance.now();
    expect(await verifyPassword('a long enough password', null)).toBe(false);
    const withoutHash = performance.now() - started;
    const again = performance.now();
    await verifyPassword('a long enough password', stored);
    expect(withoutHash).toBeGreaterThan((performance.now() - again) / 3);
  });

  it('are hashed off the main thread, two at a time, so a flood of sign-ins leaves sync edits fast', async () => {
    server.accounts.createUser({ username: 'flooded', displayName: 'Flooded', password: 'correct horse battery' });
    // What one hash costs on this machine now: a sign-in that hashed on the main thread would stall it this long.
    const started = performance.now();
    hashPasswordSync('calibration');
    const oneHash = performance.now() - started;

    const delay = monitorEventLoopDelay({ resolution: 5 });
    let most = { running: 0, waiting: 0 };
    const sampler = setInterval(() => {
      const load = hashingLoad();
      most = { running: Math.max(most.running, load.running), waiting: Math.max(most.waiting, load.waiting) };
    }, 1);
    delay.enable();
    const flood = Array.from({ length: FLOOD }, (_, i) => login('flooded', i % 2 ? 'correct horse battery' : `guess ${i}`));
    const editTimes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const sent = performance.now();
      writeNotebookParagraph(writer, `edit ${i} during the flood`);
      await whenDoc(witness.ydoc, () => witness.workspace.notebook().toString().includes(`edit ${i} during the flood`));
      editTimes.push(performance.now() - sent);
    }
    const statuses = await Promise.all(flood.map(async (r) => (await r).status));
    delay.disable();
    clearInterval(sampler);

    expect(statuses.filter((s) => s === 200)).toHaveLength(FLOOD / 2);
    expect(statuses.filter((s) => s === 401)).toHaveLength(FLOOD / 2);
    expect(most).toEqual({ running: 2, waiting: expect.any(Number) });
    expect(most.waiting).toBeGreaterThan(0);
    expect(hashingLoad()).toEqual({ running: 0, waiting: 0 });
    // Hashing on the main thread stalls it for several hashes in a row (measured: 5 to 7 here);
    // off it, the stalls stay under one hash's time, CPU contention from the pool included.
    expect(delay.max / 1e6).toBeLessThan(2 * oneHash);
    expect(Math.max(...editTimes)).toBeLessThan(3 * oneHash);
  });
});
