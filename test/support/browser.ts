import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Whether end-to-end tests can run. Under CI a missing browser is a failure, not a skip. */
export function browserAvailable(): boolean {
  const found = fs.existsSync(chromiumPath);
  if (!found && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
  return found;
}

// Flags for a closed network: without them Chromium's own background connections are refused noisily.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ARGS, headless: true });
}

export const screenshotDir = 'test-results/screenshots';
