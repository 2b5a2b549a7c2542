import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

// Each entry runs once, in order; the index of the last one applied is the schema's user_version.
const MIGRATIONS = [
  `CREATE TABLE workspaces (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE updates (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     data BLOB NOT NULL
   );
   CREATE INDEX updates_by_workspace ON updates(workspace_id, id);
   CREATE TABLE snapshots (
     workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
     data BLOB NOT NULL,
     last_update_id INTEGER NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE tokens (
     hash TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('bearer', 'signin')),
     workspace_id TEXT NOT NULL,
     role TEXT NOT NULL,
     name TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT,
     used_at TEXT
   );
   CREATE TABLE sessions (
     hash TEXT PRIMARY KEY,
     workspace_id TEXT NOT NULL,
     role TEXT NOT NULL,
     name TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );`,
];

/**
 * Opens (creating if needed) the SQLite file under dataDir in WAL mode.
 * synchronous=NORMAL: a committed transaction survives the process being killed
 * (it is in the WAL, in the OS's hands); only a power cut can lose the last ones.
 */
export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'crosswalk.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    for (let i = version; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return db;
}
