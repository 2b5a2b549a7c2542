import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUse, holdDataDir } from '../../server/data-lock.js';
import { repoRoot } from '../support/paths.js';
import { tempDataDir } from '../support/server.js';

const bin = path.join(repoRoot, 'bin/crosswalk.js');

let data: ReturnType<typeof tempDataDir>;
const children: ChildProcess[] = [];
beforeEach(() => {
  data = tempDataDir();
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => stop(child)));
  data.cleanup();
});

type Outcome = { serving: true; pid: number } | { serving: false; code: number | null; stderr: string };

/** Starts `crosswalk serve` on a free port; resolves once it serves or has exited. */
function serve(dataDir = data.dir): { child: ChildProcess; outcome: Promise<Outcome> } {
  const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const outcome = new Promise<Outcome>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('is serving on')) resolve({ serving: true, pid: child.pid! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ serving: false, code, stderr }));
  });
  return { child, outcome };
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

const pidFile = () => path.join(data.dir, 'server.pid');

// Each case starts Node processes that compile the CLI with tsx: slow on a busy machine.
describe('one process per data folder', { timeout: 90_000 }, () => {
  it('refuses a second serve while the first runs, naming it, and lets one start once it has stopped', async () => {
    const first = serve();
    expect(await first.outcome).toMatchObject({ serving: true });
    const second = await serve().outcome;
    expect(second).toMatchObject({ serving: false, code: 2 });
    expect((second as { stderr: string }).stderr).toContain(`process ${first.child.pid} (crosswalk serve) is using this data folder`);

    expect(await stop(first.child)).toBe(0);
    expect(fs.existsSync(pidFile())).toBe(false);
    const third = serve();
    expect(await third.outcome).toMatchObject({ serving: true });
  });

  it('lets exactly one of three serves started at the same moment on a new data folder run', async () => {
    const fresh = path.join(data.dir, 'new');
    const outcomes = await Promise.all([serve(fresh), serve(fresh), serve(fresh)].map((s) => s.outcome));
    expect(outcomes.filter((o) => o.serving)).toHaveLength(1);
    for (const refused of outcomes.filter((o) => !o.serving)) {
      expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/is using this data folder.*stop it first/) });
    }
  });

  it('is not blocked by what a server killed with SIGKILL left behind, even a pid file naming a live process', async () => {
    const killed = serve();
    expect(await killed.outcome).toMatchObject({ serving: true });
    await stop(killed.child, 'SIGKILL');
    expect(fs.readFileSync(pidFile(), 'utf8')).toMatch(new RegExp(`^${killed.child.pid} serve`));
    // Pids are reused: a stale pid file may well name a process that is alive.
    fs.writeFileSync(pidFile(), `${process.pid} serve\n`);
    const next = serve();
    expect(await next.outcome).toMatchObject({ serving: true });
    expect(fs.readFileSync(pidFile(), 'utf8')).toMatch(new RegExp(`^${next.child.pid} serve`));
  });

  it('refuses serve while another command (a restore) holds the folder', async () => {
    const release = holdDataDir(data.dir, 'restore');
    try {
      const refused = await serve().outcome;
      expect(refused).toMatchObject({ serving: false, code: 2, stderr: expect.stringContaining(`process ${process.pid} (crosswalk restore) is using this data folder`) });
    } finally {
      release();
    }
    expect(await serve().outcome).toMatchObject({ serving: true });
  });
});

describe('holdDataDir within one process', () => {
  it('nests: the folder stays held until every claim is released, and a release twice counts once', () => {
    const outer = holdDataDir(data.dir, 'serve');
    const inner = holdDataDir(data.dir, 'serve');
    inner();
    inner();
    expect(fs.readFileSync(pidFile(), 'utf8')).toBe(`${process.pid} serve\n`);
    outer();
    expect(fs.existsSync(pidFile())).toBe(false);
    // Released for real: a fresh claim succeeds and writes its own name.
    holdDataDir(data.dir, 'import')();
  });

  it('creates a data folder that is not there yet', () => {
    const nested = path.join(data.dir, 'a', 'b');
    holdDataDir(nested)();
    expect(fs.statSync(nested).isDirectory()).toBe(true);
  });

  it('throws DataDirInUse naming the holder when another process has the folder', async () => {
    const holder = serve();
    expect(await holder.outcome).toMatchObject({ serving: true });
    let thrown: unknown;
    try {
      holdDataDir(data.dir, 'import');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataDirInUse);
    expect((thrown as DataDirInUse).holder).toEqual({ pid: holder.child.pid, command: 'serve' });
  }, 60_000);
});
