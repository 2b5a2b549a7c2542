import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

  it('user add, user list and user reset-password manage accounts that can sign in', async () => {
    const added = await run(process.execPath, [bin, 'user', 'add', '--username', 'ana', '--name', 'Ana Alvarez', '--workspace', 'secure-communities', '--role', 'annotator'], { env: env() });
    const password = /password: (\S+)/.exec(added.stdout)![1]!;
    const listed = await run(process.execPath, [bin, 'user', 'list'], { env: env() });
    expect(listed.stdout).toContain('ana\tAna Alvarez\tpassword\tsecure-communities:annotator');

    const reset = spawn(process.execPath, [bin, 'user', 'reset-password', '--username', 'ana', '--password-stdin'], { env: env() });
    reset.stdin.end('a brand new password\n');
    const [code] = await once(reset, 'exit');
    expect(code).toBe(0);

    const server = await startTestServer(data.dir);
    try {
      const login = (pw: string) => fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crosswalk': '1' }, body: JSON.stringify({ username: 'ana', password: pw }) });
      expect((await login(password)).status).toBe(401);
      expect((await login('a brand new password')).status).toBe(200);
    } finally {
      await server.close();
    }
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
