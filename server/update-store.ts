import type { Db } from './database.js';

/** What is stored of one workspace: a snapshot and the updates after it, in order. */
export interface StoredWorkspace {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  lastUpdateId: number;
}

/** The durable home of workspace Y.Docs: an append-only update log, compacted into snapshots. */
export interface UpdateStore {
  createWorkspace(id: string, title: string, snapshot: Uint8Array): void;
  hasWorkspace(id: string): boolean;
  listWorkspaces(): { id: string; title: string; createdAt: string }[];
  load(id: string): StoredWorkspace;
  /** Appends an update; returns its id in the log. Durable once it returns. */
  append(id: string, update: Uint8Array): number;
  /** Replaces the snapshot and every logged update up to `lastUpdateId` with `snapshot`. */
  compact(id: string, snapshot: Uint8Array, lastUpdateId: number): void;
  /** Number of updates logged since the last snapshot. */
  pendingUpdates(id: string): number;
  /** Who owns each Yjs client id that has written to a workspace. */
  clientOwners(id: string): Map<number, string>;
  /** Records that a member owns a client id from now on. Durable once it returns. */
  claimClient(id: string, clientId: number, userId: string): void;
}

export class SqliteUpdateStore implements UpdateStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insertWorkspace: db.prepare('INSERT INTO workspaces (id, title, created_at) VALUES (?, ?, ?)'),
      hasWorkspace: db.prepare('SELECT 1 FROM workspaces WHERE id = ?').pluck(),
      listWorkspaces: db.prepare('SELECT id, title, created_at AS createdAt FROM workspaces ORDER BY created_at'),
      snapshot: db.prepare('SELECT data, last_update_id AS lastUpdateId FROM snapshots WHERE workspace_id = ?'),
      updatesAfter: db.prepare('SELECT id, data FROM updates WHERE workspace_id = ? AND id > ? ORDER BY id'),
      append: db.prepare('INSERT INTO updates (workspace_id, data) VALUES (?, ?)'),
      upsertSnapshot: db.prepare(
        `INSERT INTO snapshots (workspace_id, data, last_update_id, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id) DO UPDATE SET data = excluded.data, last_update_id = excluded.last_update_id, created_at = excluded.created_at`,
      ),
      deleteUpTo: db.prepare('DELETE FROM updates WHERE workspace_id = ? AND id <= ?'),
      clientOwners: db.prepare('SELECT client_id AS clientId, user_id AS userId FROM client_ids WHERE workspace_id = ?'),
      claimClient: db.prepare('INSERT INTO client_ids (workspace_id, client_id, user_id, claimed_at) VALUES (?, ?, ?, ?)'),
      pending: db.prepare('SELECT count(*) FROM updates WHERE workspace_id = ? AND id > coalesce((SELECT last_update_id FROM snapshots WHERE workspace_id = ?), 0)').pluck(),
    };
  }

  createWorkspace(id: string, title: string, snapshot: Uint8Array): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.statements.insertWorkspace.run(id, title, now);
      this.statements.upsertSnapshot.run(id, Buffer.from(snapshot), 0, now);
    })();
  }

  hasWorkspace(id: string): boolean {
    return this.statements.hasWorkspace.get(id) === 1;
  }

  listWorkspaces(): { id: string; title: string; createdAt: string }[] {
    return this.statements.listWorkspaces.all() as { id: string; title: string; createdAt: string }[];
  }

  load(id: string): StoredWorkspace {
    const snap = this.statements.snapshot.get(id) as { data: Buffer; lastUpdateId: number } | undefined;
    const after = snap?.lastUpdateId ?? 0;
    const rows = this.statements.updatesAfter.all(id, after) as { id: number; data: Buffer }[];
    return {
      snapshot: snap ? new Uint8Array(snap.data) : null,
      updates: rows.map((r) => new Uint8Array(r.data)),
      lastUpdateId: rows.length ? rows[rows.length - 1]!.id : after,
    };
  }

  append(id: string, update: Uint8Array): number {
    return Number(this.statements.append.run(id, Buffer.from(update.buffer, update.byteOffset, update.byteLength)).lastInsertRowid);
  }

  compact(id: string, snapshot: Uint8Array, lastUpdateId: number): void {
    // One transaction: a crash leaves either the old snapshot with its log or the new one.
    this.db.transaction(() => {
      this.statements.upsertSnapshot.run(id, Buffer.from(snapshot), lastUpdateId, new Date().toISOString());
      this.statements.deleteUpTo.run(id, lastUpdateId);
    })();
  }

  pendingUpdates(id: string): number {
    return this.statements.pending.get(id, id) as number;
  }

  clientOwners(id: string): Map<number, string> {
    const rows = this.statements.clientOwners.all(id) as { clientId: number; userId: string }[];
    return new Map(rows.map((r) => [r.clientId, r.userId]));
  }

  claimClient(id: string, clientId: number, userId: string): void {
    this.statements.claimClient.run(id, clientId, userId, new Date().toISOString());
  }
}
