import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { browserAvailable, launchBrowser, screenshotDir } from '../support/browser.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';
import { NOTICE, ana, ben, passageIn } from '../support/annotated-workspace.js';

const WORKSPACE = 'secure-communities';

describe.skipIf(!browserAvailable())('exporting from the app', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let browser: Browser;
  let context: BrowserContext;
  let writer: TestClient;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    data = tempDataDir();
    server = await startTestServer(data.dir);
    writer = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Seeder'));
    await synced(writer);
    const store = writer.workspace.annotations();
    store.create({ id: 'c1', author: ana, passage: passageIn(writer.workspace, NOTICE, '283,000 convicted criminal aliens'), content: { kind: 'critique', body: 'Removal is **not** conviction.', tags: ['numbers'], category: 'factual-claim' } }, 'local');
    store.create({ id: 'q1', author: ben, passage: passageIn(writer.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'What counts as a jurisdiction?', tags: [] } }, 'local');
    store.addReply('c1', { id: 'r1', author: ben, body: 'ICE counts removals after any arrest.' }, 'local');
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    writer?.destroy();
    await server?.close();
    data?.cleanup();
  });

  it('downloads a filtered HTML export from the Export menu that reads well', async () => {
    const page = await context.newPage();
    await page.goto(server.ownerLink());
    await page.locator('.card[data-kind="critique"]').waitFor();
    await page.locator('.topbar').getByRole('button', { name: 'Export' }).click();
    await page.getByLabel('Critique', { exact: true }).check();
    await page.screenshot({ path: path.join(screenshotDir, 'export-menu.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^secure-communities-secure-communities-ice-2015-\d{4}-\d{2}-\d{2}\.html$/);
    const file = path.join(data.dir, download.suggestedFilename());
    await download.saveAs(file);
    await page.locator('.form-ok').waitFor();

    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('Removal is <strong>not</strong> conviction.');
    expect(html).toContain('ICE counts removals after any arrest.');
    expect(html).not.toContain('What counts as a jurisdiction?');

    const reader = await context.newPage();
    await reader.goto(`file://${file}`);
    expect(await reader.locator('mark.hl-critique').textContent()).toBe('283,000 convicted criminal aliens');
    expect(await reader.locator('.note').count()).toBe(1);
    await reader.locator('mark.hl-critique').scrollIntoViewIfNeeded();
    await reader.screenshot({ path: path.join(screenshotDir, 'export-html-text.png') });
    await reader.locator('.notes').scrollIntoViewIfNeeded();
    await reader.screenshot({ path: path.join(screenshotDir, 'export-html-notes.png') });
  });
});
