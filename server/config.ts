import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WriteLimits } from './write-quota.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Everything the server reads from its environment, resolved once at start. */
export interface ServerConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  dataDir: string;
  /** The corpus the first workspace is created from. */
  documentsDir: string;
  /** The built browser app (Vite's output). */
  clientDir: string;
  /** How long a workspace with no connection stays in memory. */
  idleUnloadMs: number;
  /** Compact a workspace's update log into a snapshot after this many updates. */
  compactAfterUpdates: number;
  /** Largest WebSocket message accepted, in bytes. */
  maxMessageBytes: number;
  /** Failed sign-ins allowed per address and username in 15 minutes. */
  signinAttemptsPer15Min: number;
  /** Hosts, addresses and CIDR ranges documents may be fetched from although not public (FETCH_ALLOW). */
  fetchAllow: string[];
  /** Where DOIs are resolved to CSL-JSON by content negotiation (DOI_RESOLVER): doi.org unless set. */
  doiResolver: string;
  /** How much one member may write to a workspace over sync. */
  writeLimits: WriteLimits;
}

export const paths = {
  root,
  documents: path.join(root, 'documents'),
  client: path.join(root, 'dist', 'client'),
};

function intFrom(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const maxMessageBytes = intFrom(env.MAX_MESSAGE_BYTES, 'MAX_MESSAGE_BYTES', 8 * 1024 * 1024);
  return {
    host: env.HOST || '127.0.0.1',
    port: intFrom(env.PORT, 'PORT', 8080),
    dataDir: path.resolve(env.DATA_DIR || path.join(root, 'data')),
    documentsDir: paths.documents,
    clientDir: paths.client,
    idleUnloadMs: intFrom(env.IDLE_UNLOAD_MS, 'IDLE_UNLOAD_MS', 60_000),
    compactAfterUpdates: intFrom(env.COMPACT_AFTER_UPDATES, 'COMPACT_AFTER_UPDATES', 2_000),
    maxMessageBytes,
    signinAttemptsPer15Min: intFrom(env.SIGNIN_ATTEMPTS_PER_15_MIN, 'SIGNIN_ATTEMPTS_PER_15_MIN', 10),
    fetchAllow: (env.FETCH_ALLOW ?? '').split(',').map((entry) => entry.trim()).filter(Boolean),
    doiResolver: (env.DOI_RESOLVER || 'https://doi.org').replace(/\/+$/, ''),
    // A typist makes a few updates a second; a paste, one large one. The burst lets any message
    // the size limit admits through once.
    writeLimits: {
      updatesPerSecond: intFrom(env.WRITE_UPDATES_PER_SECOND, 'WRITE_UPDATES_PER_SECOND', 50),
      updateBurst: intFrom(env.WRITE_UPDATE_BURST, 'WRITE_UPDATE_BURST', 300),
      bytesPerSecond: intFrom(env.WRITE_BYTES_PER_SECOND, 'WRITE_BYTES_PER_SECOND', 256 * 1024),
      byteBurst: intFrom(env.WRITE_BYTE_BURST, 'WRITE_BYTE_BURST', maxMessageBytes),
      growthPerMinute: intFrom(env.WRITE_GROWTH_PER_MINUTE, 'WRITE_GROWTH_PER_MINUTE', maxMessageBytes),
    },
  };
}
