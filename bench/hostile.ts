// Enforcement under attack: how fast crafted updates are refused, and what a sign-in flood or a
// member over their write quota does to an honest member's edits. Crosswalk runs as a child
// process, as users run it; two stock providers are the honest members, one editing at a typing
// pace (5 edits a second), the other watching. Latency = from the edit until the watcher has it.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { connect, waitForListening, type RunningServer } from './sync-latency.js';
import { checkUpdate } from '../core/index.js';
import { encodeRawUpdate, rawItem, syncFrame } from '../test/support/raw-updates.js';

const root = path.resolve(import.meta.dirname, '..');
const cli = [...['--import', 'tsx'], path.join(root, 'server/cli.ts')];
const WORKSPACE = 'secure-communities';
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_REPEAT ?? 3);

interface Bench {
  server: RunningServer;
  tokens: Record<'writer' | 'watcher' | 'mallory' | 'viewer', string>;
}

async function start(): Promise<Bench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosswalk-hostile-'));
  // Every failed sign-in hashes (no limiter in the way): the worst case for the event loop.
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SIGNIN_ATTEMPTS_PER_15_MIN: '1000000' };
  const token = (role: string, name: string) => execFileSync(process.execPath, [...cli, 'token', '--workspace', WORKSPACE, '--role', role, '--name', name], { env }).toString().trim();
  const tokens = { writer: token('editor', 'Writer'), watcher: token('editor', 'Watcher'), mallory: token('annotator', 'Mallory'), viewer: token('viewer', 'Vic') };
  const child = spawn(process.execPath, [...cli, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await waitForListening(child);
  return { server: { url, token: null, child, protocol: 'y-websocket', cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) }, tokens };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** The honest members: edits at a typing pace for `ms`, latencies until the watcher has each. */
async function honestEdits(bench: Bench, ms: number): Promise<number[]> {
  const withToken = (token: string): RunningServer => ({ ...bench.server, token });
  const writer = connect(withToken(bench.tokens.writer), new Y.Doc());
  const watcher = connect(withToken(bench.tokens.watcher), new Y.Doc());
  await Promise.all([writer.synced, watcher.synced]);
  const mine = new Y.XmlText();
  writer.doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [mine]);
    writer.doc.getXmlFragment('notebook').insert(0, [paragraph]);
  });
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const watch = () => {
    const text = watcher.doc.getXmlFragment('notebook').toString();
    for (const [marker, at] of sent) {
      if (text.includes(marker)) {
        latencies.push(performance.now() - at);
        sent.delete(marker);
      }
    }
  };
  watcher.doc.on('update', watch);
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) {
    const marker = `[${i}-${Math.random().toString(36).slice(2, 6)}]`;
    sent.set(marker, performance.now());
    mine.insert(mine.length, marker);
    await sleep(200);
  }
  await sleep(500);
  watcher.doc.off('update', watch);
  writer.destroy();
  watcher.destroy();
  return latencies;
}

/** 16 loops of sign-ins with bad passwords, until `stop`. */
async function signinFlood(bench: Bench, stop: () => boolean): Promise<number> {
  let attempts = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, loop) => {
      while (!stop()) {
        await fetch(`${bench.server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crosswalk': '1' }, body: JSON.stringify({ username: `guess-${loop}-${attempts}`, password: 'wrong password, again' }) }).then((r) => r.arrayBuffer());
        attempts += 1;
      }
    }),
  );
  return attempts;
}

/** Opens a socket, sends `frames`, resolves with the close and the ms from the first send to it. */
function sendRaw(bench: Bench, token: string, frames: Uint8Array[]): Promise<{ code: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${bench.server.url.replace('http', 'ws')}/sync/${WORKSPACE}?token=${token}`);
    let sentAt = 0;
    ws.once('message', () => {
      sentAt = performance.now();
      for (const frame of frames) ws.send(frame);
    });
    ws.on('close', (code) => resolve({ code, ms: performance.now() - sentAt }));
    ws.on('error', reject);
  });
}

/** A member over their quota: large notebook writes and floods of tiny ones, reconnecting after each refusal. */
async function quotaWriter(bench: Bench, stop: () => boolean): Promise<number> {
  let refused = 0;
  let client = 8_000_000;
  while (!stop()) {
    const doc = new Y.Doc();
    doc.clientID = client++;
    const text = new Y.XmlText();
    doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [text]);
      doc.getXmlFragment('notebook').insert(0, [paragraph]);
    });
    const frames = [syncFrame(Y.encodeStateAsUpdate(doc))];
    for (let i = 0; i < 2_000; i++) {
      const sv = Y.encodeStateVector(doc);
      text.insert(text.length, 'x');
      frames.push(syncFrame(Y.encodeStateAsUpdate(doc, sv)));
    }
    const { code } = await sendRaw(bench, bench.tokens.mallory, frames);
    if (code === 4529) refused += 1;
    await sleep(100);
  }
  return refused;
}

