import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../core/index.js';

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

/** Pages of an end-to-end test: each in its own context (its own cookies), with page errors collected. */
export class BrowserPages {
  private readonly contexts: BrowserContext[] = [];
  /** Uncaught errors of every page, "label: message". */
  readonly errors: string[] = [];

  private constructor(
    readonly browser: Browser,
    private readonly options: { bypassCSP?: boolean },
  ) {}

  /** `bypassCSP` lets a test inject its own script (axe-core) past the app's Content-Security-Policy. */
  static async launch(options: { bypassCSP?: boolean } = {}): Promise<BrowserPages> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    return new BrowserPages(await launchBrowser(), options);
  }

  async page(label: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
    const context = await this.browser.newContext({ viewport, acceptDownloads: true, bypassCSP: this.options.bypassCSP ?? false });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => this.errors.push(`${label}: ${error.message}`));
    return page;
  }

  /** A page signed in through a one-time link for `name`, opened on the workspace. */
  async signIn(server: { url: string; credentials: { createSigninToken(w: string, r: Role, n: string): string } }, workspaceId: string, role: Role, name: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await this.page(name, viewport);
    await page.goto(`${server.url}/signin?token=${server.credentials.createSigninToken(workspaceId, role, name)}`);
    await page.waitForURL(`**/w/${workspaceId}`);
    return page;
  }

  shot(page: Page, name: string): Promise<Buffer> {
    return page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
    await this.browser.close();
  }
}
