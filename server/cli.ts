import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import * as Y from 'yjs';
import { Person, Role, Workspace, restoreWords, transformedCopy } from '../core/index.js';
import type { ImportReport } from '../core/import/index.js';
import { DataDirInUse, holdDataDir } from './data-lock.js';
import { configFromEnv } from './config.js';
import { openDatabase, type Db } from './database.js';
import { Credentials } from './credentials.js';
import { Accounts, type User } from './accounts.js';
import { SqliteUpdateStore } from './update-store.js';
import { VersionReason, VersionStore } from './version-store.js';
import { HiddenContentStore } from './hidden-content-store.js';
import { ensureFirstWorkspace, startServer } from './app.js';

const ROLES = Role.options.join(', ');
const USAGE = `Usage: crosswalk <command> [options]

Commands:
  serve                                       start the server (HOST, PORT, DATA_DIR from the environment)
  token --workspace W --role R --name N       print a bearer token for programs (roles: ${ROLES})
  tokens list --workspace W                   list program tokens (id, role, state, name, created; never the secret)
  tokens revoke --workspace W --id ID         revoke a program token (also while serving)
  user add --username U --name N [--workspace W --role R] [--password-stdin]
                                              create an account (prints a generated password unless one comes on stdin)
  user list                                   list accounts
  user reset-password --username U [--password-stdin]
                                              set a new password (generated and printed unless given on stdin)
                                              and end the user's sessions everywhere
  invite create --workspace W --role R [--days D] [--base-url URL]
                                              print an invite link (expires after D days, default 7)
  invite list --workspace W                   list invites
  invite revoke --workspace W --id ID         revoke an invite
  export --workspace W --format F --out FILE [--document D] [--kinds K,K] [--authors A,A] [--tags T,T]
         [--status open|resolved] [--since DATE] [--until DATE] [--anonymise]
                                              write an export (formats: html, markdown, docx, w3c, tei, csv, bibtex, csl-json)
  import --workspace W FILE                   import W3C JSON-LD or Hypothesis JSON annotations (server stopped)
  backup --workspace W --out FILE             save a whole workspace to a file (also while serving)
  restore --file FILE [--as ID] [--replace]   bring a workspace back from a backup (server stopped)
  member list --workspace W                   list members and roles
  member role --workspace W --username U --role R
  member remove --workspace W --username U    remove a member and revoke the program tokens issued to them
  help                                        show this text
`;

/** The command line is wrong: exit 2, with the usage. */
class UsageError extends Error {}
/** The command cannot run now (another process has the data folder): exit 2. */
class Refused extends Error {}
/** The command ran and failed for a reason the message gives (a bad file, a folder that is not there): exit 1. */
class Failure extends Error {}

type Values = Record<string, string | boolean | undefined>;

