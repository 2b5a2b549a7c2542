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
  // Accounts, memberships, invites and the audit log. Sessions now belong to a user; their
  // role comes from the membership, so a change of role applies at once.
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     display_name TEXT NOT NULL,
     password_hash TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE members (
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     added_at TEXT NOT NULL,
     PRIMARY KEY (workspace_id, user_id)
   );
   CREATE TABLE invites (
     id TEXT PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     role TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     revoked_at TEXT,
     uses INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     workspace_id TEXT NOT NULL,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     detail TEXT NOT NULL
   );
   CREATE INDEX audit_by_workspace ON audit(workspace_id, id);
   ALTER TABLE sessions ADD COLUMN user_id TEXT REFERENCES users(id) ON DELETE CASCADE;
   ALTER TABLE tokens ADD COLUMN revoked_at TEXT;`,
  // Named versions: the whole workspace as one Yjs update, saved by hand or at the end of a session.
  `CREATE TABLE versions (
     id TEXT PRIMARY KEY,
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     name TEXT NOT NULL,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_by_name TEXT NOT NULL,
     reason TEXT NOT NULL CHECK (reason IN ('manual', 'session-end')),
     session_id TEXT,
     data BLOB NOT NULL
   );
   CREATE INDEX versions_by_workspace ON versions(workspace_id, created_at);`,
  // Each Yjs client id belongs to the member who first wrote with it: nobody else may write under
  // it (and take the clocks of someone's offline work), and every stored change has an author.
  `CREATE TABLE client_ids (
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     client_id INTEGER NOT NULL,
     user_id TEXT NOT NULL,
     claimed_at TEXT NOT NULL,
     PRIMARY KEY (workspace_id, client_id)
   );`,
  // The words of hidden annotations and replies, which leave the shared document while hidden:
  // kept here for moderators and for *Show again*. reply_id is '' for the annotation's own record.
  `CREATE TABLE hidden_content (
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     annotation_id TEXT NOT NULL,
     reply_id TEXT NOT NULL,
     value TEXT NOT NULL,
     kept_at TEXT NOT NULL,
     PRIMARY KEY (workspace_id, annotation_id, reply_id)
   );`,
  // Seminars: invites get a label and a record of who used them; attendance from connections
  // (the server sees them, silent viewers included); anonymous questions and poll votes stay here,
  // out of the shared document, so that nobody reading it learns who asked or who voted what.
  `ALTER TABLE invites ADD COLUMN label TEXT;
   CREATE TABLE invite_uses (
     invite_id TEXT NOT NULL REFERENCES invites(id),
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     used_at TEXT NOT NULL
   );
   CREATE INDEX invite_uses_by_invite ON invite_uses(invite_id);
   CREATE TABLE attendance (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     role TEXT NOT NULL,
     joined_at TEXT NOT NULL,
     left_at TEXT
   );
   CREATE INDEX attendance_by_workspace ON attendance(workspace_id, joined_at);
   CREATE TABLE seminar_questions (
     id TEXT PRIMARY KEY,
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     session_id TEXT NOT NULL,
     author_id TEXT NOT NULL,
     body TEXT NOT NULL,
     asked_at TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('new', 'on-agenda', 'dismissed')),
     item_id TEXT
   );
   CREATE INDEX seminar_questions_by_session ON seminar_questions(workspace_id, session_id);
   CREATE TABLE poll_votes (
     workspace_id TEXT NOT NULL REFERENCES workspaces(id),
     poll_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     option INTEGER NOT NULL,
     voted_at TEXT NOT NULL,
     PRIMARY KEY (workspace_id, poll_id, user_id)
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
