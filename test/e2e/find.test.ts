import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { paths } from '../../server/config.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';

const WORKSPACE = 'secure-communities';

/** Whether a person sees it: inside the viewport, without anyone scrolling it there for them. */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + Math.min(box.height, 40) <= viewport.height && box.x >= 0 && box.x < viewport.width;
}

describe.skipIf(!browserAvailable())('finding in the texts, in Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(paths.client, 'index.html'))) throw new Error('the client is not built: run npm run build first');
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
  });

  afterAll(async () => {
    await pages?.close();
    await server?.close();
    data?.cleanup();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`finds words in every text and goes to a pinpoint, where the person looks (${viewport.width} px)`, async () => {
      const page = await pages.signIn(server, WORKSPACE, 'annotator', `Fay Finder ${viewport.width}`, viewport);
      await page.locator('.reader .prose p').first().waitFor();
      await page.getByRole('button', { name: 'Find in texts' }).click();
      const dialog = page.getByRole('dialog', { name: 'Find in the texts' });
      const search = dialog.getByRole('searchbox');
      expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
      await search.fill('removal of individuals');
      const status = dialog.getByRole('status');
      await expect.poll(() => status.textContent()).toMatch(/^1 place in 1 document$/);
      const hit = dialog.locator('.find-hit').first();
      expect(await hit.locator('.find-pinpoint').textContent()).toBe('¶ 3');
      expect(await hit.locator('mark').textContent()).toBe('removal of individuals');
      expect(await inViewport(page, hit)).toBe(true);
      await pages.shot(page, `find-results-${viewport.width}`);
      await hit.click();
      await expect.poll(() => dialog.count()).toBe(0);
      const target = page.locator('.reader .prose .block-target');
      await target.waitFor();
      expect(await target.getAttribute('data-label')).toBe('¶ 3');
      await expect.poll(() => inViewport(page, target)).toBe(true);

      // Go to a pinpoint typed as a citation has it; one that is not there says so.
      const goTo = page.getByRole('search', { name: 'Go to a pinpoint' });
      await goTo.getByRole('textbox').fill('¶ 9');
      await goTo.getByRole('button', { name: 'Go' }).click();
      await expect.poll(() => page.locator('.reader .prose .block-target[data-label="¶ 9"]').count()).toBe(1);
      await expect.poll(() => inViewport(page, page.locator('.reader .prose [data-label="¶ 9"]'))).toBe(true);
      await goTo.getByRole('textbox').fill('Sec. 99');
      await goTo.getByRole('button', { name: 'Go' }).click();
      expect(await goTo.getByRole('alert').textContent()).toBe('No “Sec. 99” in this document.');
      await pages.shot(page, `find-goto-${viewport.width}`);

      // A catalogue entry whose text is not here offers its import, not a passage to select or compare.
      await page.goto(`${server.url}/w/${WORKSPACE}/d/memo-2014-11-20-secure-communities`);
      await page.getByRole('heading', { name: 'Its text is not in the workspace yet' }).waitFor();
      expect(await page.getByText('Compare with').count()).toBe(0);
      expect(await page.getByText('Select a passage, then choose').count()).toBe(0);
      await page.close();
    });
  }
});
