import crypto from 'node:crypto';

// scrypt cost: about 50 ms on this machine's class of hardware, the usual interactive setting.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;

// Hashes run on libuv's pool (4 threads, shared with file and DNS work). Two at a time leaves the
// rest of the pool free, and a flood of sign-ins waits in line instead of crowding out sync edits.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, so `running` never dips under a queue.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

function scrypt(password: string, salt: Buffer, length: number, options: crypto.ScryptOptions): Promise<Buffer> {
  return limited(
    () => new Promise((resolve, reject) => crypto.scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)))),
  );
}

/** How many hashes are being computed and how many wait for a slot (for monitoring and tests). */
export function hashingLoad(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

function format(salt: Buffer, hash: Buffer): string {
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Hashes a password as "scrypt$N$r$p$salt$hash" (base64url), off the main thread. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  return format(salt, await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P }));
}

/**
 * The same hash, computed on the calling thread: for the CLI, a process of its own where
 * blocking costs nothing. The server uses `hashPassword`.
 */
export function hashPasswordSync(password: string): string {
  const salt = crypto.randomBytes(16);
  return format(salt, crypto.scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P }));
}

/** Checks a password against a stored hash in constant time, off the main thread. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // Without a stored hash, still spend the time, so that timing does not tell which accounts exist.
  const parts = (stored ?? `scrypt$${N}$${R}$${P}$${'A'.repeat(22)}$${'A'.repeat(86)}`).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, expected] = parts as [string, string, string, string, string, string];
  const want = Buffer.from(expected, 'base64url');
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), want.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(got, want) && stored !== null;
}