function options(args: string[]): Values {
  return parseArgs({
    args,
    options: {
      workspace: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      username: { type: 'string' },
      days: { type: 'string' },
      id: { type: 'string' },
      'base-url': { type: 'string' },
      'password-stdin': { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      file: { type: 'string' },
      as: { type: 'string' },
      replace: { type: 'boolean' },
      document: { type: 'string' },
      kinds: { type: 'string' },
      authors: { type: 'string' },
      tags: { type: 'string' },
      status: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      anonymise: { type: 'boolean' },
    },
    // A stray word is almost always a forgotten option name: better refused than ignored.
    allowPositionals: false,
    strict: true,
  }).values;
}

function need(values: Values, ...names: string[]): string[] {
  const missing = names.filter((n) => typeof values[n] !== 'string' || values[n] === '');
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
  return names.map((n) => values[n] as string);
}

function role(value: string): Role {
  const parsed = Role.safeParse(value);
  if (!parsed.success) throw new UsageError(`unknown role "${value}" (roles: ${ROLES})`);
  return parsed.data;
}

/**
 * Opens the data folder (creating it and the first workspace if needed) for one command.
 * `existing` is for commands that only read: a mistyped DATA_DIR must not yield a backup or
 * export of a freshly created workspace.
 */
async function withData<T>(run: (db: Db, accounts: Accounts, store: SqliteUpdateStore) => T, { seed = true, existing = false } = {}): Promise<T> {
  const config = configFromEnv();
  if (existing && !fs.existsSync(config.dataDir)) throw new Failure(`there is no data folder at ${config.dataDir} (set DATA_DIR to the server's)`);
  const db = openDatabase(config.dataDir);
  try {
    const store = new SqliteUpdateStore(db);
    if (seed) await ensureFirstWorkspace(store, config.documentsDir);
    return run(db, new Accounts(db), store);
  } finally {
    db.close();
  }
}

function workspaceOf(store: SqliteUpdateStore, id: string): string {
  if (!store.hasWorkspace(id)) throw new UsageError(`no workspace "${id}"`);
  return id;
}

function passwordFrom(values: Values): { password: string; generated: boolean } {
  if (values['password-stdin']) return { password: fs.readFileSync(0, 'utf8').replace(/\r?\n$/, ''), generated: false };
  return { password: crypto.randomBytes(12).toString('base64url'), generated: true };
}

// Through the accounts' own lookup: "ＡＮＡ " must find the account the server signs in as "ana".
function userNamed(accounts: Accounts, username: string): User {
  const user = accounts.userByUsername(username);
  if (!user) throw new UsageError(`no user "${username}"`);
  return user;
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(argv.slice(1));
    case 'token': {
      const values = options(sub === undefined ? [] : [sub, ...rest]);
      const [workspace, roleName, name] = need(values, 'workspace', 'role', 'name');
      const r = role(roleName!);
      return withData((db, accounts, store) => {
        console.log(new Credentials(db, accounts).createBearerToken(workspaceOf(store, workspace!), r, name!));
        return 0;
      });
    }
    case 'tokens':
      return tokens(sub, options(rest));
    case 'user':
      return user(sub, options(rest));
    case 'invite':
      return invite(sub, options(rest));
    case 'member':
      return member(sub, options(rest));
    case 'export':
      return exportCommand(options(argv.slice(1)));
    case 'import':
      return importCommand(argv.slice(1));
    case 'backup':
      return backup(options(argv.slice(1)));
    case 'restore':
      return restore(options(argv.slice(1)));
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

// Not behind the data folder's lock: listing and revoking are single SQLite statements, safe
// beside a running server, which looks tokens up afresh on every request.
function tokens(sub: string | undefined, values: Values): Promise<number> {
  if (sub !== 'list' && sub !== 'revoke') throw new UsageError('tokens needs list or revoke');
  const [workspace] = need(values, 'workspace');
  const tokenId = sub === 'revoke' ? need(values, 'id')[0]! : null;
  return withData(
    (db, accounts, store) => {
      const id = workspaceOf(store, workspace!);
      const credentials = new Credentials(db, accounts);
      if (tokenId === null) {
        const now = new Date().toISOString();
        for (const t of credentials.bearerTokens(id)) {
          const state = t.revokedAt ? 'revoked' : t.expiresAt !== null && t.expiresAt < now ? 'expired' : 'open';
          console.log([t.id, t.role, state, t.name, `created ${t.createdAt}`].join('\t'));
        }
        return 0;
      }
      const revoked = credentials.revokeBearerTokenById(id, tokenId);
      if (!revoked) throw new Failure(`no open token "${tokenId}" in ${id} (tokens list --workspace ${id} shows them)`);
      accounts.audit(id, 'cli', 'token.revoked', { token: tokenId, name: revoked.name });
      // This process cannot reach a running server's sockets: it refuses the token on its next
      // request, and a connection opened with it at its next change.
      console.log(`revoked ${tokenId} (${revoked.name})`);
      return 0;
    },
    { seed: false, existing: true },
  );
}

function user(sub: string | undefined, values: Values): Promise<number> {
  return withData((db, accounts, store) => {
    switch (sub) {
      case 'add': {
        const [username, name] = need(values, 'username', 'name');
        const { password, generated } = passwordFrom(values);
        const created = accounts.createUser({ username: username!, displayName: name!, password });
        if (values.workspace || values.role) {
          const [workspace, roleName] = need(values, 'workspace', 'role');
          accounts.addMember(workspaceOf(store, workspace!), created.id, role(roleName!));
        }
        console.log(generated ? `created ${created.username}; password: ${password}` : `created ${created.username}`);
        return 0;
      }
      case 'list':
        for (const u of accounts.users()) {
          const roles = accounts.memberships(u.id).map((m) => `${m.workspaceId}:${m.role}`).join(' ');
          console.log([u.username, u.displayName, u.hasPassword ? 'password' : 'no password', roles].join('\t'));
        }
        return 0;
      case 'reset-password': {
        const [username] = need(values, 'username');
        const { password, generated } = passwordFrom(values);
        const changed = accounts.resetPassword(username!, password);
        // A reset is often because someone else has the old password: whoever signed in with it is out.
        const ended = new Credentials(db, accounts).endSessionsOf(changed.id);
        const signedOut = ended ? `; ended ${ended} session${ended === 1 ? '' : 's'}` : '';
        console.log(generated ? `new password for ${changed.username}: ${password}${signedOut}` : `password changed for ${changed.username}${signedOut}`);
        return 0;
      }
      default:
        throw new UsageError('user needs add, list or reset-password');
    }
  });
}

function invite(sub: string | undefined, values: Values): Promise<number> {
  return withData((_db, accounts, store) => {
    const [workspace] = need(values, 'workspace');
    const id = workspaceOf(store, workspace!);
    switch (sub) {
      case 'create': {
        const [roleName] = need(values, 'role');
        const days = values.days === undefined ? 7 : Number(values.days);
        if (!(days > 0)) throw new UsageError('--days must be a positive number');
        const { token, invite: created } = accounts.createInvite(id, role(roleName!), days * 86400_000, 'cli');
        const config = configFromEnv();
        const base = (values['base-url'] as string | undefined) ?? `http://${config.host}:${config.port}`;
        accounts.audit(id, 'cli', 'invite.created', { invite: created.id, role: created.role, expiresAt: created.expiresAt });
        console.log(`${base.replace(/\/$/, '')}/invite/${token}`);
        console.error(`invite ${created.id}: ${created.role}, expires ${created.expiresAt}`);
        return 0;
      }
      case 'list':
        for (const i of accounts.invites(id)) {
          const state = i.revokedAt ? 'revoked' : i.expiresAt < new Date().toISOString() ? 'expired' : 'open';
          console.log([i.id, i.role, state, `expires ${i.expiresAt}`, `used ${i.uses}`].join('\t'));
        }
        return 0;
      case 'revoke': {
        const [inviteId] = need(values, 'id');
        accounts.revokeInvite(id, inviteId!);
        accounts.audit(id, 'cli', 'invite.revoked', { invite: inviteId });
        console.log(`revoked ${inviteId}`);
        return 0;
      }
      default:
        throw new UsageError('invite needs create, list or revoke');
    }
  });
}

function member(sub: string | undefined, values: Values): Promise<number> {
  return withData((db, accounts, store) => {
    const [workspace] = need(values, 'workspace');
    const id = workspaceOf(store, workspace!);
    switch (sub) {
      case 'list':
        for (const m of accounts.members(id)) console.log([m.username, m.displayName, m.role].join('\t'));
        return 0;
      case 'role': {
        const [username, roleName] = need(values, 'username', 'role');
        const changed = userNamed(accounts, username!);
        accounts.setRole(id, changed.id, role(roleName!));
        accounts.audit(id, 'cli', 'member.role', { username: changed.username, role: roleName });
        console.log(`${changed.username} is now ${roleName} (a running server applies it at the next reconnect)`);
        return 0;
      }
      case 'remove': {
        const [username] = need(values, 'username');
        const removed = userNamed(accounts, username!);
        // One transaction, so that the member never goes while their programs stay let in; taking
        // the write lock at once, because one that reads first fails outright (SQLITE_BUSY) when a
        // running server writes in between.
        const revoked = db.transaction(() => {
          accounts.removeMember(id, removed.id);
          const tokens = new Credentials(db, accounts).revokeBearerTokensOf(id, { id: removed.id, username: removed.username });
          accounts.audit(id, 'cli', 'member.removed', { username: removed.username, ...(tokens.length ? { revokedTokens: tokens.map((t) => t.id).join(', ') } : {}) });
          return tokens;
        }).immediate();
        console.log(`removed ${removed.username}${revoked.length ? `; revoked ${revoked.length} program token${revoked.length === 1 ? '' : 's'}: ${revoked.map((t) => t.id).join(', ')}` : ''}`);
        return 0;
      }
      default:
        throw new UsageError('member needs list, role or remove');
    }
  });
}

/** The workspace as stored, read in one transaction: a server compacting meanwhile cannot split snapshot from log. */
function loadDoc(db: Db, store: SqliteUpdateStore, id: string): Y.Doc {
  const ydoc = new Y.Doc();
  const stored = db.transaction(() => store.load(id))();
  Y.transact(ydoc, () => {
    if (stored.snapshot) Y.applyUpdate(ydoc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(ydoc, update);
  });
  return ydoc;
}

const split = (value: unknown) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : undefined);

/** Holds the data folder for a command that must have it alone; `hint` says what to do instead. */
function claim(command: string, hint: string): () => void {
  try {
    return holdDataDir(configFromEnv().dataDir, command);
  } catch (error) {
    if (error instanceof DataDirInUse) throw new Refused(`${error.message}: ${hint}`);
    throw error;
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'part of the path is not a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: "the file is larger than this system's limit",
  EROFS: 'the file system is read-only',
};

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  return (code && FS_REASONS[code]) ?? (error as Error).message ?? String(error);
}

/**
 * Writes a file whole or not at all: into a temporary file beside it, synced to disk, then
 * renamed over it. A run that fails or is killed never leaves a partial file under the final
 * name, nor destroys the file that was there.
 */
function writeWhole(file: string, data: string | Uint8Array): void {
  const target = path.resolve(file);
  const folder = path.dirname(target);
  if (!fs.existsSync(folder)) throw new Failure(`cannot write ${file}: the folder ${folder} does not exist`);
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new Failure(`cannot write ${file}: it is a folder`);
  const temp = path.join(folder, `.${path.basename(target)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx');
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, target);
  } catch (error) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw new Failure(`cannot write ${file}: ${reason(error)}`);
  }
  // The rename is durable once the folder's entry is: without this a power cut can bring back the old file.
  try {
    const dirFd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some systems (Windows) cannot open a folder to sync it; the file itself is synced.
  }
}

async function exportCommand(values: Values): Promise<number> {
  const [workspace, formatName, out] = need(values, 'workspace', 'format', 'out');
  // Loaded here so that `serve` does not carry the exporters' libraries.
  const { ExportFilters, ExportFormat, exportWorkspace } = await import('../core/export/index.js');
  const format = ExportFormat.safeParse(formatName);
  if (!format.success) throw new UsageError(`unknown format "${formatName}" (formats: ${ExportFormat.options.join(', ')})`);
  const filters = ExportFilters.safeParse({
    documentId: values.document,
    kinds: split(values.kinds),
    authors: split(values.authors),
    tags: split(values.tags),
    status: values.status,
    since: values.since,
    until: values.until,
    anonymise: values.anonymise === true,
  });
  if (!filters.success) throw new UsageError(`bad filter: ${filters.error.issues[0]!.path.join('.')}: ${filters.error.issues[0]!.message}`);
  const { ydoc, people } = await withData((db, accounts, store) => {
    const id = workspaceOf(store, workspace!);
    return { ydoc: loadDoc(db, store, id), people: accounts.people(id) };
  }, { seed: false, existing: true });
  const file = await exportWorkspace(ydoc, workspace!, format.data, filters.data, people);
  writeWhole(out!, file.body);
  console.log(`wrote ${out} (${file.mimeType.split(';')[0]})`);
  return 0;
}

async function importCommand(args: string[]): Promise<number> {
  const { ImportError, importAnnotations } = await import('../core/import/index.js');
  const parsed = parseArgs({ args, options: { workspace: { type: 'string' } }, allowPositionals: true, strict: true });
  const [workspace] = need(parsed.values, 'workspace');
  const [file, ...extra] = parsed.positionals;
  if (!file) throw new UsageError('import needs the file to read');
  if (extra.length) throw new UsageError(`import reads one file, not ${parsed.positionals.length}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Failure(`cannot read ${file}: ${error instanceof SyntaxError ? `it is not JSON (${error.message})` : reason(error)}`);
  }
  // Held to the end: a server started meanwhile would not see this import's update and would compact over it.
  const release = claim('import', 'stop it first, or import through it with POST /api/workspaces/:id/import');
  try {
    return await withData((db, accounts, store) => {
      const id = workspaceOf(store, workspace!);
      const ydoc = loadDoc(db, store, id);
      const before = Y.encodeStateVector(ydoc);
      let report: ImportReport;
      try {
        report = importAnnotations(new Workspace(ydoc), json);
      } catch (error) {
        if (error instanceof ImportError) throw new Failure(error.message);
        throw error;
      }
      store.append(id, Y.encodeStateAsUpdate(ydoc, before));
      accounts.audit(id, 'cli', 'annotations.imported', { import: report.importId, name: 'the command line', file, format: report.format, anchored: report.anchored, approximate: report.approximate.length, orphaned: report.orphaned.length, alreadyHere: report.alreadyHere.length, skipped: report.skipped.length, replies: report.replies });
      console.log(`imported ${report.anchored + report.approximate.length + report.orphaned.length} annotations (${report.format}): ${report.anchored} anchored, ${report.approximate.length} approximately, ${report.orphaned.length} orphaned, ${report.alreadyHere.length} already here, ${report.skipped.length} skipped; ${report.replies} replies (import ${report.importId})`);
      for (const a of report.approximate) console.log(`  approximately: “${a.quote}” → “${a.found}”`);
      for (const o of report.orphaned) console.log(`  orphaned (kept): “${o.quote}”`);
      for (const s of report.skipped) console.log(`  skipped ${s.id}: ${s.reason}`);
      return 0;
    });
  } finally {
    release();
  }
}

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const BackupVersion = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().min(1).max(200),
  createdAt: z.iso.datetime(),
  createdBy: Person,
  reason: VersionReason,
  sessionId: z.string().nullable(),
  state: z.base64(),
  stateSha256: Sha256.optional(),
});
// Backups before named versions existed have none; before checksums, no stateSha256.
const Backup = z.object({
  crosswalkBackup: z.literal(1),
  workspaceId: z.string(),
  title: z.string(),
  savedAt: z.string(),
  state: z.base64(),
  stateSha256: Sha256.optional(),
  versions: z.array(BackupVersion).default([]),
});

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

