import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Workspace } from '../core/index.js';

export interface SyncWorkload {
  clients: number;
  editsPerClient: number;
  /** Milliseconds between two edits of one client. */
  editIntervalMs: number;
}

export interface SyncResult {
  server: string;
  clients: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  editsPerSecond: number;
  converged: boolean;
  peakRssMb: number;
  /** CPU time the server spent during the edits (its start-up left out). */
  cpuSeconds: number;
}

export interface RunningServer {
  url: string;
  token: string | null;
  child: ChildProcess;
  cleanup: () => void;
  /** Hocuspocus speaks its own framing: its clients use its provider. */
  protocol: 'y-websocket' | 'hocuspocus';
}

/** A connected client: its doc, whether it is synced, and how to leave. */
interface BenchClient {
  doc: Y.Doc;
  synced: Promise<void>;
  destroy: () => void;
}

export function connect(server: RunningServer, doc: Y.Doc): BenchClient {
  if (server.protocol === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({ url: server.url.replace('http', 'ws'), WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: 'secure-communities', document: doc });
    provider.attach();
    return {
      doc,
      synced: new Promise((resolve) => (provider.isSynced ? resolve() : provider.on('synced', () => resolve()))),
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/sync`, 'secure-communities', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: server.token ? { token: server.token } : {},
    disableBc: true,
  });
  return { doc, synced: new Promise((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve()))), destroy: () => provider.destroy() };
}

const root = path.resolve(import.meta.dirname, '..');
const tsxImport = ['--import', 'tsx'];

export function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

/** Crosswalk with its durable SQLite log and authentication on, as a child process. */
export async function startCrosswalk(): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosswalk-bench-'));
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  const cli = path.join(root, 'server/cli.ts');
  const token = execFileSync(process.execPath, [...tsxImport, cli, 'token', '--workspace', 'secure-communities', '--role', 'editor', '--name', 'Bench'], { env }).toString().trim();
  const child = spawn(process.execPath, [...tsxImport, cli, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await waitForListening(child);
  return { url, token, child, protocol: 'y-websocket', cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** The reference y-websocket server (@y/websocket-server 0.1.1), in memory, as a child process. */
export async function startReference(): Promise<RunningServer> {
  const child = spawn(process.execPath, [...tsxImport, path.join(root, 'bench/reference-y-websocket.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await waitForListening(child);
  return { url, token: null, child, protocol: 'y-websocket', cleanup: () => {} };
}

/** Hocuspocus 3.x (@hocuspocus/server), in memory, as a child process. */
export async function startHocuspocus(): Promise<RunningServer> {
  const child = spawn(process.execPath, [...tsxImport, path.join(root, 'bench/reference-hocuspocus.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await waitForListening(child);
  return { url, token: null, child, protocol: 'hocuspocus', cleanup: () => {} };
}

/** Peak resident memory and CPU time of a process, from /proc (Linux). */
function processUsage(pid: number): { peakRssMb: number; cpuSeconds: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { peakRssMb: hwm / 1024, cpuSeconds: ticks / 100 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * N stock providers join one workspace; once all are synced, each appends to its own notebook
 * paragraph at a bounded rate. An edit's latency is the time until every other client has it.
 */
export async function runSyncWorkload(name: string, server: RunningServer, workload: SyncWorkload): Promise<SyncResult> {
  const { clients: n, editsPerClient, editIntervalMs } = workload;
  const docs = Array.from({ length: n }, () => new Y.Doc());
  const clients = docs.map((doc) => connect(server, doc));
  await Promise.all(clients.map((c) => c.synced));

  // sent[w][e]: when writer w made edit e; remaining[w][e]: how many other clients still lack it.
  const sent = docs.map(() => [] as number[]);
  const remaining = docs.map(() => Array.from({ length: editsPerClient }, () => n - 1));
  const completed: number[] = [];
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  const total = n * editsPerClient;

  // Each client creates its own paragraph first, then waits until everyone has all paragraphs.
  docs.forEach((doc, i) =>
    doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.setAttribute('id', `bench-${i}`);
      paragraph.insert(0, [new Y.XmlText('')]);
      new Workspace(doc).notebook().push([paragraph]);
    }, 'local'),
  );
  await Promise.all(
    docs.map(
      (doc) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (new Workspace(doc).notebook().length < n) return;
            doc.off('update', check);
            resolve();
          };
          doc.on('update', check);
          check();
        }),
    ),
  );

  // Every reader watches each other writer's paragraph: constant work per received edit, so the
  // clients (all in this process) stay cheap and the figures are the server's.
  const paragraphText = (doc: Y.Doc, writer: number) =>
    (new Workspace(doc).notebook().toArray().find((node) => node instanceof Y.XmlElement && node.getAttribute('id') === `bench-${writer}`) as Y.XmlElement).get(0) as Y.XmlText;
  docs.forEach((doc, reader) => {
    for (let writer = 0; writer < n; writer++) {
      if (writer === reader) continue;
      const text = paragraphText(doc, writer);
      let seen = 0;
      text.observe(() => {
        const now = performance.now();
        for (; seen < text.length; seen++) {
          if (--remaining[writer]![seen]! === 0) {
            completed.push(now - sent[writer]![seen]!);
            if (completed.length === total) done();
          }
        }
      });
    }
  });

  const before = processUsage(server.child.pid!);
  const start = performance.now();
  await Promise.all(
    docs.map(async (doc, i) => {
      const text = paragraphText(doc, i);
      await new Promise((r) => setTimeout(r, Math.random() * editIntervalMs));
      for (let e = 0; e < editsPerClient; e++) {
        sent[i]![e] = performance.now();
        doc.transact(() => text.insert(text.length, 'x'), 'local');
        await new Promise((r) => setTimeout(r, editIntervalMs));
      }
    }),
  );
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 30_000));
  await Promise.race([allDone, timeout]);
  const elapsed = (performance.now() - start) / 1000;

  const reference = new Workspace(docs[0]!).notebook().toString();
  const converged = completed.length === total && docs.every((d) => new Workspace(d).notebook().toString() === reference);
  const after = processUsage(server.child.pid!);
  for (const c of clients) c.destroy();
  for (const d of docs) d.destroy();

  const sorted = [...completed].sort((a, b) => a - b);
  return {
    server: name,
    clients: n,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    editsPerSecond: completed.length / elapsed,
    converged,
    peakRssMb: after.peakRssMb,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
  };
}
