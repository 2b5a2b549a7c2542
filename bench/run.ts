// npm run bench: annotations, alignment, enforcement under attack, then sync latency of Crosswalk
// against the reference servers, same workload, same run. BENCH_ONLY=annotations|alignment|hostile|sync
// picks one section, BENCH_CLIENTS="10,50" the client counts, BENCH_REPEAT the runs per server (default 3).
import { runAlignmentBench } from './alignment.js';
import { runAnnotationBench } from './annotations.js';
import { runHostileBench } from './hostile.js';
import { runSyncWorkload, startCrosswalk, startHocuspocus, startReference, type SyncResult, type SyncWorkload } from './sync-latency.js';

process.setMaxListeners(0); // each stock provider adds an exit listener
const counts = (process.env.BENCH_CLIENTS ?? '10,50,100').split(',').map(Number);
const repeats = Number(process.env.BENCH_REPEAT ?? 3);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function row(r: SyncResult): string {
  return [r.server.padEnd(34), String(r.clients).padStart(4), fmt(r.p50).padStart(8), fmt(r.p95).padStart(8), fmt(r.p99).padStart(8), fmt(r.max).padStart(8), fmt(r.editsPerSecond, 0).padStart(9), String(r.converged).padStart(10), fmt(r.peakRssMb).padStart(9), fmt(r.cpuSeconds, 2).padStart(7)].join(' ');
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One server's runs of a workload as one row: the median of each figure; converged only if every run did. */
function medianOf(runs: SyncResult[]): SyncResult {
  const m = (key: 'p50' | 'p95' | 'p99' | 'max' | 'editsPerSecond' | 'peakRssMb' | 'cpuSeconds') => median(runs.map((r) => r[key]));
  return { server: runs[0]!.server, clients: runs[0]!.clients, p50: m('p50'), p95: m('p95'), p99: m('p99'), max: m('max'), editsPerSecond: m('editsPerSecond'), converged: runs.every((r) => r.converged), peakRssMb: m('peakRssMb'), cpuSeconds: m('cpuSeconds') };
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only === undefined || only === 'annotations') await runAnnotationBench();
  if (only === undefined || only === 'alignment') await runAlignmentBench();
  if (only === undefined || only === 'hostile') await runHostileBench();
  if (only === 'annotations' || only === 'alignment' || only === 'hostile') process.exit(0);
  console.log('Sync latency: N stock y-websocket providers in one workspace; after all are synced, each appends');
  console.log('to its own notebook paragraph, 20 edits at one per 50 ms. Latency = until every other client has the edit.');
  console.log('Servers run as child processes on loopback. Baselines: @y/websocket-server 0.1.1 and @hocuspocus/server 3, in memory.');
  console.log(`Each server runs the workload ${repeats} times, in turns with the others (this machine is shared and noisy);`);
  console.log('each figure is the median of those runs. cpu s = server CPU during the edits; peak MB = its peak RSS.\n');
  console.log(['server'.padEnd(34), '   N', '  p50 ms', '  p95 ms', '  p99 ms', '  max ms', ' edits/s', ' converged', ' peak MB', '  cpu s'].join(' '));
  const servers = [
    ['crosswalk (SQLite log, auth on)', startCrosswalk],
    ['reference @y/websocket-server', startReference],
    ['reference @hocuspocus/server 3', startHocuspocus],
  ] as const;
  for (const clients of counts) {
    const workload: SyncWorkload = { clients, editsPerClient: 20, editIntervalMs: 50 };
    const runs = servers.map(() => [] as SyncResult[]);
    for (let round = 0; round < repeats; round++) {
      // Each round starts with a different server, so that none always follows the same one.
      for (let k = 0; k < servers.length; k++) {
        const index = (k + round) % servers.length;
        const [name, start] = servers[index]!;
        const server = await start();
        try {
          runs[index]!.push(await runSyncWorkload(name, server, workload));
        } finally {
          server.child.kill('SIGTERM');
          server.cleanup();
        }
      }
    }
    const [ours, ...references] = runs.map(medianOf) as [SyncResult, ...SyncResult[]];
    for (const [i, result] of [ours, ...references].entries()) {
      console.log(row(result));
      console.log(`${''.padEnd(34)}      p99 of each run: ${runs[i]!.map((r) => fmt(r.p99)).join(', ')}`);
    }
    for (const ref of references) {
      console.log(
        `${`ratio crosswalk / ${ref.server.replace('reference ', '')}`.padEnd(34)} ${String(clients).padStart(4)} ${fmt(ours.p50 / ref.p50, 2).padStart(8)} ${fmt(ours.p95 / ref.p95, 2).padStart(8)} ${fmt(ours.p99 / ref.p99, 2).padStart(8)} ${fmt(ours.max / ref.max, 2).padStart(8)} ${fmt(ours.editsPerSecond / ref.editsPerSecond, 2).padStart(9)} ${''.padStart(10)} ${fmt(ours.peakRssMb / ref.peakRssMb, 2).padStart(9)} ${fmt(ours.cpuSeconds / ref.cpuSeconds, 2).padStart(7)}`,
      );
    }
    console.log('');
  }
  process.exit(0);
}

void main();