function backup(values: Values): Promise<number> {
  const [workspace, out] = need(values, 'workspace', 'out');
  return withData(
    (db, _accounts, store) => {
      const id = workspaceOf(store, workspace!);
      // One read transaction: the workspace and its versions as of one moment, even with a server writing.
      const contents = db.transaction(() => {
        // Hidden items' words go into the backup (they are kept apart from the state, not lost):
        // a restored workspace takes them out again as it first loads.
        const hidden = new HiddenContentStore(db);
        const state = Y.encodeStateAsUpdate(transformedCopy(loadDoc(db, store, id), (copy) => restoreWords(copy, (annotationId) => hidden.ofAnnotation(id, annotationId), { all: true })));
        const versionStore = new VersionStore(db);
        const versions = versionStore.list(id).map(({ id: vid, name, createdAt, createdBy, reason, sessionId }) => {
          const bytes = versionStore.state(id, vid)!;
          return { id: vid, name, createdAt, createdBy, reason, sessionId, state: Buffer.from(bytes).toString('base64'), stateSha256: sha256(bytes) };
        });
        const title = store.listWorkspaces().find((w) => w.id === id)!.title;
        return { crosswalkBackup: 1, workspaceId: id, title, savedAt: new Date().toISOString(), state: Buffer.from(state).toString('base64'), stateSha256: sha256(state), versions };
      })();
      writeWhole(out!, JSON.stringify(contents, null, 1));
      const n = contents.versions.length;
      console.log(`saved ${id} to ${out}${n ? ` with ${n} named version${n === 1 ? '' : 's'}` : ''}`);
      return 0;
    },
    { seed: false, existing: true },
  );
}

