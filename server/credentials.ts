import crypto from 'node:crypto';
import { Role, type ProgramToken } from '../core/index.js';
import type { Db } from './database.js';
import { slugOf, type Accounts } from './accounts.js';

export { slugOf };

/** Who is asking, before knowing which workspace: from a session cookie or a bearer token. */
export interface Identity {
  /** Stable id of the person or program, recorded as the author of what they write. */
  userId: string;
  name: string;
  via: 'session' | 'bearer';
  /** The hash of the session or token it came from, checked again whenever its role is. */
  credential: string;
  /** A bearer token is issued for one workspace and role. */
  token?: { workspaceId: string; role: Role };
}

/** An identity with its role in one workspace. */
export interface Principal extends Identity {
  role: Role;
  workspaceId: string;
}

const SESSION_DAYS = 30;
const SIGNIN_HOURS = 24;

function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

// Only hashes are stored: a copy of the database does not hand out working credentials.
function hash(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/** A bearer token as owners see it. */
export type BearerToken = ProgramToken;

const TOKEN_ID = /^[0-9a-f]{16}$/;

/** Bearer tokens, one-time sign-in links and browser sessions. */
export class Credentials {
  private readonly s;

  constructor(
    db: Db,
    private readonly accounts: Accounts,
  ) {
    this.s = {
      insertToken: db.prepare(
        'INSERT INTO tokens (hash, kind, workspace_id, role, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      token: db.prepare(
        'SELECT kind, workspace_id AS workspaceId, role, name, expires_at AS expiresAt, used_at AS usedAt, revoked_at AS revokedAt FROM tokens WHERE hash = ?',
      ),
      // The WHERE makes redemption single-use even if two requests race.
      useToken: db.prepare("UPDATE tokens SET used_at = ? WHERE hash = ? AND kind = 'signin' AND used_at IS NULL"),
      revokeToken: db.prepare('UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL'),
      insertSession: db.prepare(
        "INSERT INTO sessions (hash, workspace_id, role, name, created_at, expires_at, user_id) VALUES (?, '', '', '', ?, ?, ?)",
      ),
      session: db.prepare('SELECT user_id AS userId, expires_at AS expiresAt FROM sessions WHERE hash = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE hash = ?'),
      deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE user_id = ? AND hash IS NOT ?'),
      bearerTokens: db.prepare(
        "SELECT substr(hash, 1, 16) AS id, name, role, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt FROM tokens WHERE kind = 'bearer' AND workspace_id = ? ORDER BY created_at DESC, hash",
      ),
      openBearerTokens: db.prepare("SELECT hash, name FROM tokens WHERE kind = 'bearer' AND workspace_id = ? AND revoked_at IS NULL"),
      bearerById: db.prepare("SELECT hash, name FROM tokens WHERE kind = 'bearer' AND workspace_id = ? AND substr(hash, 1, 16) = ? AND revoked_at IS NULL"),
    };
  }

  /** A long-lived token for programs (the CLI, the stock provider in Node). */
  createBearerToken(workspaceId: string, role: Role, name: string): string {
    const secret = newSecret();
    this.s.insertToken.run(hash(secret), 'bearer', workspaceId, Role.parse(role), name, new Date().toISOString(), null);
    return secret;
  }

  revokeBearerToken(secret: string): boolean {
    return this.s.revokeToken.run(new Date().toISOString(), hash(secret)).changes === 1;
  }

  /** A workspace's bearer tokens, newest first, revoked ones included. */
  bearerTokens(workspaceId: string): BearerToken[] {
    return (this.s.bearerTokens.all(workspaceId) as BearerToken[]).map((t) => ({ ...t, role: Role.parse(t.role) }));
  }

  /**
   * Revokes one of a workspace's tokens by its id; returns the id its holder acts as (to close
   * their connections), or null when the workspace has no open token with that id.
   */
  revokeBearerTokenById(workspaceId: string, id: string): { userId: string; name: string } | null {
    if (!TOKEN_ID.test(id)) return null;
    const row = this.s.bearerById.get(workspaceId, id) as { hash: string; name: string } | undefined;
    if (!row || this.s.revokeToken.run(new Date().toISOString(), row.hash).changes !== 1) return null;
    return { userId: slugOf(row.name), name: row.name };
  }

  /**
   * Revokes a workspace's tokens issued to a member: those that act as the member's id, or were
   * issued to their username. A removed member's programs go with them.
   */
  revokeBearerTokensOf(workspaceId: string, member: { id: string; username: string }): { id: string; userId: string; name: string }[] {
    const revoked: { id: string; userId: string; name: string }[] = [];
    const now = new Date().toISOString();
    for (const row of this.s.openBearerTokens.all(workspaceId) as { hash: string; name: string }[]) {
      const userId = slugOf(row.name);
      if (userId !== member.id && userId !== member.username) continue;
      if (this.s.revokeToken.run(now, row.hash).changes === 1) revoked.push({ id: row.hash.slice(0, 16), userId, name: row.name });
    }
    return revoked;
  }

  /** A sign-in link's token: good once, for a day; it makes (or finds) an account named after `name`. */
  createSigninToken(workspaceId: string, role: Role, name: string): string {
    const secret = newSecret();
    this.s.insertToken.run(hash(secret), 'signin', workspaceId, Role.parse(role), name, new Date().toISOString(), isoIn(SIGNIN_HOURS * 3600_000));
    return secret;
  }

  fromBearer(secret: string): Identity | null {
    const row = this.s.token.get(hash(secret)) as TokenRow | undefined;
    if (!row || row.kind !== 'bearer' || row.revokedAt || expired(row.expiresAt)) return null;
    return { userId: slugOf(row.name), name: row.name, via: 'bearer', credential: hash(secret), token: { workspaceId: row.workspaceId, role: Role.parse(row.role) } };
  }

  /**
   * Redeems a sign-in link: the account named after the link (created without a password if
   * new) becomes a member with the link's role, and gets a session. Null if the link is spent.
   */
  redeemSignin(secret: string): { session: string; identity: Identity; workspaceId: string } | null {
    const h = hash(secret);
    const row = this.s.token.get(h) as TokenRow | undefined;
    if (!row || row.kind !== 'signin' || row.usedAt !== null || row.revokedAt || expired(row.expiresAt)) return null;
    if (this.s.useToken.run(new Date().toISOString(), h).changes !== 1) return null;
    const id = slugOf(row.name);
    const user = this.accounts.user(id) ?? this.accounts.createUser({ id, username: id, displayName: row.name, password: null });
    this.accounts.addMember(row.workspaceId, user.id, strongest(this.accounts.roleOf(row.workspaceId, user.id), Role.parse(row.role)));
    const session = this.startSession(user.id);
    return { session, identity: { userId: user.id, name: user.displayName, via: 'session', credential: hash(session) }, workspaceId: row.workspaceId };
  }

  startSession(userId: string): string {
    const session = newSecret();
    this.s.insertSession.run(hash(session), new Date().toISOString(), isoIn(SESSION_DAYS * 86400_000), userId);
    return session;
  }

  fromSession(secret: string): Identity | null {
    const row = this.s.session.get(hash(secret)) as { userId: string | null; expiresAt: string } | undefined;
    if (!row?.userId || expired(row.expiresAt)) return null;
    const user = this.accounts.user(row.userId);
    return user ? { userId: user.id, name: user.displayName, via: 'session', credential: hash(secret) } : null;
  }

  endSession(secret: string): void {
    this.s.deleteSession.run(hash(secret));
  }

  /** Ends every session of a user but `keep` (the one asking): after a password change. */
  endSessionsOf(userId: string, keep?: string): number {
    return this.s.deleteSessionsOf.run(userId, keep === undefined ? null : hash(keep)).changes;
  }

  /** Whether the session or token behind an identity still holds: not ended, revoked or expired. */
  live(identity: Identity): boolean {
    if (identity.via === 'bearer') {
      const row = this.s.token.get(identity.credential) as TokenRow | undefined;
      return row !== undefined && row.kind === 'bearer' && !row.revokedAt && !expired(row.expiresAt);
    }
    const row = this.s.session.get(identity.credential) as { expiresAt: string } | undefined;
    return row !== undefined && !expired(row.expiresAt);
  }

  /**
   * The identity's role in a workspace, or null when it has none there. The sync server asks
   * again before every update it applies, so an ended session or a revoked token cannot write
   * through a connection it opened earlier.
   */
  resolve(identity: Identity, workspaceId: string): Principal | null {
    if (!this.live(identity)) return null;
    if (identity.token) {
      if (identity.token.workspaceId !== workspaceId) return null;
      // A token that acts as a member is worth no more than the member is now (demoted since).
      const member = this.accounts.roleOf(workspaceId, identity.userId);
      return { ...identity, role: member ? weakest(member, identity.token.role) : identity.token.role, workspaceId };
    }
    const role = this.accounts.roleOf(workspaceId, identity.userId);
    return role ? { ...identity, role, workspaceId } : null;
  }
}

const ORDER: Role[] = ['viewer', 'annotator', 'editor', 'owner'];
function weakest(a: Role, b: Role): Role {
  return ORDER.indexOf(a) < ORDER.indexOf(b) ? a : b;
}

function strongest(a: Role | null, b: Role): Role {
  return a && ORDER.indexOf(a) > ORDER.indexOf(b) ? a : b;
}

interface TokenRow {
  kind: 'bearer' | 'signin';
  workspaceId: string;
  role: string;
  name: string;
  expiresAt: string | null;
  usedAt: string | null;
  revokedAt: string | null;
}

function expired(expiresAt: string | null): boolean {
  return expiresAt !== null && expiresAt < new Date().toISOString();
}
