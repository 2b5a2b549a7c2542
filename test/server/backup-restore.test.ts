import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '../../core/index.js';
import { ensureFirstWorkspace } from '../../server/app.js';
import { openDatabase } from '../../server/database.js';
import { SqliteUpdateStore } from '../../server/update-store.js';
import { VersionStore } from '../../server/version-store.js';
import { documentsDir, repoRoot } from '../support/paths.js';
import { startTestServer, tempDataDir } from '../support/server.js';

const bin = path.join(repoRoot, 'bin/crosswalk.js');
const WORKSPACE = 'secure-communities';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (through `sh` when given a shell prefix such as a ulimit) and never rejects. */
function crosswalk(args: string[], env: NodeJS.ProcessEnv, shellPrefix?: string): Promise<Result> {
  const [file, argv] = shellPrefix ? ['sh', ['-c', `${shellPrefix}; exec "$0" "$@"`, process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
  return new Promise((resolve) => {
    execFile(file as string, argv as string[], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Every table of a data folder's database, rows in order, blobs by their hash. */
function dump(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'crosswalk.sqlite'));
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const content = tables.map((table) => {
      const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[];
      return [table, rows.map((row) => Object.values(row).map((v) => (Buffer.isBuffer(v) ? crypto.createHash('sha256').update(v).digest('hex') : v)))];
    });
    return JSON.stringify([db.pragma('user_version', { simple: true }), content]);
  } finally {
    db.close();
  }
}

let folder: ReturnType<typeof tempDataDir>;
let source: string;
let target: string;
let good: string;
let goodJson: { state: string; stateSha256?: string; workspaceId: string; versions: { id: string; name: string; state: string; stateSha256?: string }[] };

beforeAll(async () => {
  folder = tempDataDir();
  source = path.join(folder.dir, 'source');
  target = path.join(folder.dir, 'target');
  const db = openDatabase(source);
  const store = new SqliteUpdateStore(db);
  await ensureFirstWorkspace(store, documentsDir);
  const notice = new Y.Doc();
  Y.applyUpdate(notice, store.load(WORKSPACE).snapshot!);
  new VersionStore(db).save({ workspaceId: WORKSPACE, name: 'Before', createdBy: { id: 'olive', name: 'Olive' }, reason: 'manual', state: Y.encodeStateAsUpdate(notice) });
  // Large enough that a write limit can cut its backup short while SQLite still works.
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(crypto.randomBytes(768 * 1024).toString('hex'))]);
  new Workspace(notice).notebook().push([paragraph]);
  store.createWorkspace('big-notice', 'A large notice', Y.encodeStateAsUpdate(notice));
  db.close();
  fs.cpSync(source, target, { recursive: true });

  good = path.join(folder.dir, 'good.json');
  const saved = await crosswalk(['backup', '--workspace', WORKSPACE, '--out', good], { DATA_DIR: source });
  expect(saved).toMatchObject({ code: 0, stdout: expect.stringContaining('with 1 named version') });
  goodJson = JSON.parse(fs.readFileSync(good, 'utf8'));
});

afterAll(() => folder.cleanup());

/** A variant of the good backup, written beside it. */
function variant(name: string, change: (backup: typeof goodJson & Record<string, unknown>) => unknown): string {
  const file = path.join(folder.dir, `${name}.json`);
  const copy = structuredClone(goodJson);
  const replaced = change(copy);
  fs.writeFileSync(file, typeof replaced === 'string' ? replaced : JSON.stringify(copy));
  return file;
}

const bytes = (base64: string) => Buffer.from(base64, 'base64');

// Each case starts a Node process that compiles the CLI with tsx: slow on a busy machine.
describe('crosswalk backup', { timeout: 90_000 }, () => {
  it('replaces the file at its destination whole, with checksums, and leaves nothing beside it', async () => {
    const out = path.join(folder.dir, 'backups', 'notice.json');
    fs.mkdirSync(path.dirname(out));
    fs.writeFileSync(out, 'last week’s backup');
    const result = await crosswalk(['backup', '--workspace', WORKSPACE, '--out', out], { DATA_DIR: source });
    expect(result.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(written.stateSha256).toBe(crypto.createHash('sha256').update(bytes(written.state)).digest('hex'));
    expect(written.versions.map((v: { name: string; stateSha256: string }) => [v.name, v.stateSha256.length])).toEqual([['Before', 64]]);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['notice.json']);
  });

  it('keeps the previous backup and leaves no temporary file when a write fails part-way', async () => {
    const out = path.join(folder.dir, 'cut', 'big.json');
    fs.mkdirSync(path.dirname(out));
    fs.writeFileSync(out, 'the previous backup');
    // 512 KiB per file: enough for SQLite's side files, not for this backup.
    const result = await crosswalk(['backup', '--workspace', 'big-notice', '--out', out], { DATA_DIR: source }, 'ulimit -f 1024');
    expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/^crosswalk: cannot write .*big\.json: the file is larger than this system's limit\n$/) });
    expect(fs.readFileSync(out, 'utf8')).toBe('the previous backup');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['big.json']);
  });

  it('says so, exits 1 and creates nothing when the destination folder does not exist', async () => {
    const out = path.join(folder.dir, 'no-such-folder', 'notice.json');
    const result = await crosswalk(['backup', '--workspace', WORKSPACE, '--out', out], { DATA_DIR: source });
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining(`cannot write ${out}: the folder ${path.dirname(out)} does not exist`) });
    expect(fs.existsSync(path.dirname(out))).toBe(false);
    expect(fs.readdirSync(folder.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a DATA_DIR that is not there rather than back up a freshly created workspace', async () => {
    const missing = path.join(folder.dir, 'mistyped');
    for (const args of [
      ['backup', '--workspace', WORKSPACE, '--out', path.join(folder.dir, 'x.json')],
      ['export', '--workspace', WORKSPACE, '--format', 'csv', '--out', path.join(folder.dir, 'x.csv')],
    ]) {
      const result = await crosswalk(args, { DATA_DIR: missing });
      expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining(`there is no data folder at ${missing}`) });
    }
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe('crosswalk restore', { timeout: 90_000 }, () => {
  const damaged: [string, () => string, RegExp][] = [
    ['a file cut short', () => variant('cut', () => fs.readFileSync(good, 'utf8').slice(0, 3000)), /is not a Crosswalk backup: it is not JSON, or cut short/],
    ['a JSON file that is not a backup', () => variant('other', () => '{"hello":"world"}'), /other\.json is not a Crosswalk backup\n/],
    ['a backup in a newer format', () => variant('newer', (b) => void (b.crosswalkBackup = 2)), /is a backup in format 2, which this Crosswalk does not know/],
    ['a state that is not base64', () => variant('base64', (b) => void (b.state = `${b.state.slice(0, 40)}!?${b.state.slice(40)}`)), /is damaged: state: Invalid base64/],
    ['a state cut short', () => variant('state-cut', (b) => void ((b.state = bytes(b.state).subarray(0, 1000).toString('base64')), delete b.stateSha256)), /the workspace's state cannot be restored: it does not decode/],
    ['a state of random bytes', () => variant('random', (b) => void ((b.state = crypto.randomBytes(5000).toString('base64')), delete b.stateSha256)), /the workspace's state cannot be restored: it does not decode/],
    [
      'a state that needs changes it does not hold',
      () =>
        variant('pending', (b) => {
          const doc = new Y.Doc();
          Y.applyUpdate(doc, bytes(b.state));
          const before = Y.encodeStateVector(doc);
          const workspace = new Workspace(doc);
          workspace.setInfo({ ...workspace.info()!, title: 'Renamed' }, 'local');
          b.state = Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64');
          delete b.stateSha256;
        }),
      /the workspace's state cannot be restored: it refers to changes the backup does not hold/,
    ],
    ['the state of an empty Y.Doc', () => variant('empty', (b) => void ((b.state = Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())).toString('base64')), delete b.stateSha256)), /it holds no Crosswalk workspace/],
    [
      'a state with one bit changed',
      () =>
        variant('bit', (b) => {
          const state = bytes(b.state);
          state[state.length >> 1]! ^= 1;
          b.state = state.toString('base64');
        }),
      /the workspace's state cannot be restored: its bytes differ from those saved \(checksum mismatch\)/,
    ],
    ['a named version cut short', () => variant('version-cut', (b) => void ((b.versions[0]!.state = bytes(b.versions[0]!.state).subarray(0, 500).toString('base64')), delete b.versions[0]!.stateSha256)), /named version "Before" \([0-9a-f]{16}\) cannot be restored: it does not decode/],
    ['a named version listed twice', () => variant('twice', (b) => void b.versions.push(b.versions[0]!)), /it lists named version [0-9a-f]{16} twice/],
    ['a workspace id that is not valid', () => variant('bad-id', (b) => void (b.workspaceId = 'Not An Id')), /names its workspace "Not An Id", which is not a valid id: restore it with --as NEW_ID/],
  ];

  it.each(damaged)('refuses %s with exit code 1, leaving the data folder as it was', async (_name, make, message) => {
    const file = make();
    const before = dump(target);
    const result = await crosswalk(['restore', '--file', file, '--replace'], { DATA_DIR: target });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(dump(target)).toBe(before);
  });

  it('rolls back a restore that fails inside the database: nothing of it is kept', async () => {
    // Version ids are unique per data folder: the same versions under another workspace id clash.
    const file = variant('clash', (b) => void (b.workspaceId = 'another-notice'));
    const before = dump(target);
    const result = await crosswalk(['restore', '--file', file], { DATA_DIR: target });
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining('has the id of one already in this data folder') });
    expect(result.stderr).toContain('nothing was restored');
    expect(dump(target)).toBe(before);
  });

  it('will not overwrite a workspace without --replace (exit code 2)', async () => {
    const before = dump(target);
    const result = await crosswalk(['restore', '--file', good], { DATA_DIR: target });
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining(`workspace "${WORKSPACE}" exists: add --replace to overwrite it, or --as NEW_ID`) });
    expect(dump(target)).toBe(before);
  });

  it('refuses while a server uses the data folder (exit code 2)', async () => {
    const server = await startTestServer(target);
    try {
      const result = await crosswalk(['restore', '--file', good, '--replace'], { DATA_DIR: target });
      expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/is using this data folder .*: stop it first\n$/) });
    } finally {
      await server.close();
    }
  });

  it('after all that, restores the good backup: the stored state is the saved one, byte for byte', async () => {
    const result = await crosswalk(['restore', '--file', good, '--replace'], { DATA_DIR: target });
    expect(result).toMatchObject({ code: 0, stdout: `restored ${WORKSPACE} from ${good} with 1 named version\n` });
    const db = openDatabase(target);
    try {
      const stored = new SqliteUpdateStore(db).load(WORKSPACE);
      expect([Buffer.from(stored.snapshot!), stored.updates.length]).toEqual([bytes(goodJson.state), 0]);
      const version = goodJson.versions[0]!;
      expect(Buffer.from(new VersionStore(db).state(WORKSPACE, version.id)!)).toEqual(bytes(version.state));
    } finally {
      db.close();
    }
  });
});
