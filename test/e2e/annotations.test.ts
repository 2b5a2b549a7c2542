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

const WORKSPACE = 'secure-communities';
const NOTICE = '.reader-column:not(.reader-beside) .prose';
const BESIDE = '.reader-beside .prose';

describe.skipIf(!browserAvailable())('annotating in Chromium, seen live by a second reader', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let importer: TestClient;
  let ana: Page;
  let ben: Page;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    // A second document for comparisons: a fixture written for the tests, added as an import would.
    importer = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Importer'));
    await synced(importer);
    const file = path.join(repoRoot, 'test/fixtures/priority-enforcement-memo.md');
    const fixture = loadDocument(file, fs.readFileSync(file, 'utf8'), { order: 20 });
    importer.workspace.addDocument(fixture.meta, fixture.doc, 'import');

    pages = await BrowserPages.launch();
    const open = async (name: string) => {
      const page = await pages.signIn(server, WORKSPACE, 'editor', name);
      await page.locator(`${NOTICE} p`).first().waitFor();
      return page;
    };
    ana = await open('Ana Alvarez');
    ben = await open('Ben Brooks');
  });

  afterAll(async () => {
    await pages?.close();
    importer?.destroy();
    await server?.close();
    data?.cleanup();
  });

  const shot = (page: Page, name: string) => pages.shot(page, name);
  const card = (page: Page, kind: string) => page.locator(`.card[data-kind="${kind}"]`);

  it('creates a critique from the selection toolbar', async () => {
    await selectText(ana, '283,000 convicted criminal aliens', NOTICE);
    await ana.locator('.selection-toolbar').getByRole('button', { name: 'Critique' }).click();
    await ana.locator('.composer textarea').first().fill('Removal is **not** conviction: the figure counts removals.');
    await ana.locator('.composer select').first().selectOption('factual-claim');
    await ana.locator('.composer input[placeholder="numbers, framing"]').fill('numbers');
    await ana.getByRole('button', { name: 'Save', exact: true }).click();
    await card(ana, 'critique').waitFor();
    expect(await ana.locator(`${NOTICE} .hl-critique`).textContent()).toBe('283,000 convicted criminal aliens');
  });

  it('creates a question with the keyboard shortcut', async () => {
    await selectText(ana, '3,181 jurisdictions', NOTICE);
    await ana.keyboard.press('Alt+Shift+Q');
    await ana.locator('.composer textarea').first().fill('What counts as a jurisdiction here: counties, states, territories?');
    await ana.getByRole('button', { name: 'Save', exact: true }).click();
    await card(ana, 'question').waitFor();
  });

  it('creates a citation whose source is another document of the workspace', async () => {
    await selectText(ana, 'Full implementation was completed on January 22, 2013', NOTICE);
    await ana.locator('.selection-toolbar').getByRole('button', { name: 'Cite' }).click();
    await ana.locator('.composer select').first().selectOption('priority-enforcement-memo');
    await ana.locator(`${BESIDE} p`).first().waitFor();
    expect(await ana.locator('.composer input').nth(1).inputValue()).toBe('Priority Enforcement Program (fixture)');
    await ana.locator('.composer input[placeholder="p. 3, Sec. 2"]').fill('¶ 1');
    await expect.poll(() => ana.locator('.citation-preview').textContent()).toContain('Priority Enforcement Program (fixture)');
    await ana.getByRole('button', { name: 'Save', exact: true }).click();
    await card(ana, 'citation').waitFor();
    expect(await card(ana, 'citation').locator('.in-text').textContent()).toBe('(Crosswalk test fixture, 2014, ¶ 1)');
  });

  it('creates a comparison with a passage selected in the document open beside', async () => {
    await selectText(ana, 'Secure Communities imposes no new or additional requirements on state and local law enforcement', NOTICE);
    await ana.locator('.selection-toolbar').getByRole('button', { name: 'Compare' }).click();
    await ana.locator('.composer fieldset select').first().selectOption('priority-enforcement-memo');
    await ana.locator(`${BESIDE} p`).first().waitFor();
    await selectText(ana, 'The FBI will continue to share the fingerprints', BESIDE);
    await ana.locator('.target-chosen').waitFor();
    await ana.locator('.composer fieldset select').nth(1).selectOption('retains');
    await shot(ana, 'annotations-compare-beside');
    await ana.getByRole('button', { name: 'Save', exact: true }).click();
    await card(ana, 'comparison').waitFor();
    expect(await card(ana, 'comparison').locator('.relation').textContent()).toContain('retains this passage');
    await ana.getByRole('button', { name: 'Close' }).click();
  });

  it('shows all four, highlighted and with cards, on the second page', async () => {
    for (const kind of ['citation', 'critique', 'comparison', 'question']) {
      await expect.poll(() => ben.locator(`${NOTICE} .hl-${kind}`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(() => card(ben, kind).count()).toBe(1);
    }
    expect(await card(ben, 'critique').locator('.card-body strong').textContent()).toBe('not');
    expect(await card(ben, 'critique').textContent()).toContain('Factual claim');
    await ben.locator(`${NOTICE} .hl-critique`).first().scrollIntoViewIfNeeded();
    await shot(ben, 'annotations-second-page');
  });

  it('carries a reply and a reaction from the second page back to the first', async () => {
    const critique = card(ben, 'critique');
    await critique.locator('textarea').fill('ICE counts removals after any arrest, not only convictions.');
    await critique.getByRole('button', { name: 'Reply' }).click();
    await critique.locator('.reaction[data-reaction="agree"]').click();
    const seen = card(ana, 'critique');
    await expect.poll(() => seen.locator('.reply-body').textContent(), { timeout: 10_000 }).toBe('ICE counts removals after any arrest, not only convictions.');
    await expect.poll(() => seen.locator('.reaction[data-reaction="agree"] .count').textContent()).toBe('1');
    expect(await critique.locator('.reaction[data-reaction="agree"]').getAttribute('aria-pressed')).toBe('true');
    expect(await seen.locator('.reaction[data-reaction="agree"]').getAttribute('aria-pressed')).toBe('false');
  });

  it('filters by kind, with counts per kind', async () => {
    const filter = ben.locator('.kind-filter.kind-question');
    expect(await filter.locator('.count').textContent()).toBe('1');
    await filter.click();
    await expect.poll(() => ben.locator('.card').count()).toBe(1);
    expect(await ben.locator('.card').getAttribute('data-kind')).toBe('question');
    await shot(ben, 'annotations-filtered');
    await filter.click();
    await expect.poll(() => ben.locator('.card').count()).toBe(4);
  });

  it('deletes after confirmation, and undoes it', async () => {
    const question = card(ana, 'question');
    await question.getByRole('button', { name: 'Delete' }).click();
    await question.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => card(ben, 'question').count()).toBe(0);
    await ana.locator('.toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => card(ben, 'question').count()).toBe(1);
  });

  it('raised no error in either page', () => {
    expect(pages.errors).toEqual([]);
  });
});
