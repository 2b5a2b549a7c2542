import { spawnSync } from 'node:child_process';

/*
 * pandoc as a second reader of what Crosswalk writes. Debian's (`apt-get install pandoc`) is
 * enough. Without it the tests that need it are skipped with the reason, except on CI
 * (CI=true), where a missing pandoc fails them: the check must not go quiet there.
 */

const probe = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
export const pandocVersion: string | null = probe.status === 0 ? (probe.stdout.split('\n')[0] ?? 'pandoc') : null;

/** Call first in a test that needs pandoc: skips it (with the reason) or, on CI, fails it. */
export function needPandoc(skip: (note?: string) => never): void {
  if (pandocVersion) return;
  const reason = 'pandoc is not installed (apt-get install pandoc)';
  if (process.env.CI === 'true') throw new Error(`${reason}; CI must check the exports with it`);
  skip(reason);
}

/** Runs pandoc on `input`; throws with its error output when it fails. */
export function pandoc(args: string[], input: string): string {
  const run = spawnSync('pandoc', args, { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pandoc ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr || run.error?.message}`);
  return run.stdout;
}
