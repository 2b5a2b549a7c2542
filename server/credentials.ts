import crypto from 'node:crypto';
import { Role } from '../core/index.js';
import type { Db } from './database.js';

/** Who is asking: resolved from a session cookie or a bearer token. */
export interface Principal {
  /** Stable id of the person, recorded as the author of what they write. */
  userId: string;
  name: string;
  role: Role;
  workspaceId: string;
  via: 'session' | 'bearer';
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

/** Bearer tokens, one-time sign-in tokens and browser sessions. Accounts join in their own issue. */
export class Credentials {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insertToken: db.prepare(
        'INSERT INTO tokens (hash, kind, workspace_id, role, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      token: db.prepare('SELECT kind, workspace_id AS workspaceId, role, name, expires_at AS expiresAt, used_at AS usedAt FROM tokens WHERE hash = ?'),
      // The WHERE makes redemption single-use even if two requests race.
      useToken: db.prepare("UPDATE tokens SET used_at = ? WHERE hash = ? AND kind = 'signin' AND used_at IS NULL"),
      insertSession: db.prepare(
        'INSERT INTO sessions (hash, workspace_id, role, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      session: db.prepare('SELECT workspace_id AS workspaceId, role, name, expires_at AS expiresAt FROM sessions WHERE hash = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE hash = ?'),
    };
  }

  /** A long-lived token for programs (the CLI, the stock provider in Node). */
  createBearerToken(workspaceId: string, role: Role, name: string): string {
    const secret = newSecret();
    this.statements.insertToken.run(hash(secret), 'bearer', workspaceId, Role.parse(role), name, new Date().toISOString(), null);
    return secret;
  }

  /** A token for a sign-in link: good once, for a day. */
  createSigninToken(workspaceId: string, role: Role, name: string): string {
    const secret = newSecret();
    this.statements.insertToken.run(hash(secret), 'signin', workspaceId, Role.parse(role), name, new Date().toISOString(), isoIn(SIGNIN_HOURS * 3600_000));
    return secret;
  }

  fromBearer(secret: string): Principal | null {
    const row = this.statements.token.get(hash(secret)) as TokenRow | undefined;
    if (!row || row.kind !== 'bearer' || expired(row.expiresAt)) return null;
    return { userId: userIdFor(row.name), name: row.name, role: Role.parse(row.role), workspaceId: row.workspaceId, via: 'bearer' };
  }

  /** Redeems a sign-in token for a new session; returns the session secret, or null if the link is spent or unknown. */
  redeemSignin(secret: string): { session: string; principal: Principal } | null {
    const h = hash(secret);
    const row = this.statements.token.get(h) as TokenRow | undefined;
    if (!row || row.kind !== 'signin' || row.usedAt !== null || expired(row.expiresAt)) return null;
    if (this.statements.useToken.run(new Date().toISOString(), h).changes !== 1) return null;
    const session = newSecret();
    this.statements.insertSession.run(hash(session), row.workspaceId, row.role, row.name, new Date().toISOString(), isoIn(SESSION_DAYS * 86400_000));
    return { session, principal: { userId: userIdFor(row.name), name: row.name, role: Role.parse(row.role), workspaceId: row.workspaceId, via: 'session' } };
  }

  fromSession(secret: string): Principal | null {
    const row = this.statements.session.get(hash(secret)) as SessionRow | undefined;
    if (!row || expired(row.expiresAt)) return null;
    return { userId: userIdFor(row.name), name: row.name, role: Role.parse(row.role), workspaceId: row.workspaceId, via: 'session' };
  }

  endSession(secret: string): void {
    this.statements.deleteSession.run(hash(secret));
  }
}

interface TokenRow {
  kind: 'bearer' | 'signin';
  workspaceId: string;
  role: string;
  name: string;
  expiresAt: string | null;
  usedAt: string | null;
}

interface SessionRow {
  workspaceId: string;
  role: string;
  name: string;
  expiresAt: string;
}

/**
 * Until accounts arrive, a person is known by the name their link or token was issued to:
 * two links for "Ana Alvarez" are the same author.
 */
function userIdFor(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-').slice(0, 100);
}

function expired(expiresAt: string | null): boolean {
  return expiresAt !== null && expiresAt < new Date().toISOString();
}
