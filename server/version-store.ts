import crypto from 'node:crypto';
import { z } from 'zod';
import type { Person } from '../core/index.js';
import type { Db } from './database.js';

export const VersionReason = z.enum(['manual', 'session-end']);
export type VersionReason = z.infer<typeof VersionReason>;

/** A named version as listed: everything but its bytes. */
export interface VersionInfo {
  id: string;
  workspaceId: string;
  name: string;
  createdAt: string;
  createdBy: Person;
  reason: VersionReason;
  /** The session whose end saved it. */
  sessionId: string | null;
  /** Size of the stored state in bytes. */
  size: number;
}

/** Named versions of workspaces: each the Y.Doc's whole state (Y.encodeStateAsUpdate) as saved. */
export class VersionStore {
  private readonly s;

  constructor(db: Db) {
    const cols = `id, workspace_id AS workspaceId, name, created_at AS createdAt, created_by AS createdById, created_by_name AS createdByName,
                  reason, session_id AS sessionId, length(data) AS size`;
    this.s = {
      insert: db.prepare('INSERT INTO versions (id, workspace_id, name, created_at, created_by, created_by_name, reason, session_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      list: db.prepare(`SELECT ${cols} FROM versions WHERE workspace_id = ? ORDER BY created_at DESC, rowid DESC`),
      info: db.prepare(`SELECT ${cols} FROM versions WHERE workspace_id = ? AND id = ?`),
      state: db.prepare('SELECT data FROM versions WHERE workspace_id = ? AND id = ?').pluck(),
      removeAll: db.prepare('DELETE FROM versions WHERE workspace_id = ?'),
    };
  }

  /** Saves a version; a restore from a backup passes the version's own id and time. */
  save(input: { workspaceId: string; name: string; createdBy: Person; reason: VersionReason; sessionId?: string | null; state: Uint8Array; id?: string; createdAt?: string }): VersionInfo {
    const { workspaceId, name, createdBy, reason, sessionId, state, id = crypto.randomBytes(8).toString('hex'), createdAt = new Date().toISOString() } = input;
    this.s.insert.run(id, workspaceId, name, createdAt, createdBy.id, createdBy.name, VersionReason.parse(reason), sessionId ?? null, Buffer.from(state.buffer, state.byteOffset, state.byteLength));
    return this.info(workspaceId, id)!;
  }

  /** A workspace's versions, newest first. */
  list(workspaceId: string): VersionInfo[] {
    return (this.s.list.all(workspaceId) as Row[]).map(toInfo);
  }

  info(workspaceId: string, id: string): VersionInfo | undefined {
    const row = this.s.info.get(workspaceId, id) as Row | undefined;
    return row && toInfo(row);
  }

  /** Forgets every version of a workspace (a restore replacing it). */
  removeAll(workspaceId: string): void {
    this.s.removeAll.run(workspaceId);
  }

  /** The stored bytes, exactly as saved. */
  state(workspaceId: string, id: string): Uint8Array | undefined {
    const data = this.s.state.get(workspaceId, id) as Buffer | undefined;
    return data && new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
}

type Row = Omit<VersionInfo, 'createdBy'> & { createdById: string; createdByName: string };

function toInfo({ createdById, createdByName, ...row }: Row): VersionInfo {
  return { ...row, reason: VersionReason.parse(row.reason), createdBy: { id: createdById, name: createdByName } };
}
