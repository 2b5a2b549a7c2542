import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import * as Y from 'yjs';
import { Person, Role, Workspace } from '../core/index.js';
import type { ImportReport } from '../core/import/index.js';
import { serverUsing } from './data-lock.js';
import { configFromEnv } from './config.js';
import { openDatabase, type Db } from './database.js';
import { Credentials } from './credentials.js';
import { Accounts, AccountError } from './accounts.js';
import { SqliteUpdateStore } from './update-store.js';
import { VersionReason, VersionStore } from './version-store.js';
import { ensureFirstWorkspace, startServer } from './app.js';

const ROLES = Role.options.join(', ');
const USAGE = `Usage: crosswalk <command> [options]

Commands:
  serve                                       start the server (HOST, PORT, DATA_DIR from the environment)
  token --workspace W --role R --name N       print a bearer token for programs (roles: ${ROLES})
  user add --username U --name N [--workspace W --role R] [--password-stdin]
                                              create an account (prints a generated password unless one comes on stdin)
  user list                                   list accounts
  user reset-password --username U [--password-stdin]
                                              set a new password (generated and printed unless given on stdin)
  invite create --workspace W --role R [--days D] [--base-url URL]
                                              print an invite link (expires after D days, default 7)
  invite list --workspace W                   list invites
  invite revoke --workspace W --id ID         revoke an invite
  export --workspace W --format F --out FILE [--document D] [--kinds K,K] [--authors A,A] [--tags T,T]
         [--status open|resolved] [--since DATE] [--until DATE] [--anonymise]
                                              write an export (formats: html, markdown, docx, w3c, tei, csv, bibtex, csl-json)
  import --workspace W FILE                   import W3C JSON-LD or Hypothesis JSON annotations (server stopped)
  backup --workspace W --out FILE             save a whole workspace to a file
  restore --file FILE [--as ID] [--replace]   bring a workspace back from a backup (server stopped)
  member list --workspace W                   list members and roles
  member role --workspace W --username U --role R
  member remove --workspace W --username U
  help                                        show this text
`;

class UsageError extends Error {}

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
    allowPositionals: true,
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

