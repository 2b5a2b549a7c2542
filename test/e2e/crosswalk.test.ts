import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ComparisonRelation } from '../../core/index.js';
import { documentFromPlainText, loadDocument } from '../../core/text/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';
import { MEMO, NOTICE, passageIn } from '../support/annotated-workspace.js';
import { repoRoot } from '../support/paths.js';

const WORKSPACE = 'secure-communities';
const EO_2017 = 'eo-13768';
const COMMON_SENSE = 'Secure Communities is a simple and common sense way';
const bot = { id: 'crosswalk-bot', name: 'Crosswalk Bot' };

describe.skipIf(!browserAvailable())('the crosswalk table and the as-of page in Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let client: TestClient;
  let ana: Page;
  let narrow: Page;

  // Comparisons arrive as another member's program would write them: a stock y-websocket client.
  const compare = (id: string, from: [string, string], to: [string, string], relation: ComparisonRelation) =>
    client.workspace.annotations().create(
      { id, author: bot, passage: passageIn(client.workspace, ...from), content: { kind: 'comparison', body: '', tags: [], comparison: { relation, target: passageIn(client.workspace, ...to) } } },
      'local',
    );
  const cell = (page: Page, pinpoint: string, documentId: string) => page.locator(`.matrix tbody tr[data-pinpoint="${pinpoint}"] td[data-document-id="${documentId}"]`);
  const matrixUrl = () => `${server.url}/w/${WORKSPACE}/matrix`;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', bot.name));
    await synced(client);
    const file = path.join(repoRoot, 'test/fixtures/priority-enforcement-memo.md');
    const memo = loadDocument(file, fs.readFileSync(file, 'utf8'), { order: 20 });
    client.workspace.addDocument(memo.meta, memo.doc, 'import');
    // A stand-in text for the 2017 order's catalogue entry (written for the test, not the order's words).
    const standIn = documentFromPlainText('Sec. 10. The Secretary shall terminate the Priority Enforcement Program and reinstate the program known as Secure Communities.')!;
    client.workspace.addDocument(client.workspace.document(EO_2017)!, standIn, 'import');

    pages = await BrowserPages.launch();
    ana = await pages.signIn(server, WORKSPACE, 'editor', 'Ana Alvarez');
    narrow = await pages.signIn(server, WORKSPACE, 'viewer', 'Nico Narrow', { width: 390, height: 844 });
  });

  afterAll(async () => {
    await pages?.close();
    client?.destroy();
    await server?.close();
    data?.cleanup();
  });

  it('opens from the top bar and explains how rows appear before anyone compares', async () => {
    await ana.getByRole('link', { name: 'Crosswalk', exact: true }).click();
    await ana.waitForURL(matrixUrl());
    await ana.locator('.crosswalk-empty').waitFor();
    expect(await ana.locator('.crosswalk-empty').textContent()).toContain('No passage of the notice has been compared yet');
    expect(await ana.getByRole('button', { name: 'Download CSV' }).isDisabled()).toBe(true);
  });

  it('fills in live as comparisons are made, from either side', async () => {
    compare('fingerprints', [NOTICE, 'the FBI automatically sends the fingerprints to DHS'], [MEMO, 'The FBI will continue to share the fingerprints'], 'retains');
    await expect.poll(() => cell(ana, '¶ 3', MEMO).textContent(), { timeout: 10_000 }).toBe('retains');
    compare('replaced', [NOTICE, COMMON_SENSE], [MEMO, 'Secure Communities as we know it is discontinued'], 'replaces');
    compare('from-the-memo', [MEMO, 'a new program takes its place'], [NOTICE, COMMON_SENSE], 'replaces');
    compare('reinstated', [NOTICE, COMMON_SENSE], [EO_2017, 'reinstate the program known as Secure Communities'], 'reinstates');
    compare('removals', [NOTICE, '283,000 convicted criminal aliens'], [MEMO, 'ICE will seek the transfer'], 'narrows');
    await expect.poll(() => cell(ana, '¶ 3', MEMO).textContent(), { timeout: 10_000 }).toBe('replaces×2retains');
    expect(await cell(ana, '¶ 3', MEMO).getByRole('link').getAttribute('aria-label')).toBe('¶ 3, Priority Enforcement Program (fixture): replaces ×2, retains. Open side by side');
    await expect.poll(() => cell(ana, '¶ 3', EO_2017).textContent()).toBe('reinstates');
    expect(await ana.locator('.matrix tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pinpoint')))).toEqual(['¶ 3', '¶ 6']);
    expect(await ana.locator('.matrix thead th').allTextContents()).toEqual([
      'Passage',
      'Priority Enforcement Program (fixture)November 20, 2014',
      'Executive Order 13768January 25, 2017',
    ]);
    await pages.shot(ana, 'crosswalk-matrix');
  });

  it('downloads the table as CSV', async () => {
    const [download] = await Promise.all([ana.waitForEvent('download'), ana.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('secure-communities-crosswalk.csv');
    const parsed = Papa.parse<string[]>(fs.readFileSync((await download.path())!, 'utf8'), { skipEmptyLines: true });
    expect(parsed.data[0]).toEqual([
      'pinpoint',
      'quote',
      'Priority Enforcement Program (fixture) (2014-11-20)',
      'Executive Order 13768, Enhancing Public Safety in the Interior of the United States (2017-01-25)',
    ]);
    expect(parsed.data.slice(1)).toEqual([
      ['¶ 3', COMMON_SENSE, 'replaces ×2, retains', 'reinstates'],
      ['¶ 6', '283,000 convicted criminal aliens', 'narrows', ''],
    ]);
  });

  it('opens a cell in the compare view with both documents and its first comparison in focus', async () => {
    await cell(ana, '¶ 3', MEMO).getByRole('link').click();
    await ana.waitForURL(`**/w/${WORKSPACE}/d/${NOTICE}?beside=${MEMO}&focus=fingerprints`);
    await ana.locator('.reader-column:not(.reader-beside) .prose p').first().waitFor();
    await expect.poll(() => ana.locator('.reader-beside .prose').textContent()).toContain('Secure Communities as we know it is discontinued');
    await expect.poll(() => ana.locator('.card-focused').getAttribute('data-annotation-id')).toBe('fingerprints');
    await ana.goBack();
    await ana.locator('.matrix').waitFor();
  });

  it('shows the corpus as of two days, with the notice’s passage decided differently', async () => {
    await ana.goto(`${server.url}/w/${WORKSPACE}/as-of?date=2015-06-01`);
    const group = (status: string) => ana.locator(`.as-of-group[data-status="${status}"]`);
    await group('replaces').waitFor();
    expect(await group('replaces').locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-pinpoint')))).toEqual(['¶ 3']);
    expect(await group('replaces').locator('a').getAttribute('href')).toBe(`/w/${WORKSPACE}/d/${NOTICE}?beside=${MEMO}&focus=from-the-memo`);
    expect(await group('replaces').locator('.as-of-by').textContent()).toBe('by Priority Enforcement Program (fixture) (November 20, 2014)');
    expect(await ana.locator(`.as-of-documents li[data-document-id="${NOTICE}"]`).getAttribute('data-state')).toBe('ended');
    expect(await ana.locator(`.as-of-documents li[data-document-id="${EO_2017}"]`).getAttribute('data-state')).toBe('not-yet-issued');
    expect(await group('no-comparison').locator('li').count()).toBeGreaterThan(5);

    await ana.locator('.as-of-page .as-of-picker input').fill('2017-06-01');
    await ana.waitForURL('**/as-of?date=2017-06-01');
    await group('reinstates').waitFor();
    expect(await group('reinstates').locator('li').getAttribute('data-pinpoint')).toBe('¶ 3');
    expect(await group('replaces').count()).toBe(0);
    const notice = ana.locator(`.as-of-documents li[data-document-id="${NOTICE}"]`);
    expect(await notice.getAttribute('data-state')).toBe('in-force');
    expect(await notice.locator('.as-of-detail').textContent()).toBe('Reinstated by Executive Order 13768 (January 25, 2017).');
    await pages.shot(ana, 'crosswalk-as-of');

    await group('reinstates').getByRole('link').click();
    await ana.waitForURL(`**/d/${NOTICE}?beside=${EO_2017}&focus=reinstated`);
  });

  it('marks each timeline entry for the chosen day, and every entry still opens its document', async () => {
    await ana.goto(matrixUrl());
    await ana.locator('.timeline .as-of-picker input').fill('2021-06-01');
    const mark = (id: string) => ana.locator(`.timeline-item[data-document-id="${id}"] .standing-mark`);
    await expect.poll(() => mark(EO_2017).textContent()).toBe('Revoked by Executive Order 13993 (January 20, 2021)');
    expect(await mark('eo-13993').textContent()).toBe('In force');
    expect(await mark('eo-14159').textContent()).toBe('Not yet issued');
    expect(await ana.locator('.timeline .as-of-links a').first().getAttribute('href')).toBe(`/w/${WORKSPACE}/as-of?date=2021-06-01`);
    await ana.locator(`.timeline-item[data-document-id="${MEMO}"] a`).click();
    await ana.waitForURL(`**/d/${MEMO}`);
    await pages.shot(ana, 'crosswalk-timeline-as-of');
  });

  it('stays readable on a narrow screen: the table scrolls sideways under a fixed first column', async () => {
    await narrow.goto(matrixUrl());
    const scroller = narrow.locator('.matrix-scroll');
    await cell(narrow, '¶ 3', MEMO).waitFor();
    const before = await narrow.locator('.matrix tbody th').first().boundingBox();
    const widths = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    await scroller.evaluate((el) => el.scrollTo({ left: 200 }));
    await expect.poll(async () => (await narrow.locator('.matrix tbody th').first().boundingBox())!.x).toBe(before!.x);
    await scroller.evaluate((el) => el.scrollTo({ left: 0 }));
    await pages.shot(narrow, 'crosswalk-matrix-narrow');
    await narrow.goto(`${server.url}/w/${WORKSPACE}/as-of?date=2017-06-01`);
    await narrow.locator('.as-of-group[data-status="reinstates"]').waitFor();
    await pages.shot(narrow, 'crosswalk-as-of-narrow');
    // The Documents tab holds the as-of control and the way to the table.
    await narrow.getByRole('button', { name: 'Documents' }).click();
    await narrow.locator('.timeline .as-of-links').getByRole('link', { name: 'Crosswalk table →' }).click();
    await narrow.waitForURL(matrixUrl());
    await narrow.locator('.matrix').waitFor();
  });

  it('says so when the address names no real day', async () => {
    await ana.goto(`${server.url}/w/${WORKSPACE}/as-of?date=2021-02-30`);
    expect(await ana.getByRole('alert').textContent()).toContain('“2021-02-30” is not a day this page can show');
  });

  it('raised no error in any page', () => {
    expect(pages.errors).toEqual([]);
  });
});
