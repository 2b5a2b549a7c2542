import crypto from 'node:crypto';
import { z } from 'zod';
import { Role, type People } from '../core/index.js';
import type { Db } from './database.js';
import { OWNER_NAME } from './first-workspace.js';
import { hashPassword, hashPasswordSync, verifyPassword } from './passwords.js';

/**
 * The one spelling of a username: "Ana ", "ＡＮＡ" and "ana" name the same account, and
 * count against the same sign-in limit. Compatibility forms (fullwidth letters, ligatures)
 * become their plain letters, then case is folded.
 */
export function normaliseUsername(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
}

export const Username = z
  .string()
  .max(200, 'a username has at most 40 characters')
  .transform(normaliseUsername)
  .pipe(
    z
      .string()
      .min(2, 'a username has at least 2 characters')
      .max(40, 'a username has at most 40 characters')
      .regex(/^[a-z0-9._-]+$/, 'a username uses letters, digits, dots, hyphens and underscores'),
  );
export const Password = z.string().min(10, 'a password has at least 10 characters').max(200, 'a password has at most 200 characters');
export const DisplayName = z.string().trim().min(1, 'a name cannot be empty').max(80, 'a name has at most 80 characters');

export interface User {
  id: string;
  username: string;
  displayName: string;
  hasPassword: boolean;
  createdAt: string;
}

export interface Member extends User {
  role: Role;
  addedAt: string;
}

export interface Invite {
  id: string;
  workspaceId: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  uses: number;
  /** What the owner called it ("Seminar, 3 December"), or null. */
  label: string | null;
  /** Who joined through it, newest first (listed with the workspace's invites only). */
  usedBy?: { userId: string; name: string; usedAt: string }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface NewUser {
  username: string;
  password: string | null;
  displayName: string;
  /** Accounts made by sign-in links have the slug of the link's name as their id. */
  id?: string;
}

/** An expected failure, with a message for the person and an HTTP status. */
export class AccountError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** "Ana Alvarez" → "ana-alvarez": the id of people known by the name a link or token was issued to. */
export function slugOf(name: string): string {
  return (
    name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'user'
  );
}

// The owner's sign-in link makes (or finds) the account with this id and username. Were anyone
// else to take the username first, the link could not make the account and the owner would be
// locked out; so only that account may have it.
const OWNER_USERNAME = slugOf(OWNER_NAME);

const hash = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');
const nowIso = () => new Date().toISOString();

/** Users, their memberships and roles, invites, and the audit log. */
export class Accounts {
  private readonly s;

