import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadDocument } from '../../core/text/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';
import { selectText } from '../support/page-helpers.js';
import { repoRoot } from '../support/paths.js';
import { pandocComments } from '../core/export/docx-reader.js';
import { needPandoc } from '../core/export/pandoc.js';

/*
 * A researcher cites a passage of a later document: its pinpoint fills itself in as the
 * citation's locator. The owner then makes Chicago the workspace's style: every member's cards
 * and the exports follow, and a single export can still ask for another style.
 */

const WORKSPACE = 'secure-communities';
const NOTICE = '.reader-column:not(.reader-beside) .prose';
const BESIDE = '.reader-beside .prose';
const MEMO = 'priority-enforcement-memo';

describe.skipIf(!browserAvailable())('citation styles and pinpoints that fill themselves', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let importer: TestClient;
  let owner: Page;
  let reader: Page;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    importer = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Importer'));
    await synced(importer);
    const file = path.join(repoRoot, 'test/fixtures/priority-enforcement-memo.md');
    const fixture = loadDocument(file, fs.readFileSync(file, 'utf8'), { order: 20 });
    importer.workspace.addDocument(fixture.meta, fixture.doc, 'import');
    pages = await BrowserPages.launch();
    owner = await pages.page('owner');
    await owner.goto(server.ownerLink());
    await owner.locator(`${NOTICE} p`).first().waitFor();
    reader = await pages.signIn(server, WORKSPACE, 'annotator', 'Rita Reader');
    await reader.locator(`${NOTICE} p`).first().waitFor();
  });

  afterAll(async () => {
    await pages?.close();
    importer?.destroy();
    await server?.close();
    data?.cleanup();
  });

  const exportHtml = (page: Page, style?: string) =>
    page.evaluate(async ({ workspace, style }) => {
      const query = new URLSearchParams({ format: 'html', ...(style ? { style } : {}) });
      return (await fetch(`/api/workspaces/${workspace}/export?${query}`, { headers: { 'x-crosswalk': '1' } })).text();
    }, { workspace: WORKSPACE, style });

  const exportDocx = async (page: Page) =>
    Buffer.from(
      await page.evaluate(async (workspace) => {
        const bytes = new Uint8Array(await (await fetch(`/api/workspaces/${workspace}/export?format=docx`, { headers: { 'x-crosswalk': '1' } })).arrayBuffer());
        let binary = '';
        for (const b of bytes) binary += String.fromCharCode(b);
        return btoa(binary);
      }, WORKSPACE),
      'base64',
    );

  it('takes the pinpoint of the passage selected beside as the locator', async () => {
    await selectText(reader, 'Full implementation was completed on January 22, 2013', NOTICE);
    await reader.locator('.selection-toolbar').getByRole('button', { name: 'Cite' }).click();
    const form = reader.locator('.composer');
    await form.getByLabel('A document in this workspace').selectOption(MEMO);
    await reader.locator(`${BESIDE} p`).first().waitFor();
    const pinpoint = (await reader.locator(`${BESIDE} p[data-label]`).nth(1).getAttribute('data-label'))!;
    const words = (await reader.locator(`${BESIDE} p[data-label]`).nth(1).textContent())!.split(/\s+/).slice(0, 6).join(' ');
    await selectText(reader, words, BESIDE);
    await expect.poll(() => form.locator('.field-hint', { hasText: 'from the passage selected beside' }).textContent()).toBe(`${pinpoint}, from the passage selected beside`);
    await expect.poll(() => form.locator('.citation-preview .in-text').textContent()).toContain(pinpoint);
    expect(await form.locator('.citation-preview .field-label').textContent()).toBe('Preview (APA (7th edition))');
    await pages.shot(reader, 'citation-pinpoint-from-passage');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    const card = reader.locator('.card[data-kind="citation"]');
    await card.waitFor();
    expect(await card.locator('.in-text').textContent()).toBe(`(Crosswalk test fixture, 2014, ${pinpoint})`);
  });

  it('follows the workspace’s style on every member’s cards and in the exports once the owner changes it', async ({ skip }) => {
    needPandoc(skip);
    const card = (page: Page) => page.locator('.card[data-kind="citation"] .in-text');
    await card(owner).waitFor();
    const apa = (await card(owner).textContent())!;
    expect(apa).toMatch(/^\(Crosswalk test fixture, 2014, /);
    expect(await exportHtml(owner)).toContain(apa);

    await owner.getByRole('button', { name: 'Export', exact: true }).click();
    await owner.getByLabel('Citation style').selectOption('chicago-author-date');
    await owner.getByRole('button', { name: 'Use Chicago (author-date) for the whole workspace' }).click();
    await pages.shot(owner, 'citation-style-export-panel');
    await owner.keyboard.press('Escape');

    // Chicago author-date: no comma between author and year.
    const chicago = apa.replace('Crosswalk test fixture, 2014,', 'Crosswalk test fixture 2014,');
    await expect.poll(() => card(owner).textContent()).toBe(chicago);
    await expect.poll(() => card(reader).textContent()).toBe(chicago);
    await pages.shot(reader, 'citation-style-chicago-card');
    expect(await exportHtml(reader)).toContain(chicago);
    // The Word comment, as pandoc reads it.
    expect(pandocComments(new Uint8Array(await exportDocx(reader))).some((c) => c.body.includes(chicago))).toBe(true);
    // One export can still ask for another style.
    expect(await exportHtml(reader, 'apa')).toContain(apa);
  });

  it('refuses the style change from anyone but an owner', async () => {
    await reader.getByRole('button', { name: 'Export', exact: true }).click();
    await reader.getByLabel('Citation style').selectOption('apa');
    expect(await reader.getByRole('button', { name: /for the whole workspace/ }).count()).toBe(0);
    await reader.keyboard.press('Escape');
  });
});
