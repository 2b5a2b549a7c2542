import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { selectText } from '../support/page-helpers.js';
import { repoRoot } from '../support/paths.js';

/*
 * A researcher brings their Zotero export into the workspace's library, merges the duplicates it
 * had, and cites from the library; a correction in the library reaches the card at once, for
 * everyone. Checked as a person sees it: the sheet and its controls in the viewport.
 */

const WORKSPACE = 'secure-communities';
const NOTICE = '.reader-column:not(.reader-beside) .prose';
const BIB = path.join(repoRoot, 'test/fixtures/library/sources.bib');

async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

describe.skipIf(!browserAvailable())('the workspace library', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let ana: Page;
  let ben: Page;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
    ana = await pages.signIn(server, WORKSPACE, 'editor', 'Ana Alvarez');
    ben = await pages.signIn(server, WORKSPACE, 'annotator', 'Ben Brooks');
    await ana.locator(`${NOTICE} p`).first().waitFor();
    await ben.locator(`${NOTICE} p`).first().waitFor();
  });

  afterAll(async () => {
    await pages?.close();
    await server?.close();
    data?.cleanup();
  });

  it('imports a BibTeX file after a preview, and lists its duplicates to merge', async () => {
    await ana.getByRole('button', { name: 'Library', exact: true }).click();
    const sheet = ana.getByRole('dialog', { name: /Library/ });
    await sheet.getByLabel('Import a BibTeX, RIS or CSL-JSON file').setInputFiles(BIB);
    const plan = sheet.getByRole('status');
    await expect.poll(() => plan.textContent()).toBe('sources.bib: 22 read. 22 new.');
    const add = sheet.getByRole('button', { name: 'Add 22 sources' });
    expect(await inViewport(ana, add)).toBe(true);
    await add.click();
    await expect.poll(() => sheet.locator('h2').textContent()).toBe('Library · 22 sources');

    // The same file again adds nothing: everything is already here.
    await sheet.getByLabel('Import a BibTeX, RIS or CSL-JSON file').setInputFiles(BIB);
    await expect.poll(() => plan.textContent()).toBe('sources.bib: 22 read. 0 new, 22 already in the library (skipped).');
    expect(await sheet.getByRole('button', { name: 'Nothing new to add' }).isDisabled()).toBe(true);
    await sheet.getByRole('button', { name: 'Cancel' }).click();

    const groups = sheet.locator('.library-duplicates > ul');
    await expect.poll(() => groups.count()).toBe(2);
    await pages.shot(ana, 'library-duplicates');
    const kalhan = groups.filter({ hasText: 'Ohio State Law Journal' });
    await kalhan.locator('li', { hasText: 'Ohio State Law Journal, 74' }).getByRole('button', { name: /Keep this one/ }).click();
    await groups.first().locator('li').first().getByRole('button', { name: /Keep this one/ }).click();
    await expect.poll(() => sheet.locator('h2').textContent()).toBe('Library · 20 sources');
    expect(await groups.count()).toBe(0);
    await ana.keyboard.press('Escape');
  });

  it('cites a source picked from the library, and the card follows a correction made in the library', async () => {
    await selectText(ben, '283,000 convicted criminal aliens', NOTICE);
    await ben.locator('.selection-toolbar').getByRole('button', { name: 'Cite' }).click();
    const form = ben.locator('.composer');
    const search = form.getByLabel('From the library');
    expect(await inViewport(ben, search)).toBe(true);
    await search.fill('kalhan 2013');
    await form.locator('.library-pick').first().click();
    expect(await form.getByLabel('Title').inputValue()).toBe('The Case against Secure Communities');
    await form.getByLabel('Pinpoint').fill('1120');
    await pages.shot(ben, 'library-cite');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    const card = ben.locator('.card[data-kind="citation"]');
    await card.waitFor();
    expect(await card.locator('.reference').textContent()).toContain('Kalhan, A. (2013). The Case against Secure Communities.');

    // Ana corrects the title in the library: Ben's card reads the corrected source.
    await ana.getByRole('button', { name: 'Library', exact: true }).click();
    const sheet = ana.getByRole('dialog', { name: /Library/ });
    await sheet.getByLabel('Search the library').fill('Kalhan');
    await sheet.locator('.library-list li').first().getByRole('button', { name: 'Correct' }).click();
    await sheet.getByLabel('Title').fill('The Case Against Secure Communities');
    await sheet.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => card.locator('.reference').textContent()).toContain('The Case Against Secure Communities.');
    await ana.keyboard.press('Escape');
  });

  it('lets an annotator add but not correct what someone else added', async () => {
    await ben.getByRole('button', { name: 'Library', exact: true }).click();
    const sheet = ben.getByRole('dialog', { name: /Library/ });
    await sheet.getByLabel('Search the library').fill('Motomura');
    await sheet.locator('.library-list li').first().waitFor();
    expect(await sheet.locator('.library-list li').first().getByRole('button', { name: 'Correct' }).count()).toBe(0);
    expect(await sheet.getByRole('button', { name: 'Add by hand' }).count()).toBe(1);
    await ben.keyboard.press('Escape');
  });

  it('fits a phone: the sheet and its import in the viewport', async () => {
    const phone = await pages.signIn(server, WORKSPACE, 'editor', 'Pat Phone', { width: 390, height: 844 });
    await phone.locator(`${NOTICE} p`).first().waitFor();
    await phone.getByRole('button', { name: 'Library', exact: true }).click();
    const sheet = phone.getByRole('dialog', { name: /Library/ });
    await expect.poll(() => sheet.locator('h2').textContent()).toBe('Library · 20 sources');
    expect(await inViewport(phone, sheet.locator('h2'))).toBe(true);
    expect(await inViewport(phone, sheet.getByLabel('Import a BibTeX, RIS or CSL-JSON file'))).toBe(true);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await pages.shot(phone, 'library-phone');
  });
});
