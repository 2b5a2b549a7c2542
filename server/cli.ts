import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Role } from '../core/index.js';
import { configFromEnv } from './config.js';
import { openDatabase, type Db } from './database.js';
import { Credentials } from './credentials.js';
import { Accounts, AccountError } from './accounts.js';
import { SqliteUpdateStore } from './update-store.js';
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
    },
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
function withData<T>(run: (db: Db, accounts: Accounts, store: SqliteUpdateStore) => T): T {
  const config = configFromEnv();
  const db = openDatabase(config.dataDir);
  try {
    const store = new SqliteUpdateStore(db);
    ensureFirstWorkspace(store, config.documentsDir);
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
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function user(sub: string | undefined, values: Values): number {
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

function invite(sub: string | undefined, values: Values): number {
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

function member(sub: string | undefined, values: Values): number {
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