/** The two attacks that used to stall the server: ms from sending until the refusal arrives. */
async function crafted(bench: Bench): Promise<{ huge: number[]; chain: number[] }> {
  const huge = encodeRawUpdate({ sections: [{ client: 9_000_002, structs: [rawItem(Y.createID(9_000_002, 0), new Y.ContentDeleted(2 ** 40), { parent: 'notebook' })] }], ds: [{ client: 9_000_002, ranges: [[0, 2 ** 40]] }] });
  const chain = encodeRawUpdate({
    sections: [{ client: 9_000_003, structs: Array.from({ length: 40_000 }, (_, i) => rawItem(Y.createID(9_000_003, i), new Y.ContentString('x'), i === 0 ? { parent: 'notebook' } : { origin: Y.createID(9_000_003, i - 1) })) }],
    ds: [],
  });
  const result = { huge: [] as number[], chain: [] as number[] };
  for (let i = 0; i < 5; i++) {
    result.huge.push((await sendRaw(bench, bench.tokens.viewer, [syncFrame(huge)])).ms);
    result.huge.push((await sendRaw(bench, bench.tokens.mallory, [syncFrame(huge)])).ms);
    result.chain.push((await sendRaw(bench, bench.tokens.mallory, [syncFrame(chain)])).ms);
  }
  console.log(`  (the chain is ${Math.round(chain.byteLength / 1024)} KB, the huge deletion ${huge.byteLength} bytes)`);
  // The server's own share: the check alone, in this process, against a fresh document.
  const doc = new Y.Doc();
  const checkMs = (update: Uint8Array) =>
    median(
      Array.from({ length: 15 }, () => {
        const start = performance.now();
        checkUpdate(doc, update);
        return performance.now() - start;
      }),
    );
  console.log(`  (checkUpdate alone, median of 15 in-process: the deletion ${checkMs(huge).toFixed(2)} ms, the chain ${checkMs(chain).toFixed(1)} ms)`);
  return result;
}

export async function runHostileBench(): Promise<void> {
  console.log('Enforcement under attack: an honest member edits at 5 edits/s while the server is attacked;');
  console.log(`latency = until another honest member has the edit. ${ROUNDS} rounds, phases of ${PHASE_MS / 1000} s in turns; medians of the rounds, and each round's.\n`);
  const phases = ['quiet', 'sign-in flood', 'quota writer'] as const;
  const figures = Object.fromEntries(phases.map((p) => [p, [] as { p50: number; p95: number; n: number; attack: number }[]])) as Record<(typeof phases)[number], { p50: number; p95: number; n: number; attack: number }[]>;
  const bench = await start();
  try {
    const attacks = await crafted(bench);
    console.log(`crafted updates, refused in (ms, client side, loopback): 2^40 deletion median ${median(attacks.huge).toFixed(1)} (max ${Math.max(...attacks.huge).toFixed(1)}), 40,000-item chain median ${median(attacks.chain).toFixed(1)} (max ${Math.max(...attacks.chain).toFixed(1)})\n`);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < phases.length; k++) {
        const phase = phases[(k + round) % phases.length]!;
        let stopped = false;
        const stop = () => stopped;
        const attack = phase === 'sign-in flood' ? signinFlood(bench, stop) : phase === 'quota writer' ? quotaWriter(bench, stop) : Promise.resolve(0);
        const latencies = await honestEdits(bench, PHASE_MS);
        stopped = true;
        figures[phase].push({ p50: median(latencies), p95: percentile(latencies, 95), n: latencies.length, attack: await attack });
      }
    }
  } finally {
    bench.server.child.kill('SIGTERM');
    bench.server.cleanup();
  }
  console.log(['phase'.padEnd(16), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), '  p50 of each round', '   attack'].join(' '));
  for (const phase of phases) {
    const runs = figures[phase];
    const what = phase === 'sign-in flood' ? 'sign-ins' : phase === 'quota writer' ? 'refusals' : '';
    console.log(
      [phase.padEnd(16), median(runs.map((r) => r.p50)).toFixed(1).padStart(8), median(runs.map((r) => r.p95)).toFixed(1).padStart(8), `  ${runs.map((r) => r.p50.toFixed(1)).join(', ')}`.padEnd(20), what ? `   ${runs.map((r) => r.attack).join(', ')} ${what}` : ''].join(' '),
    );
  }
  console.log('');
}