/** The bytes of a backed-up state (the workspace's or a version's), or why they cannot be restored. */
function decodedState(base64: string, digest: string | undefined): { bytes: Uint8Array } | { problem: string } {
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  if (digest !== undefined && sha256(bytes) !== digest) return { problem: 'its bytes differ from those saved (checksum mismatch)' };
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, bytes);
  } catch (error) {
    return { problem: `it does not decode (${(error as Error).message})` };
  }
  // Yjs holds back, without complaint, what refers to changes it has not seen: a whole state never does.
  if (ydoc.store.pendingStructs || ydoc.store.pendingDs) return { problem: 'it refers to changes the backup does not hold (cut short?)' };
  if (!new Workspace(ydoc).info()) return { problem: 'it holds no Crosswalk workspace' };
  ydoc.destroy();
  return { bytes };
}

/** Reads and checks a whole backup, every state decoded, before anything in the data folder is touched. */
function readBackup(file: string) {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Failure(`${file} is not a Crosswalk backup: it is not JSON, or cut short (${error.message})`);
    throw new Failure(`cannot read ${file}: ${reason(error)}`);
  }
  const marker = (json as { crosswalkBackup?: unknown } | null)?.crosswalkBackup;
  if (marker === undefined) throw new Failure(`${file} is not a Crosswalk backup`);
  if (marker !== 1) throw new Failure(`${file} is a backup in format ${JSON.stringify(marker)}, which this Crosswalk does not know`);
  const parsed = Backup.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Failure(`${file} is damaged: ${issue.path.join('.')}: ${issue.message}`);
  }
  const backup = parsed.data;
  const state = decodedState(backup.state, backup.stateSha256);
  if ('problem' in state) throw new Failure(`${file} is damaged: the workspace's state cannot be restored: ${state.problem}`);
  const seen = new Set<string>();
  const versions = backup.versions.map((v) => {
    if (seen.has(v.id)) throw new Failure(`${file} is damaged: it lists named version ${v.id} twice`);
    seen.add(v.id);
    const decoded = decodedState(v.state, v.stateSha256);
    if ('problem' in decoded) throw new Failure(`${file} is damaged: named version "${v.name}" (${v.id}) cannot be restored: ${decoded.problem}`);
    return { ...v, state: decoded.bytes };
  });
  return { ...backup, state: state.bytes, versions };
}

