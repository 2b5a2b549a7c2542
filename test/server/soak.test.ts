import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { Workspace } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startServer } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';
import { slugOf } from '../../server/credentials.js';
import { tempDataDir } from '../support/server.js';
import { connectClient, synced, writeNotebookParagraph, type TestClient } from '../support/clients.js';
import { passageIn, NOTICE } from '../support/annotated-workspace.js';

// Short by default in `npm test`; SOAK_SECONDS=60 SOAK_CLIENTS=100 SOAK_WORKSPACES=10 for the full run.
const SECONDS = Number(process.env.SOAK_SECONDS ?? 6);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 30);
const WORKSPACES = Number(process.env.SOAK_WORKSPACES ?? 5);
/**
 * Heap growth allowed from the end of a warm-up round to the end of the measured round, each
 * ending once the load has stopped and every workspace has unloaded (the warm-up absorbs the
 * code the JIT compiles, so what remains is what the server keeps).
 */
const HEAP_BOUND_MB = 24;

// Every stock provider adds a process exit listener; dozens at once are expected here.
process.setMaxListeners(0);
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
async function heapMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed / 1048576;
}

const snapshotOf = (doc: Y.Doc) => ({
  notebook: new Workspace(doc).notebook().toString(),
  annotations: new Workspace(doc).annotations().list().map((a) => `${a.id}:${a.replies.length}`).sort(),
});

/** Resolves when, at one moment, every client holds exactly the room's state (late updates from
 * reconnecting clients can still be on their way when one client alone first matches). */
function allConverged(clients: TestClient[], room: Y.Doc): Promise<void> {
  const docs = [room, ...clients.map((c) => c.ydoc)];
  return new Promise((resolve) => {
    const check = () => {
      const target = Buffer.from(Y.encodeStateVector(room));
      if (!clients.every((c) => target.equals(Buffer.from(Y.encodeStateVector(c.ydoc))))) return;
      for (const doc of docs) doc.off('update', check);
      resolve();
    };
    for (const doc of docs) doc.on('update', check);
    check();
  });
}

/**
 * One round of mixed load: clients edit the notebook, annotate, reply, drop and come back;
 * then everyone syncs, each workspace is checked for convergence, and all leave. Resolves
 * when every workspace has unloaded, with the number of actions and any divergence found.
 */
async function loadRound(server: CrosswalkServer, ids: string[], seconds: number, round: number): Promise<{ actions: number; diverged: string[] }> {
  let clients: { client: TestClient; workspace: string; me: { id: string; name: string } }[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const workspace = ids[i % ids.length]!;
    const name = `Soaker ${round}-${i}`;
    clients.push({ client: connectClient(server.url, workspace, server.credentials.createBearerToken(workspace, 'editor', name)), workspace, me: { id: slugOf(name), name } });
  }
  await Promise.all(clients.map(({ client }) => synced(client)));

  const random = prng.create(round);
  const deadline = Date.now() + seconds * 1000;
  let actions = 0;
  await Promise.all(
    clients.map(async ({ client, me }, i) => {
      let made = 0;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20 + prng.int32(random, 0, 40)));
        const roll = prng.int32(random, 0, 99);
        if (roll < 4 && client.provider.wsconnected) {
          // Leave and come back, as a flaky laptop would.
          client.provider.disconnect();
          await new Promise((r) => setTimeout(r, prng.int32(random, 10, 120)));
          client.provider.connect();
          continue;
        }
        if (roll < 60) writeNotebookParagraph(client, `${me.name} note ${actions}`);
        else if (roll < 80) client.workspace.annotations().create({ id: `s${round}-${i}-${made++}`, author: me, passage: passageIn(client.workspace, NOTICE, 'Secure Communities'), content: { kind: 'question', body: `Q ${actions}`, tags: [] } }, 'local');
        else {
          const target = client.workspace.annotations().list()[0];
          if (target) client.workspace.annotations().addReply(target.id, { id: `r${round}-${i}-${actions}`, author: me, body: `Reply ${actions}` }, 'local');
        }
        actions += 1;
      }
    }),
  );

  for (const { client } of clients) if (!client.provider.wsconnected) client.provider.connect();
  await Promise.all(clients.map(({ client }) => synced(client)));
  const diverged: string[] = [];
  for (const id of ids) {
    const room = server.sync.room(id)!.ydoc;
    const members = clients.filter((c) => c.workspace === id).map((c) => c.client);
    await allConverged(members, room);
    const expected = snapshotOf(room);
    for (const c of members) {
      const actual = snapshotOf(c.ydoc);
      if (JSON.stringify(actual) === JSON.stringify(expected)) continue;
      const missing = expected.annotations.filter((a) => !actual.annotations.includes(a));
      const extra = actual.annotations.filter((a) => !expected.annotations.includes(a));
      diverged.push(`${id}: notebook ${actual.notebook === expected.notebook ? 'same' : 'differs'}; annotations only on the server ${missing.join(' ')}; only on the client ${extra.join(' ')}`);
    }
  }

  const unloaded = new Promise<void>((resolve) => {
    const left = new Set(server.sync.loadedWorkspaces());
    const onUnload = (id: string) => {
      left.delete(id);
      if (left.size > 0) return;
      server.sync.off('unload', onUnload);
      resolve();
    };
    server.sync.on('unload', onUnload);
  });
  for (const { client } of clients) client.destroy();
  clients = [];
  await unloaded;
  return { actions, diverged };
}

describe('steadiness under mixed load', () => {
  const data = tempDataDir();
  let server: CrosswalkServer | undefined;
  afterAll(async () => {
    await server?.close();
    data.cleanup();
  });

  it(`${CLIENTS} clients over ${WORKSPACES} workspaces for ${SECONDS} s: every workspace converges, memory returns, nothing goes wrong`, async () => {
    const serverLog: string[] = [];
    server = await startServer({ ...configFromEnv({}), host: '127.0.0.1', port: 0, dataDir: data.dir, idleUnloadMs: 150, compactAfterUpdates: 40 }, (line) => serverLog.push(line));
    // More workspaces, each a copy of the seeded one.
    const seed = server.store.load('secure-communities').snapshot!;
    const ids = Array.from({ length: WORKSPACES }, (_, i) => `soak-${i + 1}`);
    for (const id of ids) server.store.createWorkspace(id, `Soak ${id}`, seed);

    const warmUp = await loadRound(server, ids, Math.max(2, SECONDS / 3), 1);
    expect(warmUp.diverged).toEqual([]);
    const baseline = await heapMb();
    const measured = await loadRound(server, ids, SECONDS, 2);
    const growth = (await heapMb()) - baseline;

    // Each client acts every 20–60 ms when it can; on a busy 2-core machine, with the clients and
    // the server in one process, 4 actions per client-second show that the load was really there.
    expect(measured.actions).toBeGreaterThan(CLIENTS * SECONDS * 4);
    expect(measured.diverged).toEqual([]);
    expect(server.sync.loadedWorkspaces()).toEqual([]);
    expect(growth).toBeLessThan(HEAP_BOUND_MB);
    expect(serverLog).toEqual([]);
  }, (SECONDS * 2 + 90) * 1000);
});
