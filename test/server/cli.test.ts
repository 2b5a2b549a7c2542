import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Accounts } from '../../server/accounts.js';
import { openDatabase } from '../../server/database.js';
import { repoRoot } from '../support/paths.js';
import { startTestServer, tempDataDir } from '../support/server.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin/crosswalk.js');

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  data = tempDataDir();
});
afterEach(() => data.cleanup());

const env = () => ({ ...process.env, DATA_DIR: data.dir, PORT: '0' });
const crosswalk = (...args: string[]) => run(process.execPath, [bin, ...args], { env: env() });
/** Runs a command expected to fail: its exit code and what it wrote to stderr. */
const failing = (...args: string[]) =>
  crosswalk(...args).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
const W = 'secure-communities';

/** With the data folder's own database, opened beside whatever else has it open. */
function withDb<T>(use: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(data.dir);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

// Each case starts a Node process that compiles the CLI with tsx: slow on a busy machine.
describe('npx crosswalk', { timeout: 90_000 }, () => {
  it('token prints a bearer token that the server accepts', async () => {
    const { stdout } = await run(process.execPath, [bin, 'token', '--workspace', 'secure-communities', '--role', 'viewer', '--name', 'Script'], { env: env() });
    const token = stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const server = await startTestServer(data.dir);
    try {
      const response = await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
      expect(await response.json()).toMatchObject({ userId: 'script', name: 'Script', role: 'viewer', workspaceId: 'secure-communities' });
    } finally {
      await server.close();
    }
  });

  it.each([
    [['token', '--workspace', 'secure-communities', '--role', 'king', '--name', 'X'], /unknown role "king"/],
    [['token', '--workspace', 'secure-communities'], /missing --role, --name/],
    [['token', '--workspace', 'nowhere', '--role', 'viewer', '--name', 'X'], /no workspace "nowhere"/],
    [['fly'], /unknown command "fly"/],
  ])('exits with code 2 and says what is wrong: %j', async (args, message) => {
    const failure = await run(process.execPath, [bin, ...args], { env: env() }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(message);
  });

  // [args, exit code, message]: 2 when the command line is wrong, 1 when what it names is.
  const badArguments: [(dir: string) => string[], number, RegExp][] = [
    [() => ['token', 'viewer', '--workspace', 'secure-communities', '--role', 'viewer', '--name', 'X'], 2, /Unexpected argument 'viewer'/],
    [() => ['token', '--workspace', 'secure-communities', '--role', 'viewer', '--name'], 2, /Option '--name <value>' argument missing/],
    [(dir) => ['export', '--workspace', 'secure-communities', '--format', 'pdf', '--out', `${dir}/x.pdf`], 2, /unknown format "pdf" \(formats: html, /],
    [(dir) => ['export', '--workspace', 'secure-communities', '--format', 'csv', '--out', `${dir}/x.csv`, '--since', 'last week'], 2, /bad filter: since/],
    [() => ['export', '--workspace', 'secure-communities', '--format', 'csv'], 2, /missing --out/],
    [(dir) => ['export', '--workspace', 'nowhere', '--format', 'csv', '--out', `${dir}/x.csv`], 2, /no workspace "nowhere"/],
    [(dir) => ['export', '--workspace', 'secure-communities', '--format', 'csv', '--out', `${dir}/missing/x.csv`], 1, /cannot write .*missing\/x\.csv: the folder .*missing does not exist/],
    [() => ['import', '--workspace', 'secure-communities'], 2, /import needs the file to read/],
    [(dir) => ['import', '--workspace', 'secure-communities', `${dir}/a.json`, `${dir}/b.json`], 2, /import reads one file, not 2/],
    [(dir) => ['import', '--workspace', 'secure-communities', `${dir}/missing.json`], 1, /cannot read .*missing\.json: no such file or folder/],
    [(dir) => ['import', '--workspace', 'secure-communities', `${dir}/crosswalk.sqlite`], 1, /cannot read .*crosswalk\.sqlite: it is not JSON/],
    [() => ['import', '--format', 'w3c', 'file.json'], 2, /Unknown option '--format'/],
    [(dir) => ['backup', '--out', `${dir}/b.json`], 2, /missing --workspace/],
    [(dir) => ['backup', '--workspace', 'secure-communities', `${dir}/b.json`], 2, /Unexpected argument/],
    [(dir) => ['backup', '--workspace', 'secure-communities', '--out', dir], 1, /cannot write .*: it is a folder/],
    [(dir) => ['restore', `${dir}/b.json`], 2, /Unexpected argument/],
    [() => ['restore'], 2, /missing --file/],
    [(dir) => ['restore', '--file', `${dir}/missing.json`], 1, /cannot read .*missing\.json: no such file or folder/],
    [(dir) => ['restore', '--file', `${dir}/crosswalk.sqlite`], 1, /crosswalk\.sqlite is not a Crosswalk backup: it is not JSON/],
    [(dir) => ['restore', '--file', `${dir}/b.json`, '--as', 'Not An Id'], 2, /bad workspace id "Not An Id" for --as/],
    [() => ['serve', '--port', '3000'], 2, /serve takes no options: set HOST, PORT and DATA_DIR in the environment/],
  ];

  it('gives each bad argument to token, export, import, backup, restore and serve a clear message and exit code', async () => {
    // One data folder with the first workspace, so that each case fails for its own reason.
    await run(process.execPath, [bin, 'user', 'list'], { env: env() });
    const before = fs.readdirSync(data.dir).sort();
    for (const [args, code, message] of badArguments) {
      const argv = args(data.dir);
      const failure = await run(process.execPath, [bin, ...argv], { env: env() }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect({ argv, code: failure?.code, stderr: failure?.stderr.split('\n')[0] }).toEqual({ argv, code, stderr: expect.stringMatching(message) });
    }
    // Nothing written beside the data: no partial exports, no temporary files.
    expect(fs.readdirSync(data.dir).sort()).toEqual(before);
  });

  it('user add, user list and user reset-password manage accounts that can sign in', async () => {
    const added = await run(process.execPath, [bin, 'user', 'add', '--username', 'ana', '--name', 'Ana Alvarez', '--workspace', 'secure-communities', '--role', 'annotator'], { env: env() });
    const password = /password: (\S+)/.exec(added.stdout)![1]!;
    const listed = await run(process.execPath, [bin, 'user', 'list'], { env: env() });
    expect(listed.stdout).toContain('ana\tAna Alvarez\tpassword\tsecure-communities:annotator');

    // Reset while serving, from sessions signed in on two devices: neither outlives the old password.
    const server = await startTestServer(data.dir);
    try {
      const login = (pw: string) => fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crosswalk': '1' }, body: JSON.stringify({ username: 'ana', password: pw }) });
      const signIn = async () => {
        const response = await login(password);
        expect(response.status).toBe(200);
        return response.headers.get('set-cookie')!.split(';')[0]!;
      };
      const cookies = [await signIn(), await signIn()];
      const session = (cookie: string) => fetch(`${server.url}/api/session`, { headers: { cookie } }).then((r) => r.status);
      for (const cookie of cookies) expect(await session(cookie)).toBe(200);

      const reset = spawn(process.execPath, [bin, 'user', 'reset-password', '--username', 'ＡＮＡ ', '--password-stdin'], { env: env() });
      let stdout = '';
      reset.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      reset.stdin.end('a brand new password\n');
      const [code] = await once(reset, 'exit');
      expect(code).toBe(0);
      expect(stdout.trim()).toBe('password changed for ana; ended 2 sessions');

      for (const cookie of cookies) expect(await session(cookie)).toBe(401);
      expect((await login(password)).status).toBe(401);
      const fresh = await login('a brand new password');
      expect(fresh.status).toBe(200);
      expect(await session(fresh.headers.get('set-cookie')!.split(';')[0]!)).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('tokens list shows program tokens without their secrets, and tokens revoke ends one on a running server', async () => {
    const script = (await crosswalk('token', '--workspace', W, '--role', 'viewer', '--name', 'Script')).stdout.trim();
    const robot = (await crosswalk('token', '--workspace', W, '--role', 'editor', '--name', 'Robot')).stdout.trim();
    const old = (await crosswalk('token', '--workspace', W, '--role', 'annotator', '--name', 'Old job')).stdout.trim();
    withDb((db) => db.prepare("UPDATE tokens SET expires_at = '2001-01-01T00:00:00.000Z' WHERE name = 'Old job'").run());

    const list = async () => {
      const { stdout } = await crosswalk('tokens', 'list', '--workspace', W);
      for (const secret of [script, robot, old]) expect(stdout).not.toContain(secret);
      const lines = stdout.trimEnd().split('\n');
      for (const line of lines) expect(line).toMatch(/^[0-9a-f]{16}\t(viewer|editor|annotator)\t(open|revoked|expired)\t[^\t]+\tcreated \d{4}-\d\d-\d\dT[\d:.]+Z$/);
      return Object.fromEntries(lines.map((line) => line.split('\t')).map(([id, role, state, name]) => [name!, { id: id!, role, state }]));
    };
    const before = await list();
    expect(before).toEqual({
      Script: { id: expect.any(String), role: 'viewer', state: 'open' },
      Robot: { id: expect.any(String), role: 'editor', state: 'open' },
      'Old job': { id: expect.any(String), role: 'annotator', state: 'expired' },
    });

    // The server holds the data folder; revoking must not wait for it to stop.
    const server = await startTestServer(data.dir);
    try {
      const session = (token: string) => fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await session(script)).toBe(200);
      const revoked = await crosswalk('tokens', 'revoke', '--workspace', W, '--id', before.Script!.id);
      expect(revoked.stdout.trim()).toBe(`revoked ${before.Script!.id} (Script)`);
      expect(await session(script)).toBe(401);
      expect(await session(robot)).toBe(200);
      expect((await list()).Script!.state).toBe('revoked');
      expect(withDb((db) => new Accounts(db).auditLog(W, 1)[0])).toMatchObject({ actor: 'cli', action: 'token.revoked', detail: { token: before.Script!.id, name: 'Script' } });

      // Twice, unknown, in another workspace's name, or not an id at all: a failure that says so.
      for (const [workspace, id] of [[W, before.Script!.id], [W, 'ffffffffffffffff'], [W, 'Script']]) {
        const failure = await failing('tokens', 'revoke', '--workspace', workspace!, '--id', id!);
        expect(failure).toEqual({ code: 1, stderr: expect.stringMatching(`^crosswalk: no open token "${id}" in ${W}`) });
      }
      expect(await session(robot)).toBe(200);
    } finally {
      await server.close();
    }
    expect(await failing('tokens', 'revoke', '--workspace', W)).toEqual({ code: 2, stderr: expect.stringMatching(/missing --id/) });
    expect(await failing('tokens', 'drop', '--workspace', W)).toEqual({ code: 2, stderr: expect.stringMatching(/tokens needs list or revoke/) });
    expect(await failing('tokens', 'list', '--workspace', 'nowhere')).toEqual({ code: 2, stderr: expect.stringMatching(/no workspace "nowhere"/) });
  });

  it('member role and member remove find a member however the username is spelled, and remove revokes their tokens', async () => {
    await crosswalk('user', 'add', '--username', 'ana', '--name', 'Ana Alvarez', '--workspace', W, '--role', 'annotator');
    const anas = (await crosswalk('token', '--workspace', W, '--role', 'editor', '--name', 'ana')).stdout.trim();
    const other = (await crosswalk('token', '--workspace', W, '--role', 'viewer', '--name', 'Script')).stdout.trim();

    const role = await crosswalk('member', 'role', '--workspace', W, '--username', 'ＡＮＡ ', '--role', 'editor');
    expect(role.stdout).toMatch(/^ana is now editor/);
    expect((await crosswalk('member', 'list', '--workspace', W)).stdout).toContain('ana\tAna Alvarez\teditor');

    const server = await startTestServer(data.dir);
    try {
      const session = (token: string) => fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await session(anas)).toBe(200);
      const removed = await crosswalk('member', 'remove', '--workspace', W, '--username', ' Ana');
      expect(removed.stdout).toMatch(/^removed ana; revoked 1 program token: [0-9a-f]{16}$/m);
      expect(await session(anas)).toBe(401);
      expect(await session(other)).toBe(200);
    } finally {
      await server.close();
    }
    expect((await crosswalk('member', 'list', '--workspace', W)).stdout).not.toContain('ana\t');
    expect(await failing('member', 'remove', '--workspace', W, '--username', 'ana')).toEqual({ code: 1, stderr: expect.stringMatching(/not a member of this workspace/) });
  });

  it('invite create prints a link that the server honours, and invite revoke ends it', async () => {
    const created = await run(process.execPath, [bin, 'invite', 'create', '--workspace', 'secure-communities', '--role', 'viewer', '--days', '2', '--base-url', 'https://crosswalk.example'], { env: env() });
    const link = created.stdout.trim();
    expect(link).toMatch(/^https:\/\/crosswalk\.example\/invite\/[\w-]+$/);
    const id = /invite (\w+):/.exec(created.stderr)![1]!;
    const server = await startTestServer(data.dir);
    try {
      const token = link.split('/').pop();
      expect((await fetch(`${server.url}/api/invites/${token}`)).status).toBe(200);
      await run(process.execPath, [bin, 'invite', 'revoke', '--workspace', 'secure-communities', '--id', id], { env: env() });
      expect((await fetch(`${server.url}/api/invites/${token}`)).status).toBe(410);
    } finally {
      await server.close();
    }
  });

  it('serve prints an owner sign-in link that opens the workspace', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const link = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+\/signin\?token=[\w-]+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      const response = await fetch(link, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/w/secure-communities');
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    }
  });
});
