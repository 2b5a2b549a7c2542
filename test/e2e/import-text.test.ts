import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { browserAvailable, launchBrowser, screenshotDir } from '../support/browser.js';

const WORKSPACE = 'secure-communities';

describe.skipIf(!browserAvailable())('bringing a catalogued policy’s text in from the app', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    data = tempDataDir();
    server = await startTestServer(data.dir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    data?.cleanup();
  });

  it('pastes a text into a catalogue entry; it becomes readable for another member at once', async () => {
    const owner = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await owner.goto(server.ownerLink());
    const other = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await other.goto(`${server.url}/signin?token=${server.credentials.createSigninToken(WORKSPACE, 'annotator', 'Ada')}`);
    await other.locator('.timeline-item[data-document-id="eo-14159"].not-imported').waitFor();

    await owner.locator('.timeline-item[data-document-id="eo-14159"] a').click();
    await owner.getByRole('tab', { name: 'Paste' }).click();
    await owner.getByLabel('Text to paste').fill('Section 1. Purpose. A test paragraph standing in for the order.\n\nSec. 2. Policy. A second paragraph.');
    await owner.screenshot({ path: path.join(screenshotDir, 'import-text.png') });
    await owner.getByRole('button', { name: 'Add the pasted text' }).click();
    await owner.locator('.reader .prose p').first().waitFor();
    expect(await owner.locator('.reader .prose p').first().getAttribute('data-label')).toBe('Sec. 1');

    await other.locator('.timeline-item[data-document-id="eo-14159"]:not(.not-imported)').waitFor();
    await other.locator('.timeline-item[data-document-id="eo-14159"] a').click();
    await expect.poll(() => other.locator('.reader .prose').textContent()).toContain('A second paragraph.');
    // An annotator reads it but is not offered the import form anywhere.
    expect(await other.locator('.import-text').count()).toBe(0);
  });
});
