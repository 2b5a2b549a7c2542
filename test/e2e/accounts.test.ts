import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CloseCode, TextIndex, describePassage, pmPos } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';
import { selectText } from '../support/page-helpers.js';

const WORKSPACE = 'secure-communities';
const NOTICE_ID = 'secure-communities-ice-2015';
const NOTICE = '.reader-column:not(.reader-beside) .prose';

describe.skipIf(!browserAvailable())('invites, sign-up and roles in Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let owner: Page;
  let program: TestClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
    owner = await pages.page('owner');
    await owner.goto(server.ownerLink());
    await owner.locator(`${NOTICE} p`).first().waitFor();
  });

  afterAll(async () => {
    await pages?.close();
    program?.destroy();
    await server?.close();
    data?.cleanup();
  });

  const shot = (page: Page, name: string) => pages.shot(page, name);

  async function createInvite(role: string): Promise<string> {
    await owner.locator('.topbar').getByRole('button', { name: 'Members' }).click();
    await owner.getByRole('tab', { name: 'Invite links' }).click();
    await owner.locator('.invite-form select').selectOption(role);
    await owner.getByRole('button', { name: 'Create link' }).click();
    const link = await owner.getByLabel('Invite link').inputValue();
    await shot(owner, `members-invite-${role}`);
    await owner.getByRole('button', { name: 'Close' }).click();
    return link;
  }

  async function signUp(link: string, name: string, username: string): Promise<Page> {
    const page = await pages.page(username);
    await page.goto(link);
    await page.getByLabel('Your name, as others will see it').fill(name);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('a long enough password');
    await shot(page, `invite-${username}`);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.waitForURL(`**/w/${WORKSPACE}`);
    await page.locator(`${NOTICE} p`).first().waitFor();
    return page;
  }

  it('the owner invites an annotator, who signs up and annotates', async () => {
    const link = await createInvite('annotator');
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[\\w-]+$`));
    const annie = await signUp(link, 'Annie Annotator', 'annie');
    expect(await annie.locator('.me-role').textContent()).toBe('annotator');

    await selectText(annie, 'ICE prioritizes the removal of criminal aliens', NOTICE);
    await annie.locator('.selection-toolbar').getByRole('button', { name: 'Critique' }).click();
    await annie.locator('.composer textarea').first().fill('Who counts as a criminal alien here?');
    await annie.getByRole('button', { name: 'Save', exact: true }).click();
    await annie.locator('.card[data-kind="critique"]').waitFor();
    await expect.poll(() => owner.locator('.card[data-kind="critique"] .byline').first().textContent(), { timeout: 10_000 }).toContain('Annie Annotator');

    // The locked notice refuses her typing, as it does everyone's.
    await annie.locator(`${NOTICE} p`).first().click();
    await annie.keyboard.type('XYZ');
    expect(await annie.locator(NOTICE).textContent()).not.toContain('XYZ');
    await shot(annie, 'annotator-annotated');
  });

  it('a viewer cannot type into anything, and is told why', async () => {
    const viola = await signUp(await createInvite('viewer'), 'Viola Viewer', 'viola');
    expect(await viola.locator('.banner-info').textContent()).toContain('You are a viewer');

    await viola.locator('.topbar').getByRole('button', { name: 'Notebook' }).click();
    const notebook = viola.locator('.notebook .ProseMirror');
    expect(await notebook.getAttribute('aria-readonly')).toBe('true');
    expect(await viola.locator('.notebook-hint').textContent()).toContain('you cannot write here');
    const before = await notebook.textContent();
    await notebook.click();
    await viola.keyboard.type('viewer was here');
    expect(await notebook.textContent()).toBe(before);

    await selectText(viola, '3,181 jurisdictions', NOTICE);
    await viola.keyboard.press('Alt+Shift+R');
    expect(await viola.locator('.selection-toolbar').count()).toBe(0);
    expect(await viola.locator('.composer').count()).toBe(0);
    expect(await viola.locator('.card .reply-form').count()).toBe(0);
    await shot(viola, 'viewer');
  });

  it('shows script-bearing annotation text as text', async () => {
    program = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'editor', 'Mallory'));
    await synced(program);
    const index = new TextIndex(program.workspace.documentText(NOTICE_ID));
    const start = index.text.indexOf('Secure Communities imposes');
    const from = index.pmOfText(start as never)!;
    const passage = describePassage(NOTICE_ID, index, from, pmPos(from + 26))!;
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> [click](javascript:window.__pwned=3)';
    program.workspace.annotations().create({ id: 'xss', author: { id: 'mallory', name: '<b>Mallory</b>' }, passage, content: { kind: 'question', body: hostile, tags: ['fine'] } }, 'local');

    const card = owner.locator('.card[data-annotation-id="xss"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.card-body').textContent()).toContain('<img src=x onerror="window.__pwned=1"><script>');
    expect(await card.locator('img, script').count()).toBe(0);
    // markdown-it refuses javascript: links: the brackets stay as text, and nothing is clickable.
    expect(await card.locator('.card-body a').count()).toBe(0);
    expect(await card.locator('.card-body').textContent()).toContain('[click](javascript:');
    expect(await card.locator('.byline').textContent()).toContain('<b>Mallory</b>');
    expect(await owner.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('the owner sees programs’ tokens, their names as text, and revokes one, which cuts its connection', async () => {
    const name = '<img src=x onerror="window.__pwned=4">Bot';
    const token = server.credentials.createBearerToken(WORKSPACE, 'viewer', name);
    const id = createHash('sha256').update(token).digest('hex').slice(0, 16);
    const bot = connectClient(server.url, WORKSPACE, token);
    try {
      await synced(bot);
      const closed = new Promise<{ code: number }>((resolve) => bot.provider.once('closed', resolve));
      await owner.locator('.topbar').getByRole('button', { name: 'Members' }).click();
      await owner.getByRole('tab', { name: 'Program tokens' }).click();
      const row = owner.locator(`tr[data-token="${id}"]`);
      expect(await row.locator('td').first().textContent()).toBe(name);
      expect(await row.locator('img').count()).toBe(0);
      await shot(owner, 'members-tokens');
      owner.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button', { name: 'Revoke' }).click();
      await expect.poll(() => row.locator('td').nth(3).textContent(), { timeout: 10_000 }).toBe('revoked');
      expect((await closed).code).toBe(CloseCode.Forbidden);
      expect(await owner.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      await owner.getByRole('button', { name: 'Close' }).click();
    } finally {
      bot.destroy();
    }
  });

  it('raised no error in any page', () => {
    expect(pages.errors).toEqual([]);
  });
});
