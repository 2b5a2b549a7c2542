import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '../../core/index.js';
import { openDatabase } from '../../server/database.js';
import { SqliteUpdateStore } from '../../server/update-store.js';
import { repoRoot } from '../support/paths.js';
import { tempDataDir } from '../support/server.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const cli = path.join(repoRoot, 'server/cli.ts');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function serve(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('is serving on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

const texts = (ws: Workspace) => new Set(ws.notebook().toArray().map((p) => (p as Y.XmlElement).toArray().map((t) => t.toString()).join('')));

describe('durability', () => {
  const data = tempDataDir();
  const clients: TestClient[] = [];
  let server: ChildProcess | null = null;
  afterAll(() => {
    for (const c of clients) c.destroy();
    server?.kill('SIGKILL');
    data.cleanup();
  });

  it('loses nothing any client saw when the server is killed with SIGKILL mid-burst, and clients reconnect and converge', async () => {
    const port = await freePort();
    const env = { ...process.env, DATA_DIR: data.dir, PORT: String(port), HOST: '127.0.0.1' };
    const token = execFileSync(process.execPath, ['--import', 'tsx', cli, 'token', '--workspace', WORKSPACE, '--role', 'editor', '--name', 'Burst'], { env }).toString().trim();
    server = await serve(env);
    for (let i = 0; i < 3; i++) clients.push(connectClient(`http://127.0.0.1:${port}`, WORKSPACE, token));
    await Promise.all(clients.map(synced));

    // What each client received from the server: by the log-before-broadcast rule, all of it is on disk.
    const seen = new Set<string>();
    // Another client's paragraph can only reach a client through the server.
    clients.forEach((c, i) => {
      c.ydoc.on('update', (_u: Uint8Array, origin: unknown) => {
        if (origin === c.provider) for (const t of texts(c.workspace)) if (!t.startsWith(`client ${i} `)) seen.add(t);
      });
    });
    const written: string[] = [];
    let stop = false;
    const bursts = clients.map(async (c, i) => {
      for (let n = 0; !stop; n++) {
        const text = `client ${i} edit ${n}`;
        c.ydoc.transact(() => {
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [new Y.XmlText(text)]);
          c.workspace.notebook().push([paragraph]);
        }, 'local');
        written.push(text);
        await new Promise((r) => setTimeout(r, 3));
      }
    });
    // Kill in the middle of the burst, once traffic is flowing both ways.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (seen.size > 60) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    server.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    const seenAtKill = new Set(seen);
    stop = true;
    await Promise.all(bursts);

    // The store as the dead server left it holds everything any client had received.
    const db = openDatabase(data.dir);
    const stored = new Y.Doc();
    const { snapshot, updates } = new SqliteUpdateStore(db).load(WORKSPACE);
    if (snapshot) Y.applyUpdate(stored, snapshot);
    for (const u of updates) Y.applyUpdate(stored, u);
    db.close();
    const storedTexts = texts(new Workspace(stored));
    const missing = Array.from(seenAtKill).filter((t) => t !== '' && !storedTexts.has(t));
    expect(seenAtKill.size).toBeGreaterThan(60);
    expect(missing).toEqual([]);

    // Restarted, the clients reconnect by themselves and every edit, even unacknowledged ones, converges.
    server = await serve(env);
    const complete = (c: TestClient) => written.every((t) => texts(c.workspace).has(t));
    await Promise.all(
      clients.map(
        (c) =>
          new Promise<void>((resolve) => {
            const check = () => {
              if (!complete(c) || !c.provider.synced) return;
              c.ydoc.off('update', check);
              c.provider.off('sync', check);
              resolve();
            };
            c.ydoc.on('update', check);
            c.provider.on('sync', check);
            check();
          }),
      ),
    );
    const [first, ...rest] = clients.map((c) => c.workspace.notebook().toString());
    for (const other of rest) expect(other).toBe(first);
    expect(clients.every(complete)).toBe(true);
  }, 60_000);
});
