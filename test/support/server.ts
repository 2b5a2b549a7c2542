import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { startServer, type CrosswalkServer } from '../../server/app.js';

/** A temporary data folder, removed by `cleanup`. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosswalk-test-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a real server on a free port of 127.0.0.1 with its data in `dataDir`. */
export function startTestServer(dataDir: string, overrides: Partial<ServerConfig> = {}): Promise<CrosswalkServer> {
  const config = { ...configFromEnv({}), host: '127.0.0.1', port: 0, dataDir, ...overrides };
  return startServer(config, () => {});
}