  constructor(private readonly db: Db) {
    const userCols = 'id, username, display_name AS displayName, password_hash IS NOT NULL AS hasPassword, created_at AS createdAt';
    this.s = {
      insertUser: db.prepare('INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
      userById: db.prepare(`SELECT ${userCols} FROM users WHERE id = ?`),
      userByName: db.prepare(`SELECT ${userCols}, password_hash AS passwordHash FROM users WHERE username = ?`),
      users: db.prepare(`SELECT ${userCols} FROM users ORDER BY username`),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      passwordHash: db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck(),
      setDisplayName: db.prepare('UPDATE users SET display_name = ? WHERE id = ?'),
      upsertMember: db.prepare(
        'INSERT INTO members (workspace_id, user_id, role, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role',
      ),
      role: db.prepare('SELECT role FROM members WHERE workspace_id = ? AND user_id = ?').pluck(),
      memberships: db.prepare('SELECT workspace_id AS workspaceId, role FROM members WHERE user_id = ? ORDER BY added_at'),
      members: db.prepare(
        `SELECT u.id, u.username, u.display_name AS displayName, u.password_hash IS NOT NULL AS hasPassword, u.created_at AS createdAt, m.role, m.added_at AS addedAt
         FROM members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ? ORDER BY m.added_at`,
      ),
      owners: db.prepare("SELECT count(*) FROM members WHERE workspace_id = ? AND role = 'owner'").pluck(),
      removeMember: db.prepare('DELETE FROM members WHERE workspace_id = ? AND user_id = ?'),
      insertInvite: db.prepare('INSERT INTO invites (id, hash, workspace_id, role, created_by, created_at, expires_at, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      inviteUses: db.prepare(
        'SELECT iu.user_id AS userId, u.display_name AS name, iu.used_at AS usedAt FROM invite_uses iu JOIN users u ON u.id = iu.user_id WHERE iu.invite_id = ? ORDER BY iu.used_at DESC',
      ),
      insertInviteUse: db.prepare('INSERT INTO invite_uses (invite_id, user_id, used_at) VALUES (?, ?, ?)'),
      inviteCols: db.prepare(
        'SELECT id, workspace_id AS workspaceId, role, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt, uses, label FROM invites WHERE hash = ?',
      ),
      invites: db.prepare(
        'SELECT id, workspace_id AS workspaceId, role, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt, uses, label FROM invites WHERE workspace_id = ? ORDER BY created_at DESC',
      ),
      revokeInvite: db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL'),
      useInvite: db.prepare('UPDATE invites SET uses = uses + 1 WHERE id = ?'),
      insertAudit: db.prepare('INSERT INTO audit (workspace_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)'),
      audit: db.prepare('SELECT id, at, actor, action, detail FROM audit WHERE workspace_id = ? ORDER BY id DESC LIMIT ?'),
    };
  }

  /**
   * Creates an account, hashing its password on this thread: for the CLI (a process of its own)
   * and for accounts made by sign-in links, which have no password. The server signs people up
   * with `register`.
   */
  createUser(input: NewUser): User {
    const fields = this.vet(input);
    return this.insert(fields, fields.password === null ? null : hashPasswordSync(fields.password));
  }

  /** Signs a person up: the account with its password hashed off the main thread. */
  async register(input: NewUser): Promise<User> {
    const fields = this.vet(input);
    const passwordHash = fields.password === null ? null : await hashPassword(fields.password);
    // Someone may have taken the name while the hash was computed: check again, then insert at once.
    return this.insert(this.vet(input), passwordHash);
  }

  private vet(input: NewUser): { id: string | undefined; username: string; displayName: string; password: string | null } {
    const username = parse(Username, input.username);
    const displayName = parse(DisplayName, input.displayName);
    const password = input.password === null ? null : parse(Password, input.password);
    if (username === OWNER_USERNAME && input.id !== OWNER_USERNAME) throw new AccountError(`the username “${username}” is reserved for the workspace’s owner`, 409);
    if (this.s.userByName.get(username)) throw new AccountError(`the username “${username}” is taken`, 409);
    return { id: input.id, username, displayName, password };
  }

  private insert(fields: { id: string | undefined; username: string; displayName: string }, passwordHash: string | null): User {
    const id = fields.id ?? crypto.randomUUID();
    this.s.insertUser.run(id, fields.username, fields.displayName, passwordHash, nowIso());
    return this.user(id)!;
  }

  user(id: string): User | undefined {
    return fixUser(this.s.userById.get(id));
  }

  users(): User[] {
    return (this.s.users.all() as unknown[]).map((u) => fixUser(u)!);
  }

  /** The account a username names, however it is spelled ("Ana ", "ＡＮＡ"). */
  userByUsername(username: string): User | undefined {
    return fixUser(this.s.userByName.get(normaliseUsername(username)));
  }

  /** The user whose username and password match, or null (same time either way). */
  async checkPassword(username: string, password: string): Promise<User | null> {
    const row = this.s.userByName.get(normaliseUsername(username)) as { id: string; passwordHash: string | null } | undefined;
    const ok = await verifyPassword(password, row?.passwordHash ?? null);
    return ok && row ? this.user(row.id)! : null;
  }

  async changePassword(userId: string, current: string | null, next: string): Promise<void> {
    const password = parse(Password, next);
    const stored = this.s.passwordHash.get(userId) as string | null | undefined;
    if (stored === undefined) throw new AccountError('no such user', 404);
    // An account made by an owner link has no password yet: the first one needs no current one.
    if (stored !== null && !(await verifyPassword(current ?? '', stored))) throw new AccountError('the current password is wrong', 403);
    this.s.setPassword.run(await hashPassword(password), userId);
  }

  /** Sets a new password without the old one (CLI, owners); hashed on this thread, as `createUser`. */
  resetPassword(username: string, next: string): User {
    const row = this.s.userByName.get(normaliseUsername(username)) as { id: string } | undefined;
    if (!row) throw new AccountError(`no user “${username}”`, 404);
    this.s.setPassword.run(hashPasswordSync(parse(Password, next)), row.id);
    return this.user(row.id)!;
  }

  setDisplayName(userId: string, name: string): void {
    this.s.setDisplayName.run(parse(DisplayName, name), userId);
  }

  roleOf(workspaceId: string, userId: string): Role | null {
    const role = this.s.role.get(workspaceId, userId);
    return typeof role === 'string' ? Role.parse(role) : null;
  }

  memberships(userId: string): { workspaceId: string; role: Role }[] {
    return this.s.memberships.all(userId) as { workspaceId: string; role: Role }[];
  }

  members(workspaceId: string): Member[] {
    return (this.s.members.all(workspaceId) as (Omit<Member, 'hasPassword'> & { hasPassword: number })[]).map((m) => ({ ...m, hasPassword: Boolean(m.hasPassword) }));
  }

  /** The members' names as they are now, by id: what cards and exports call them (core/people.ts). */
  people(workspaceId: string): People {
    return new Map(this.members(workspaceId).map((m) => [m.id, m.displayName]));
  }

  setRole(workspaceId: string, userId: string, role: Role): void {
    const current = this.roleOf(workspaceId, userId);
    if (current === null) throw new AccountError('not a member of this workspace', 404);
    if (current === 'owner' && role !== 'owner' && this.s.owners.get(workspaceId) === 1) throw new AccountError('a workspace keeps at least one owner', 409);
    this.s.upsertMember.run(workspaceId, userId, Role.parse(role), nowIso());
  }

  addMember(workspaceId: string, userId: string, role: Role): void {
    this.s.upsertMember.run(workspaceId, userId, Role.parse(role), nowIso());
  }

  removeMember(workspaceId: string, userId: string): void {
    const current = this.roleOf(workspaceId, userId);
    if (current === null) throw new AccountError('not a member of this workspace', 404);
    if (current === 'owner' && this.s.owners.get(workspaceId) === 1) throw new AccountError('a workspace keeps at least one owner', 409);
    this.s.removeMember.run(workspaceId, userId);
  }

  /** A new invite link's secret and record; the link works until it expires or is revoked. */
  createInvite(workspaceId: string, role: Role, expiresInMs: number, createdBy: string, label: string | null = null): { token: string; invite: Invite } {
    if (!(expiresInMs > 0 && expiresInMs <= 90 * 86400_000)) throw new AccountError('an invite expires within 90 days', 400);
    const token = crypto.randomBytes(24).toString('base64url');
    const id = crypto.randomBytes(6).toString('hex');
    this.s.insertInvite.run(id, hash(token), workspaceId, Role.parse(role), createdBy, nowIso(), new Date(Date.now() + expiresInMs).toISOString(), label);
    return { token, invite: this.s.inviteCols.get(hash(token)) as Invite };
  }

  invites(workspaceId: string): Invite[] {
    return (this.s.invites.all(workspaceId) as Invite[]).map((i) => ({ ...i, usedBy: this.s.inviteUses.all(i.id) as NonNullable<Invite['usedBy']> }));
  }

  revokeInvite(workspaceId: string, id: string): void {
    if (this.s.revokeInvite.run(nowIso(), id, workspaceId).changes !== 1) throw new AccountError('no open invite with that id', 404);
  }

  /** The invite behind a link, if it still works; otherwise an AccountError saying why. */
  openInvite(token: string): Invite {
    const invite = this.s.inviteCols.get(hash(token)) as Invite | undefined;
    if (!invite) throw new AccountError('this invite link is not valid', 404);
    if (invite.revokedAt) throw new AccountError('this invite link was revoked', 410);
    if (invite.expiresAt < nowIso()) throw new AccountError('this invite link has expired', 410);
    return invite;
  }

  /** Makes a user a member through an invite. A member keeps a higher role they already have. */
  redeem(invite: Invite, userId: string): Role {
    const order: Role[] = ['viewer', 'annotator', 'editor', 'owner'];
    const current = this.roleOf(invite.workspaceId, userId);
    const role = current && order.indexOf(current) > order.indexOf(invite.role) ? current : invite.role;
    this.db.transaction(() => {
      this.addMember(invite.workspaceId, userId, role);
      this.s.useInvite.run(invite.id);
      this.s.insertInviteUse.run(invite.id, userId, nowIso());
    })();
    return role;
  }

  audit(workspaceId: string, actor: string, action: string, detail: Record<string, unknown>): void {
    this.s.insertAudit.run(workspaceId, nowIso(), actor, action, JSON.stringify(detail));
  }

  auditLog(workspaceId: string, limit = 200): AuditEntry[] {
    return (this.s.audit.all(workspaceId, limit) as (Omit<AuditEntry, 'detail'> & { detail: string })[]).map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }));
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AccountError(result.error.issues[0]!.message, 400);
  return result.data;
}

function fixUser(row: unknown): User | undefined {
  if (!row) return undefined;
  const { passwordHash: _p, ...user } = row as Omit<User, 'hasPassword'> & { hasPassword: number; passwordHash?: string };
  return { ...user, hasPassword: Boolean(user.hasPassword) };
}
