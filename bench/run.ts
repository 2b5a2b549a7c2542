// npm run bench: sync latency of Crosswalk against the reference y-websocket server, same
// workload, same run. BENCH_CLIENTS="10,50" picks the client counts.
import { runAlignmentBench } from './alignment.js';
import { runAnnotationBench } from './annotations.js';
import { runSyncWorkload, startCrosswalk, startHocuspocus, startReference, type SyncResult, type SyncWorkload } from './sync-latency.js';

process.setMaxListeners(0); // each stock provider adds an exit listener
const counts = (process.env.BENCH_CLIENTS ?? '10,50,100').split(',').map(Number);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function row(r: SyncResult): string {
  return [r.server.padEnd(34), String(r.clients).padStart(4), fmt(r.p50).padStart(8), fmt(r.p95).padStart(8), fmt(r.p99).padStart(8), fmt(r.max).padStart(8), fmt(r.editsPerSecond, 0).padStart(9), String(r.converged).padStart(10), fmt(r.peakRssMb).padStart(9), fmt(r.cpuSeconds, 2).padStart(7)].join(' ');
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only === undefined || only === 'annotations') await runAnnotationBench();
  if (only === undefined || only === 'alignment') await runAlignmentBench();
  if (only === 'annotations' || only === 'alignment') process.exit(0);
  console.log('Sync latency: N stock y-websocket providers in one workspace; after all are synced, each appends');
  console.log('to its own notebook paragraph, 20 edits at one per 50 ms. Latency = until every other client has the edit.');
  console.log('Servers run as child processes on loopback. Baselines: @y/websocket-server 0.1.1 and @hocuspocus/server 3, in memory.\n');
  console.log(['server'.padEnd(34), '   N', '  p50 ms', '  p95 ms', '  p99 ms', '  max ms', ' edits/s', ' converged', ' peak MB', '  cpu s'].join(' '));
  for (const clients of counts) {
    const workload: SyncWorkload = { clients, editsPerClient: 20, editIntervalMs: 50 };
    const results: SyncResult[] = [];
    for (const [name, start] of [
      ['crosswalk (SQLite log, auth on)', startCrosswalk],
      ['reference @y/websocket-server', startReference],
      ['reference @hocuspocus/server 3', startHocuspocus],
    ] as const) {
      const server = await start();
      try {
        results.push(await runSyncWorkload(name, server, workload));
      } finally {
        server.child.kill('SIGTERM');
        server.cleanup();
      }
      console.log(row(results.at(-1)!));
    }
    const [ours, ...references] = results as [SyncResult, ...SyncResult[]];
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
