import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

// The lock is an exclusive SQLite transaction on a file of its own, never committed: the kernel
// drops it when the holder dies in any way (SIGKILL included), so no stale lock outlives its
// process, and of two processes racing for it exactly one wins. The pid file only names the
// holder in messages; it is never trusted for liveness (pids are reused).
const LOCK = 'server.lock';
const HOLDER = 'server.pid';

/** Who holds a data folder, as its holder wrote it down. */
export interface Holder {
  pid: number;
  /** The crosswalk command holding it: serve, import, restore. */
  command: string;
}

/** Another process holds the data folder. */
export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder | null,
  ) {
    super(`${holder ? `process ${holder.pid} (crosswalk ${holder.command})` : 'another Crosswalk process'} is using this data folder (${dataDir})`);
  }
}

// A process may hold its folder more than once: the CLI claims it before the database is
// opened, then the server it starts claims it again. Only other processes are refused.
const held = new Map<string, { db: Database.Database; holds: number }>();

/**
 * Claims a data folder for this process, or throws DataDirInUse if another process has it.
 * Returns the release function; the claim also ends when the process does.
 */
export function holdDataDir(dataDir: string, command = 'serve'): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const dir = fs.realpathSync(dataDir);
  let entry = held.get(dir);
  if (!entry) {
    // A short wait rides out another process's brief claim (an import) without refusing.
    const db = new Database(path.join(dir, LOCK), { timeout: 250 });
    try {
      db.pragma('journal_mode = MEMORY');
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DataDirInUse(dir, holderOf(dir));
      throw error;
    }
    fs.writeFileSync(path.join(dir, HOLDER), `${process.pid} ${command}\n`);
    entry = { db, holds: 0 };
    held.set(dir, entry);
  }
  const claim = entry;
  claim.holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--claim.holds > 0) return;
    held.delete(dir);
    // The pid file goes while the lock still keeps anyone else from writing theirs.
    fs.rmSync(path.join(dir, HOLDER), { force: true });
    claim.db.close();
  };
}

function holderOf(dir: string): Holder | null {
  try {
    const match = /^(\d+) (\S+)/.exec(fs.readFileSync(path.join(dir, HOLDER), 'utf8'));
    return match ? { pid: Number(match[1]), command: match[2]! } : null;
  } catch {
    // The holder has not written it yet, or is just leaving.
    return null;
  }
}
