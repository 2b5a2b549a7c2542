import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { paths } from '../../server/config.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';

const WORKSPACE = 'secure-communities';

describe.skipIf(!browserAvailable())('the workspace in Chromium', () => {
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

  const signIn = (name: string, viewport?: { width: number; height: number }): Promise<Page> => pages.signIn(server, WORKSPACE, 'editor', name, viewport);
  const shot = (page: Page, name: string) => pages.shot(page, name);

  it('shows the notice’s title and first paragraph in the reader, and every later policy on the timeline', async () => {
    const page = await signIn('Ana');
    const reader = page.locator('.reader');
    await expect.poll(() => reader.locator('.prose h1').textContent()).toBe('Secure Communities');
    const first = reader.locator('.prose p').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/^The highest priority of any law enforcement agency is to protect the communities it serves\./);
    expect(await first.isVisible()).toBe(true);
    expect(await first.getAttribute('data-label')).toBe('¶ 1');
    // The locked notice takes a caret (for keyboard selection) but no typing.
    expect(await reader.locator('.prose').getAttribute('aria-readonly')).toBe('true');
    await first.click();
    await page.keyboard.type('TYPED');
    await page.keyboard.press('Backspace');
    expect(await reader.locator('.prose').textContent()).not.toContain('TYPE');

    const entries = page.locator('.timeline-item');
    expect(await entries.count()).toBe(9);
    const dates = await entries.locator('.timeline-date').allTextContents();
    expect(dates[0]).toBe('November 20, 2014');
    expect(dates.at(-1)).toBe('January 20, 2025');
    expect(await page.locator('.timeline-item.not-imported').count()).toBe(8);
    await shot(page, 'workspace-desktop');
  });

  it('syncs notebook typing from one signed-in page to another, with presence', async () => {
    const [ana, ben] = [await signIn('Ana Alvarez'), await signIn('Ben Brooks')];
    // Below 1680 px the notebook is a panel opened from the top bar.
    for (const page of [ana, ben]) await page.locator('.topbar').getByRole('button', { name: 'Notebook' }).click();
    await ana.locator('.notebook .ProseMirror').click();
    await ana.keyboard.type('Check the 283,000 figure against ICE removal statistics.');

    const benNotebook = ben.locator('.notebook .ProseMirror');
    await expect.poll(() => benNotebook.textContent(), { timeout: 10_000 }).toContain('Check the 283,000 figure against ICE removal statistics.');

    await expect.poll(() => ben.locator('.presence-list [data-presence-name="Ana Alvarez"]').count()).toBe(1);
    expect(await ben.locator('.presence-list [data-presence-name="Ana Alvarez"] .presence-where').textContent()).toBe('in the notebook');
    // Ana's caret shows in Ben's notebook with her name.
    await expect.poll(() => benNotebook.locator('.ProseMirror-yjs-cursor').textContent()).toContain('Ana Alvarez');
    await shot(ben, 'notebook-two-people');
  });

  it('opens a catalogue entry not yet imported, with its facts', async () => {
    const page = await signIn('Cleo');
    await page.locator('.timeline-item[data-document-id="eo-14159"] a').click();
    await page.waitForURL(`**/w/${WORKSPACE}/d/eo-14159`);
    expect(await page.locator('.reader h1[id^="reader-title"]').textContent()).toBe('Executive Order 14159, Protecting the American People Against Invasion');
    expect(await page.locator('.not-imported-card').textContent()).toContain('not in the workspace yet');
    expect(await page.locator('.timeline-relation').last().textContent()).toBe('Revokes Executive Order 13993');
    await shot(page, 'catalogue-entry');
  });

  it('works on a narrow screen: one panel at a time', async () => {
    const page = await signIn('Dev', { width: 390, height: 844 });
    await page.locator('.reader .prose p').first().waitFor();
    expect(await page.locator('.panel-timeline').isVisible()).toBe(false);
    await shot(page, 'reader-narrow');
    await page.getByRole('button', { name: 'Documents' }).click();
    expect(await page.locator('.panel-timeline').isVisible()).toBe(true);
    expect(await page.locator('.panel-reader').isVisible()).toBe(false);
    await shot(page, 'timeline-narrow');
    await page.locator('.timeline-item[data-document-id="secure-communities-ice-2015"] a').click();
    await page.locator('.panel-reader').waitFor();
    await page.getByRole('button', { name: 'Notebook' }).click();
    await page.waitForURL(`**/w/${WORKSPACE}/notebook`);
    expect(await page.locator('.panel-notebook').isVisible()).toBe(true);
    await shot(page, 'notebook-narrow');
  });

  it('raised no error in any page', () => {
    expect(pages.errors).toEqual([]);
  });
});
