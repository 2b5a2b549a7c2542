import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';
import { annotatedWorkspace } from '../support/annotated-workspace.js';
import { exportWorkspace } from '../../core/export/index.js';
import { repoRoot } from '../support/paths.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin/crosswalk.js');
const WORKSPACE = 'secure-communities';

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let watcher: TestClient;
let w3c: string;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  watcher = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Watcher'));
  await synced(watcher);
  // A W3C file made elsewhere (another workspace with the same notice).
  const source = annotatedWorkspace();
  w3c = String((await exportWorkspace(source.ydoc, 'elsewhere', 'w3c')).body);
});

afterAll(async () => {
  watcher.destroy();
  await server.close();
  data.cleanup();
});

const auth = (role: string) => ({ authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, role as never, `${role}-user`)}` });

describe('import and export over HTTP', () => {
  it('imports for editors, live for everyone connected, with a report', async () => {
    const response = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/import`, { method: 'POST', headers: { ...auth('editor'), 'content-type': 'application/json' }, body: w3c });
    const report = await response.json();
    expect(response.status).toBe(200);
    // The fixture memo is not in this workspace: the comparison's target cannot be found, the rest anchors.
    expect(report).toMatchObject({ format: 'w3c', anchored: 4, replies: 2 });
    await whenDoc(watcher.ydoc, () => watcher.workspace.annotations().size === 4);
    expect(server.accounts.auditLog(WORKSPACE, 1)[0]).toMatchObject({ action: 'annotations.imported' });
  });

  it('refuses imports from annotators and viewers, and bad files, changing nothing', async () => {
    const before = watcher.workspace.annotations().size;
    const annotator = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/import`, { method: 'POST', headers: { ...auth('annotator'), 'content-type': 'application/json' }, body: w3c });
    expect(annotator.status).toBe(403);
    const bad = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/import`, { method: 'POST', headers: { ...auth('owner'), 'content-type': 'application/json' }, body: JSON.stringify({ type: 'Annotation' }) });
    expect([bad.status, (await bad.json()).error]).toEqual([400, expect.stringMatching(/not a W3C Web Annotation file/)]);
    expect(server.store.load(WORKSPACE).updates.length).toBeGreaterThan(0);
    expect(watcher.workspace.annotations().size).toBe(before);
  });

  it('exports every format to any member, with filters', async () => {
    for (const format of ['html', 'markdown', 'docx', 'w3c', 'tei', 'csv', 'bibtex', 'csl-json']) {
      const response = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/export?format=${format}`, { headers: auth('viewer') });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="secure-communities-\d{4}-\d{2}-\d{2}\./);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    const filtered = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/export?format=w3c&kinds=critique,question&anonymise=1`, { headers: auth('viewer') });
    const items = (await filtered.json()).first.items;
    expect(new Set(items.map((i: { motivation: string }) => i.motivation))).toEqual(new Set(['assessing', 'questioning', 'replying']));
    expect(JSON.stringify(items)).not.toContain('Ana Alvarez');
    const bad = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/export?format=pdf`, { headers: auth('viewer') });
    expect([bad.status, (await bad.json()).error]).toEqual([400, expect.stringMatching(/^bad export request: format/)]);
  });
});

describe('the CLI', { timeout: 90_000 }, () => {
  it('export writes a file; import refuses while a server uses the data folder', async () => {
    const env = { ...process.env, DATA_DIR: data.dir };
    const out = path.join(data.dir, 'out.csv');
    await run(process.execPath, [bin, 'export', '--workspace', WORKSPACE, '--format', 'csv', '--out', out, '--kinds', 'critique'], { env });
    expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toMatch(/^row_type,annotation_id/);
    const file = path.join(data.dir, 'in.jsonld');
    fs.writeFileSync(file, w3c);
    const refused = await run(process.execPath, [bin, 'import', '--workspace', WORKSPACE, file], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('is using this data folder') });
  });

  it('backup and restore bring a workspace back byte-identical; import works with the server stopped', async () => {
    const other = tempDataDir();
    try {
      const env = { ...process.env, DATA_DIR: data.dir };
      const owner = { authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, 'owner', 'Olive')}` };
      const saved = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/versions`, { method: 'POST', headers: { ...owner, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Before the backup' }) });
      const { version } = (await saved.json()) as { version: { id: string } };
      const versionBytes = Buffer.from(await (await fetch(`${server.url}/api/workspaces/${WORKSPACE}/versions/${version.id}`, { headers: owner })).arrayBuffer());
      const backupFile = path.join(other.dir, 'backup.json');
      const { stdout: backedUp } = await run(process.execPath, [bin, 'backup', '--workspace', WORKSPACE, '--out', backupFile], { env });
      expect(backedUp).toContain('with 1 named version');
      const restoredEnv = { ...process.env, DATA_DIR: path.join(other.dir, 'data') };
      await run(process.execPath, [bin, 'restore', '--file', backupFile], { env: restoredEnv });

      const original = Y.encodeStateAsUpdate(server.sync.room(WORKSPACE)!.ydoc);
      const restoredServer = await startTestServer(path.join(other.dir, 'data'));
      try {
        const client = connectClient(restoredServer.url, WORKSPACE, restoredServer.credentials.createBearerToken(WORKSPACE, 'viewer', 'Check'));
        await synced(client);
        expect(Buffer.from(Y.encodeStateAsUpdate(client.ydoc))).toEqual(Buffer.from(original));
        client.destroy();
        // Named versions come back with the workspace, byte for byte.
        const restoredOwner = { authorization: `Bearer ${restoredServer.credentials.createBearerToken(WORKSPACE, 'owner', 'Olive')}` };
        const list = (await (await fetch(`${restoredServer.url}/api/workspaces/${WORKSPACE}/versions`, { headers: restoredOwner })).json()) as { versions: { id: string; name: string }[] };
        expect(list.versions.map((v) => [v.id, v.name])).toEqual([[version.id, 'Before the backup']]);
        const restoredBytes = Buffer.from(await (await fetch(`${restoredServer.url}/api/workspaces/${WORKSPACE}/versions/${version.id}`, { headers: restoredOwner })).arrayBuffer());
        expect(restoredBytes).toEqual(versionBytes);
      } finally {
        await restoredServer.close();
      }

      // A copy beside the original in the same data folder gets versions of its own.
      await run(process.execPath, [bin, 'restore', '--file', backupFile, '--as', 'copy-of-notice'], { env: restoredEnv });
      const withCopy = await startTestServer(path.join(other.dir, 'data'));
      try {
        const auth = { authorization: `Bearer ${withCopy.credentials.createBearerToken('copy-of-notice', 'owner', 'Olive')}` };
        const list = (await (await fetch(`${withCopy.url}/api/workspaces/copy-of-notice/versions`, { headers: auth })).json()) as { versions: { id: string; name: string }[] };
        expect(list.versions.map((v) => v.name)).toEqual(['Before the backup']);
        expect(list.versions[0]!.id).not.toBe(version.id);
        const bytes = Buffer.from(await (await fetch(`${withCopy.url}/api/workspaces/copy-of-notice/versions/${list.versions[0]!.id}`, { headers: auth })).arrayBuffer());
        expect(bytes).toEqual(versionBytes);
      } finally {
        await withCopy.close();
      }

      const file = path.join(other.dir, 'in.jsonld');
      fs.writeFileSync(file, w3c);
      const { stdout } = await run(process.execPath, [bin, 'import', '--workspace', WORKSPACE, file], { env: restoredEnv });
      // The first test imported this file already, and the backup holds it: nothing is added twice.
      expect(stdout).toMatch(/^imported 0 annotations \(w3c\): 0 anchored, 0 approximately, 0 orphaned, 4 already here, 0 skipped; 0 replies \(import [0-9a-f]{12}\)/);
      const fresh = path.join(other.dir, 'hypothesis.json');
      fs.writeFileSync(fresh, JSON.stringify([{ id: 'cli-1', uri: 'https://www.ice.gov/secure-communities', text: 'From the command line.', user: 'acct:carla@hypothes.is', target: [{ selector: [{ type: 'TextQuoteSelector', exact: '3,181 jurisdictions' }] }] }]));
      const { stdout: added } = await run(process.execPath, [bin, 'import', '--workspace', WORKSPACE, fresh], { env: restoredEnv });
      expect(added).toMatch(/^imported 1 annotations \(hypothesis\): 1 anchored/);
      const again = await startTestServer(path.join(other.dir, 'data'));
      try {
        const client = connectClient(again.url, WORKSPACE, again.credentials.createBearerToken(WORKSPACE, 'viewer', 'Check'));
        await synced(client);
        expect(new Workspace(client.ydoc).annotations().size).toBe(5);
        client.destroy();
      } finally {
        await again.close();
      }
    } finally {
      other.cleanup();
    }
  });
});