/** Opens the data folder (creating the first workspace if needed) for one command. */
async function withData<T>(run: (db: Db, accounts: Accounts, store: SqliteUpdateStore) => T, seed = true): Promise<T> {
  const config = configFromEnv();
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

function userId(accounts: Accounts, username: string): string {
  const user = accounts.users().find((u) => u.username.toLowerCase() === username.toLowerCase());
  if (!user) throw new UsageError(`no user "${username}"`);
  return user.id;
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'token': {
      const values = options(sub === undefined ? [] : [sub, ...rest]);
      const [workspace, roleName, name] = need(values, 'workspace', 'role', 'name');
      const r = role(roleName!);
      return withData((db, accounts, store) => {
        console.log(new Credentials(db, accounts).createBearerToken(workspaceOf(store, workspace!), r, name!));
        return 0;
      });
    }
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

function user(sub: string | undefined, values: Values): Promise<number> {
  return withData((_db, accounts, store) => {
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
        accounts.resetPassword(username!, password);
        console.log(generated ? `new password for ${username}: ${password}` : `password changed for ${username}`);
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
  return withData((_db, accounts, store) => {
    const [workspace] = need(values, 'workspace');
    const id = workspaceOf(store, workspace!);
    switch (sub) {
      case 'list':
        for (const m of accounts.members(id)) console.log([m.username, m.displayName, m.role].join('\t'));
        return 0;
      case 'role': {
        const [username, roleName] = need(values, 'username', 'role');
        accounts.setRole(id, userId(accounts, username!), role(roleName!));
        accounts.audit(id, 'cli', 'member.role', { username, role: roleName });
        console.log(`${username} is now ${roleName} (a running server applies it at the next reconnect)`);
        return 0;
      }
      case 'remove': {
        const [username] = need(values, 'username');
        accounts.removeMember(id, userId(accounts, username!));
        accounts.audit(id, 'cli', 'member.removed', { username });
        console.log(`removed ${username}`);
        return 0;
      }
      default:
        throw new UsageError('member needs list, role or remove');
    }
  });
}

function loadDoc(store: SqliteUpdateStore, id: string): Y.Doc {
  const ydoc = new Y.Doc();
  const stored = store.load(id);
  Y.transact(ydoc, () => {
    if (stored.snapshot) Y.applyUpdate(ydoc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(ydoc, update);
  });
  return ydoc;
}

const split = (value: unknown) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : undefined);

function refuseWhileServing(): void {
  const pid = serverUsing(configFromEnv().dataDir);
  if (pid) throw new UsageError(`a server (pid ${pid}) is using this data folder: stop it first, or import through it with POST /api/workspaces/:id/import`);
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
  const ydoc = await withData((_db, _accounts, store) => loadDoc(store, workspaceOf(store, workspace!)));
  const file = await exportWorkspace(ydoc, workspace!, format.data, filters.data);
  fs.writeFileSync(out!, file.body);
  console.log(`wrote ${out} (${file.mimeType.split(';')[0]})`);
  return 0;
}

async function importCommand(args: string[]): Promise<number> {
  const { ImportError, importAnnotations } = await import('../core/import/index.js');
  const parsed = parseArgs({ args, options: { workspace: { type: 'string' } }, allowPositionals: true, strict: true });
  const [workspace] = need(parsed.values, 'workspace');
  const file = parsed.positionals[0];
  if (!file) throw new UsageError('import needs the file to read');
  refuseWhileServing();
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AccountError(`cannot read ${file}: ${(error as Error).message}`, 400);
  }
  return withData((_db, accounts, store) => {
    const id = workspaceOf(store, workspace!);
    const ydoc = loadDoc(store, id);
    const before = Y.encodeStateVector(ydoc);
    let report: ImportReport;
    try {
      report = importAnnotations(new Workspace(ydoc), json, { newId: () => `imp-${crypto.randomBytes(7).toString('hex')}` });
    } catch (error) {
      if (error instanceof ImportError) throw new AccountError(error.message, 400);
      throw error;
    }
    store.append(id, Y.encodeStateAsUpdate(ydoc, before));
    accounts.audit(id, 'cli', 'annotations.imported', { file, anchored: report.anchored });
    console.log(`imported ${report.anchored + report.approximate.length + report.orphaned.length} annotations (${report.format}): ${report.anchored} anchored, ${report.approximate.length} approximately, ${report.orphaned.length} orphaned, ${report.skipped.length} skipped; ${report.replies} replies`);
    for (const a of report.approximate) console.log(`  approximately: “${a.quote}” → “${a.found}”`);
    for (const o of report.orphaned) console.log(`  orphaned (kept): “${o.quote}”`);
    for (const s of report.skipped) console.log(`  skipped ${s.id}: ${s.reason}`);
    return 0;
  });
}

const BackupVersion = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().min(1).max(200),
  createdAt: z.iso.datetime(),
  createdBy: Person,
  reason: VersionReason,
  sessionId: z.string().nullable(),
  state: z.base64(),
});
// Backups before named versions existed have none.
const Backup = z.object({ crosswalkBackup: z.literal(1), workspaceId: z.string(), title: z.string(), savedAt: z.string(), state: z.string(), versions: z.array(BackupVersion).default([]) });

function backup(values: Values): Promise<number> {
  const [workspace, out] = need(values, 'workspace', 'out');
  return withData((db, _accounts, store) => {
    const id = workspaceOf(store, workspace!);
    const ydoc = loadDoc(store, id);
    const title = store.listWorkspaces().find((w) => w.id === id)!.title;
    const state = Buffer.from(Y.encodeStateAsUpdate(ydoc)).toString('base64');
    const versionStore = new VersionStore(db);
    const versions = versionStore.list(id).map(({ id: vid, name, createdAt, createdBy, reason, sessionId }) => ({ id: vid, name, createdAt, createdBy, reason, sessionId, state: Buffer.from(versionStore.state(id, vid)!).toString('base64') }));
    fs.writeFileSync(out!, JSON.stringify({ crosswalkBackup: 1, workspaceId: id, title, savedAt: new Date().toISOString(), state, versions }, null, 1));
    console.log(`saved ${id} to ${out}${versions.length ? ` with ${versions.length} named version${versions.length === 1 ? '' : 's'}` : ''}`);
    return 0;
  });
}

function restore(values: Values): Promise<number> {
  const [file] = need(values, 'file');
  refuseWhileServing();
  const parsed = Backup.safeParse(JSON.parse(fs.readFileSync(file!, 'utf8')));
  if (!parsed.success) throw new UsageError(`${file} is not a Crosswalk backup`);
  const id = (values.as as string | undefined) ?? parsed.data.workspaceId;
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(id)) throw new UsageError(`bad workspace id "${id}"`);
  const state = new Uint8Array(Buffer.from(parsed.data.state, 'base64'));
  return withData((db, _accounts, store) => {
    const versions = new VersionStore(db);
    db.transaction(() => {
      if (store.hasWorkspace(id)) {
        if (!values.replace) throw new UsageError(`workspace "${id}" exists: add --replace to overwrite it, or --as NEW_ID`);
        db.prepare('DELETE FROM updates WHERE workspace_id = ?').run(id);
        store.compact(id, state, 0);
        versions.removeAll(id);
      } else {
        store.createWorkspace(id, parsed.data.title, state);
      }
      // Oldest first, so that they list in the order they were saved.
      // A copy restored beside its original (--as) gets versions of its own: ids are unique per data folder.
      const copy = id !== parsed.data.workspaceId;
      for (const v of [...parsed.data.versions].reverse()) versions.save({ ...v, id: copy ? undefined : v.id, workspaceId: id, state: new Uint8Array(Buffer.from(v.state, 'base64')) });
    })();
    console.log(`restored ${id} from ${file}`);
    return 0;
  }, false);
}

async function serve(): Promise<number> {
  const config = configFromEnv();
  const server = await startServer(config);
  console.log(`Crosswalk is serving on ${server.url} (data in ${config.dataDir})`);
  console.log(`Owner sign-in link (works once, for 24 hours):\n\n  ${server.ownerLink()}\n`);
  const stop = () => {
    console.log('Stopping…');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      process.stderr.write(`crosswalk: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof AccountError) {
      process.stderr.write(`crosswalk: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`crosswalk: ${(error as Error).message ?? error}\n`);
    process.exit(1);
  },
);
