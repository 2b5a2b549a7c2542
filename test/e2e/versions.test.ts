import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';
import { NOTICE, passageIn } from '../support/annotated-workspace.js';
import { selectText } from '../support/page-helpers.js';

const WORKSPACE = 'secure-communities';
const READER = '.reader-column:not(.reader-beside) .prose';
const VERSION_NAME = 'Seminar, 3 December';
const REPLY = 'Which list of jurisdictions is this?';
// Account ids are made from the names on the sign-in links.
const annotator = { id: 'ana-annotator', name: 'Ana Annotator' };
const other = { id: 'ben-brooks', name: 'Ben Brooks' };

describe.skipIf(!browserAvailable())('versions, participation and moderation in Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let seeder: TestClient;
  let owner: Page;
  let ana: Page;
  let editor: Page;
  let versionUrl = '';

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    // Annotations arrive as members' programs would write them: a stock y-websocket client.
    seeder = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Seeder'));
    await synced(seeder);
    const store = seeder.workspace.annotations();
    store.create({ id: 'critique', author: annotator, passage: passageIn(seeder.workspace, NOTICE, '283,000 convicted criminal aliens'), content: { kind: 'critique', body: 'Removal is not conviction.', tags: [] } }, 'local');
    store.create({ id: 'question', author: other, passage: passageIn(seeder.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'What counts as a jurisdiction?', tags: [] } }, 'local');

    pages = await BrowserPages.launch();
    owner = await pages.signIn(server, WORKSPACE, 'owner', 'Olive Owner');
    ana = await pages.signIn(server, WORKSPACE, 'annotator', annotator.name);
    editor = await pages.signIn(server, WORKSPACE, 'editor', 'Ed Editor');
    for (const page of [owner, ana, editor]) await page.locator('.card[data-annotation-id="critique"]').waitFor();
  });

  afterAll(async () => {
    await pages?.close();
    seeder?.destroy();
    await server?.close();
    data?.cleanup();
  });

  const card = (page: Page, id: string) => page.locator(`.card[data-annotation-id="${id}"]`);
  const highlight = (page: Page, id: string) => page.locator(`${READER} [data-annotation-id="${id}"]`);
  const openVersions = async (page: Page) => {
    await page.locator('.topbar').getByRole('button', { name: 'Versions' }).click();
    return page.getByRole('dialog', { name: 'Versions and sessions' });
  };
  const download = async (page: Page, click: () => Promise<void>) => {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    const saved = path.join(data.dir, file.suggestedFilename());
    await file.saveAs(saved);
    return { name: file.suggestedFilename(), text: fs.readFileSync(saved, 'utf8') };
  };

  it('lets an owner save a named version from the top bar', async () => {
    const sheet = await openVersions(owner);
    await sheet.locator('.hint').getByText('No version saved yet').waitFor();
    expect(await sheet.getByLabel('Save the workspace as it is now, named').inputValue()).toMatch(/^Seminar, [A-Z][a-z]+ \d{1,2}$/);
    await sheet.getByLabel('Save the workspace as it is now, named').fill(VERSION_NAME);
    await sheet.getByRole('button', { name: 'Save a version' }).click();
    await sheet.locator('.form-ok').getByText(`Saved “${VERSION_NAME}”.`).waitFor();
    const record = sheet.locator('.record').first();
    expect(await record.locator('.record-name').textContent()).toBe(VERSION_NAME);
    expect(await record.locator('.record-meta').textContent()).toContain('saved by Olive Owner');
    expect(await record.locator('.chip').textContent()).toBe('Saved by hand');
    versionUrl = (await record.getByRole('link', { name: 'Open' }).getAttribute('href'))!;
    expect(versionUrl).toMatch(/^\/w\/secure-communities\/versions\/[0-9a-f]{16}$/);
    await sheet.getByRole('button', { name: 'Close' }).click();
  });

  it('offers annotators the versions to read but not to save, and no participation', async () => {
    const sheet = await openVersions(ana);
    await sheet.locator('.record').first().waitFor();
    expect(await sheet.getByRole('button', { name: 'Save a version' }).count()).toBe(0);
    expect(await sheet.getByRole('tab').allTextContents()).toEqual(['Versions', 'Sessions']);
    await sheet.getByRole('button', { name: 'Close' }).click();
  });

  it('opens the version read-only, without what was written after it', async () => {
    await card(ana, 'question').locator('textarea[placeholder="Reply…"]').fill(REPLY);
    await card(ana, 'question').getByRole('button', { name: 'Reply' }).click();
    await card(owner, 'question').getByText(REPLY).waitFor();

    await openVersions(owner);
    await owner.locator('.record').first().getByRole('link', { name: 'Open' }).click();
    await owner.waitForURL(`**${versionUrl}`);
    const banner = owner.locator('.banner-version');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(new RegExp(`^Version “${VERSION_NAME}”, saved by Olive Owner on [A-Z][a-z]+ \\d{1,2}, \\d{4}, \\d{2}:\\d{2}: read-only\\. Back to the live workspace$`));
    await card(owner, 'question').waitFor();
    expect(await highlight(owner, 'critique').count()).toBeGreaterThan(0);
    expect(await card(owner, 'question').textContent()).not.toContain(REPLY);
    expect(await owner.locator('textarea[placeholder="Reply…"]').count()).toBe(0);
    expect(await owner.locator('.card-actions').getByRole('button').count()).toBe(0);
    await selectText(owner, 'Secure Communities', READER);
    await owner.waitForTimeout(300);
    expect(await owner.locator('.selection-toolbar').count()).toBe(0);
    expect(await owner.locator('.composer').count()).toBe(0);
    await card(owner, 'question').scrollIntoViewIfNeeded();
    await pages.shot(owner, 'version-view');
  });

  it('compares the version with the live workspace: the reply is listed as added', async () => {
    await owner.locator('.topbar').getByRole('button', { name: 'Compare' }).click();
    const sheet = owner.getByRole('dialog', { name: 'Compare versions' });
    const added = sheet.locator('.change-group[data-change="reply-added"]');
    await added.waitFor();
    expect(await added.locator('.panel-title').textContent()).toBe('Replies added · 1');
    const item = added.locator('.change');
    expect(await item.locator('.change-head').textContent()).toBe('Reply by Ana Annotator on a question by Ben Brooks');
    expect(await item.locator('.change-quote').textContent()).toContain('3,181 jurisdictions');
    expect(await item.locator('.change-body').textContent()).toBe(REPLY);
    expect(await sheet.locator('.change-group').count()).toBe(1);
    await pages.shot(owner, 'version-compare');

    // The live side moves on while the sheet is open; comparing again shows what came since.
    seeder.workspace.annotations().addReply('question', { id: 'later-reply', author: other, body: 'Counties, mostly.' }, 'local');
    await sheet.getByRole('button', { name: 'Compare again with the live workspace as it is now' }).click();
    await expect.poll(() => added.locator('.panel-title').textContent()).toBe('Replies added · 2');

    // The version on both sides: nothing to compare.
    await sheet.getByLabel('To').selectOption(versionUrl.split('/').pop()!);
    await sheet.getByText('Pick two different states to compare.').waitFor();
    expect(await sheet.locator('.change-group').count()).toBe(0);
    await sheet.getByRole('button', { name: 'Close' }).click();
  });

  it('exports the version as HTML: the annotations as saved, not the later reply', async () => {
    await owner.locator('.topbar').getByRole('button', { name: 'Export' }).click();
    const sheet = owner.getByRole('dialog', { name: /^Export “/ });
    await sheet.getByRole('button', { name: 'Download' }).waitFor();
    const file = await download(owner, () => sheet.getByRole('button', { name: 'Download' }).click());
    expect(file.name).toMatch(/^secure-communities-version-[0-9a-f]{16}-secure-communities-ice-2015-\d{4}-\d{2}-\d{2}\.html$/);
    expect(file.text).toContain('283,000 convicted criminal aliens');
    expect(file.text).toContain('What counts as a jurisdiction?');
    expect(file.text).not.toContain(REPLY);
    await sheet.getByRole('button', { name: 'Close' }).click();
  });

  it('shows owners who contributed what, with a CSV', async () => {
    await owner.locator('.banner-version').getByRole('link', { name: 'Back to the live workspace' }).click();
    await owner.waitForURL(/\/w\/secure-communities\/d\/secure-communities-ice-2015$/);
    await card(owner, 'question').getByText(REPLY).waitFor();
    const sheet = await openVersions(owner);
    await sheet.getByRole('tab', { name: 'Participation' }).click();
    const row = sheet.locator(`.participation-table tr[data-member="${annotator.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-count="replies"]').textContent()).toBe('1');
    expect(await row.locator('[data-count="critique"]').textContent()).toBe('1');
    expect(await row.locator('[data-count="total"]').textContent()).toBe('1');
    expect(await sheet.locator('.participation-table tr[data-member="ben-brooks"] [data-count="question"]').textContent()).toBe('1');
    await pages.shot(owner, 'participation');

    const csv = await download(owner, () => sheet.getByRole('link', { name: 'Download CSV' }).click());
    expect(csv.name).toMatch(/^secure-communities-participation-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = Papa.parse<Record<string, string>>(csv.text.trim(), { header: true }).data;
    const ana = rows.find((r) => Object.values(r).includes(annotator.name));
    expect(ana && Object.values(ana)).toEqual(expect.arrayContaining(['overall', annotator.name]));

    await sheet.getByRole('tab', { name: 'Sessions' }).click();
    await sheet.getByText('No seminar session has been held yet.', { exact: false }).waitFor();
    await sheet.getByRole('button', { name: 'Close' }).click();
  });

  it('lets an editor hide an annotator’s annotation and reply: gone for her, marked for moderators', async () => {
    expect(await card(editor, 'critique').getByRole('button', { name: 'Hide', exact: true }).count()).toBe(1);
    // Nobody moderates their own words: the annotator has no Hide at all.
    expect(await ana.getByRole('button', { name: 'Hide', exact: true }).count()).toBe(0);
    expect(await ana.locator('.kind-filter.kind-critique .count').textContent()).toBe('1');

    await card(editor, 'critique').getByRole('button', { name: 'Hide', exact: true }).click();
    await card(ana, 'critique').waitFor({ state: 'detached' });
    expect(await highlight(ana, 'critique').count()).toBe(0);
    expect(await ana.locator('.kind-filter.kind-critique .count').textContent()).toBe('0');
    await ana.getByPlaceholder('Search bodies and quotes').fill('conviction');
    await ana.locator('.empty-annotations').waitFor();
    await ana.getByPlaceholder('Search bodies and quotes').fill('');

    const hidden = card(editor, 'critique');
    await hidden.locator('.chip-hidden').getByText('Hidden by Ed Editor').waitFor();
    expect(await hidden.getAttribute('class')).toContain('card-hidden');
    await card(owner, 'critique').locator('.chip-hidden').waitFor();

    const reply = card(editor, 'question').locator('.reply', { hasText: REPLY });
    await reply.getByRole('button', { name: 'Hide', exact: true }).click();
    await reply.locator('.chip-hidden').getByText('Hidden by Ed Editor').waitFor();
    await card(ana, 'question').getByText(REPLY).waitFor({ state: 'detached' });
    // Moderators still read what was hidden: fetched from the server, shown as plain text.
    await hidden.locator('.card-kept-body').getByText('Removal is not conviction.', { exact: true }).waitFor();
    await reply.locator('.reply-kept-body').getByText(REPLY, { exact: true }).waitFor();
    expect(await hidden.locator('.card-body.markdown').count()).toBe(0);
    await card(editor, 'critique').scrollIntoViewIfNeeded();
    await pages.shot(editor, 'hidden-card');

    // A member who opens the workspace now is sent none of the hidden words, not even in the frames.
    const late = await pages.page('Late Annotator');
    const frames: Buffer[] = [];
    late.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => void frames.push(Buffer.from(payload))));
    await late.goto(`${server.url}/signin?token=${server.credentials.createSigninToken(WORKSPACE, 'annotator', 'Late Annotator')}`);
    await card(late, 'question').waitFor();
    const received = Buffer.concat(frames);
    expect(received.length).toBeGreaterThan(1000);
    expect(received.includes('What counts as a jurisdiction?')).toBe(true);
    expect(received.includes('Removal is not conviction.')).toBe(false);
    expect(received.includes(REPLY)).toBe(false);
    expect(await card(late, 'critique').count()).toBe(0);
    expect(await late.locator('body').textContent()).not.toContain(REPLY);

    await card(editor, 'critique').getByRole('button', { name: 'Show again' }).click();
    await reply.getByRole('button', { name: 'Show again' }).click();
    await card(ana, 'critique').waitFor();
    await card(ana, 'question').getByText(REPLY).waitFor();
    expect(await highlight(ana, 'critique').count()).toBeGreaterThan(0);
    expect(await card(editor, 'critique').locator('.chip-hidden').count()).toBe(0);
    await card(ana, 'critique').locator('.card-body').getByText('Removal is not conviction.').waitFor();
    await card(late, 'critique').locator('.card-body').getByText('Removal is not conviction.').waitFor();
  });

  it('fits a phone-sized screen: the version, its comparison, participation and a hidden card', async () => {
    const phone = await pages.signIn(server, WORKSPACE, 'owner', 'Olive Owner', { width: 390, height: 844 });
    await phone.goto(`${server.url}${versionUrl}`);
    await phone.locator('.banner-version').waitFor();
    await phone.locator(READER).waitFor();
    await pages.shot(phone, 'version-view-narrow');
    await phone.locator('.panel-tabs').getByRole('button', { name: 'Annotations' }).click();
    await card(phone, 'question').waitFor();
    await pages.shot(phone, 'version-cards-narrow');

    await phone.locator('.topbar').getByRole('button', { name: 'Compare' }).click();
    await phone.locator('.change-group[data-change="reply-added"]').waitFor();
    await pages.shot(phone, 'version-compare-narrow');
    await phone.getByRole('button', { name: 'Close' }).click();

    await phone.locator('.banner-version').getByRole('link', { name: 'Back to the live workspace' }).click();
    await phone.locator('.topbar').getByRole('button', { name: 'Versions' }).waitFor();
    const sheet = await openVersions(phone);
    await pages.shot(phone, 'versions-narrow');
    await sheet.getByRole('tab', { name: 'Participation' }).click();
    await sheet.locator('.participation-table tbody tr').first().waitFor();
    await pages.shot(phone, 'participation-narrow');
    const table = await sheet.locator('.table-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    await sheet.getByRole('button', { name: 'Close' }).click();

    await card(editor, 'critique').getByRole('button', { name: 'Hide', exact: true }).click();
    await phone.locator('.panel-tabs').getByRole('button', { name: 'Annotations' }).click();
    await card(phone, 'critique').locator('.chip-hidden').waitFor();
    await card(phone, 'critique').scrollIntoViewIfNeeded();
    await pages.shot(phone, 'hidden-card-narrow');
    expect(pages.errors).toEqual([]);
  });
});