function restore(values: Values): Promise<number> {
  const [file] = need(values, 'file');
  const id = (values.as as string | undefined) ?? null;
  if (id !== null && !/^[a-z0-9][a-z0-9-]{0,79}$/.test(id)) throw new UsageError(`bad workspace id "${id}" for --as (lower-case letters, digits and dashes)`);
  const backup = readBackup(file!);
  const target = id ?? backup.workspaceId;
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(target)) throw new Failure(`${file} names its workspace "${target}", which is not a valid id: restore it with --as NEW_ID`);
  const release = claim('restore', 'stop it first');
  return withData(
    (db, _accounts, store) => {
      const versions = new VersionStore(db);
      // A copy restored beside its original (--as) gets versions of its own: ids are unique per data folder.
      const copy = target !== backup.workspaceId;
      try {
        db.transaction(() => {
          if (store.hasWorkspace(target)) {
            if (!values.replace) throw new UsageError(`workspace "${target}" exists: add --replace to overwrite it, or --as NEW_ID`);
            db.prepare('DELETE FROM updates WHERE workspace_id = ?').run(target);
            store.compact(target, backup.state, 0);
            versions.removeAll(target);
            // Words kept for the replaced state; the backup's own come out of its state on loading.
            new HiddenContentStore(db).removeAll(target);
          } else {
            store.createWorkspace(target, backup.title, backup.state);
          }
          // Oldest first, so that they list in the order they were saved.
          for (const v of [...backup.versions].reverse()) versions.save({ ...v, id: copy ? undefined : v.id, workspaceId: target });
        })();
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw new Failure(`a named version in ${file} has the id of one already in this data folder (another workspace's): nothing was restored; restore it with --as NEW_ID`);
        }
        throw error;
      }
      console.log(`restored ${target} from ${file}${backup.versions.length ? ` with ${backup.versions.length} named version${backup.versions.length === 1 ? '' : 's'}` : ''}`);
      return 0;
    },
    { seed: false },
  ).finally(release);
}

async function serve(args: string[]): Promise<number> {
  if (args.length) throw new UsageError('serve takes no options: set HOST, PORT and DATA_DIR in the environment');
  const config = configFromEnv();
  // Claimed before the server opens the database, so that a second serve started at the same
  // moment is refused here rather than racing the first through the migrations.
  const release = claim('serve', 'stop it first, or give this server another DATA_DIR');
  const server = await startServer(config);
  console.log(`Crosswalk is serving on ${server.url} (data in ${config.dataDir})`);
  console.log(`Owner sign-in link (works once, for 24 hours):\n\n  ${server.ownerLink()}\n`);
  const stop = () => {
    console.log('Stopping…');
    void server.close().then(() => {
      release();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

const PARSE_ERRORS = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || PARSE_ERRORS.has((error as { code?: string }).code ?? '')) {
      process.stderr.write(`crosswalk: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof Refused) {
      process.stderr.write(`crosswalk: ${error.message}\n`);
      process.exit(2);
    }
    // Failure, AccountError and the unexpected alike: the message, exit 1.
    process.stderr.write(`crosswalk: ${(error as Error).message ?? error}\n`);
    process.exit(1);
  },
);
