import fs from 'node:fs';
import path from 'node:path';

const LOCK = 'server.pid';

/** Marks a data folder as served by this process; returns a release function. */
export function holdDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK);
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file);
    } catch {
      // Already gone.
    }
  };
}

/** The pid of a live server using this data folder, if any. */
export function serverUsing(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, LOCK), 'utf8'));
    if (!Number.isInteger(pid) || pid === process.pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
