import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';
import { NOTICE, passageIn } from '../support/annotated-workspace.js';

const WORKSPACE = 'secure-communities';

async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const view = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= view.height && box.x + box.width <= view.width + 1;
}

describe.skipIf(!browserAvailable())('names as they are now', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let program: TestClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
  });

  afterAll(async () => {
    await pages?.close();
    program?.destroy();
    await server?.close();
    data?.cleanup();
  });

  it('asks the new owner for a name and a password in a banner, and renames what they wrote for everyone', async () => {
    const owner = await pages.page('owner');
    await owner.goto(server.ownerLink());
    // Written as the owner before the rename (a token named after the owner acts as the account).
    program = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Owner'));
    await synced(program);
    program.workspace.annotations().create({ id: 'o1', author: { id: 'owner', name: 'Owner' }, passage: passageIn(program.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Which jurisdictions?', tags: [] } }, 'local');
    const annie = await pages.signIn(server, WORKSPACE, 'annotator', 'Annie Annotator');

    const banner = owner.getByRole('region', { name: 'Finish setting up your account' });
    await banner.waitFor();
    expect(await inViewport(owner, banner)).toBe(true);
    const card = (page: Page) => page.getByRole('article', { name: /^Question by / });
    await expect.poll(() => card(owner).getAttribute('aria-label')).toBe('Question by Owner');
    await pages.shot(owner, 'account-setup-banner');
    await banner.getByLabel('Your name as others see it').fill('Olive Owens');
    await banner.getByLabel('A password (10 characters or more)').fill('a long enough password');
    await banner.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => owner.locator('.banner-stack').textContent()).toContain('Saved. Sign in again at /login as owner with your password.');

    // The card written under the old name, for her and for Annie, without a reload.
    await expect.poll(() => card(owner).getAttribute('aria-label')).toBe('Question by Olive Owens');
    await expect.poll(() => card(annie).getAttribute('aria-label'), { timeout: 10_000 }).toBe('Question by Olive Owens');
    expect(await card(annie).locator('.byline').textContent()).toContain('Olive Owens');
    await pages.shot(annie, 'current-names-other-member');

    // The export menu's author filter offers her by her name now.
    await owner.locator('.topbar').getByRole('button', { name: 'Export' }).click();
    expect(await owner.getByRole('dialog', { name: 'Export an annotated copy' }).locator('label.field').filter({ has: owner.locator('.field-label', { hasText: /^Author$/ }) }).locator('option').allTextContents()).toEqual(['Everyone', 'Olive Owens']);

    // Another owner sees no banner once theirs is set; a member who is not an owner never does.
    expect(await annie.getByRole('region', { name: 'Finish setting up your account' }).count()).toBe(0);
    expect(pages.errors).toEqual([]);
  });
});
