import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';

const WORKSPACE = 'secure-communities';
const PHONE = { width: 390, height: 844 };

async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const view = page.viewportSize()!;
  return box !== null && box.width > 0 && box.y >= 0 && box.x >= 0 && box.y + box.height <= view.height && box.x + box.width <= view.width + 1;
}

/*
 * An owner's first sign-in is a one-time link: the account it makes is called "Owner" and has no
 * password. The app asks for both until a password is set, and afterwards /login works.
 */
describe.skipIf(!browserAvailable())('the first owner sign-in asks for a name and a password', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
  });

  afterAll(async () => {
    await pages?.close();
    await server?.close();
    data?.cleanup();
  });

  it('marks the account chip until the owner gives a name and sets a password, then signs in at /login', async () => {
    const owner = await pages.page('owner');
    await owner.goto(server.ownerLink());
    const chip = owner.getByRole('button', { name: 'Owner, owner: set up your account' });
    await chip.waitFor();
    const marker = chip.getByText('Set up', { exact: true });
    expect(await inViewport(owner, marker)).toBe(true);
    await pages.shot(owner, 'account-setup-chip');

    await chip.click();
    await owner.getByRole('menuitem', { name: 'Finish setting up: your name and a password' }).click();
    const form = owner.locator('.account-menu form');
    expect(await form.textContent()).toContain('set a password to sign in again at /login as owner.');
    const name = form.getByLabel('Your name as others see it');
    expect(await name.inputValue()).toBe('Owner');
    await name.fill('Olive Owens');
    await form.getByLabel('A password (10 characters or more)').fill('short');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('A password has at least 10 characters.');
    expect(await inViewport(owner, form)).toBe(true);
    await pages.shot(owner, 'account-setup-form');
    await form.getByLabel('A password (10 characters or more)').fill('a long enough password');
    await form.getByRole('button', { name: 'Save' }).click();

    const renamed = owner.getByRole('button', { name: 'Olive Owens, owner: your account' });
    await renamed.waitFor();
    expect(await renamed.getByText('Set up', { exact: true }).count()).toBe(0);
    await renamed.click();
    expect(await owner.getByRole('menuitem', { name: 'Change password' }).isVisible()).toBe(true);
    expect(await owner.getByRole('menuitem', { name: /Finish setting up/ }).count()).toBe(0);

    // The link is spent; the password is the way back in.
    const later = await pages.page('owner again');
    await later.goto(`${server.url}/login`);
    await later.getByLabel('Username').fill('owner');
    await later.getByLabel('Password').fill('a long enough password');
    await later.getByRole('button', { name: 'Sign in' }).click();
    await later.waitForURL(`**/w/${WORKSPACE}`);
    await later.getByRole('button', { name: 'Olive Owens, owner: your account' }).waitFor();
    expect(pages.errors).toEqual([]);
  });

  it('asks on a phone too, with the marker and the form in view', async () => {
    const phone = await pages.signIn(server, WORKSPACE, 'owner', 'Second Owner', PHONE);
    const chip = phone.getByRole('button', { name: /^Second Owner, owner: set up your account$/ });
    await chip.waitFor();
    // A dot on the chip, which takes no room in a top bar that has none to spare.
    expect(await inViewport(phone, phone.locator('.me .chip-setup'))).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await chip.click();
    await phone.getByRole('menuitem', { name: 'Finish setting up: your name and a password' }).click();
    const form = phone.locator('.account-menu form');
    expect(await inViewport(phone, form)).toBe(true);
    await pages.shot(phone, 'account-setup-phone');
    // Someone who is not an owner is not asked.
    const editor = await pages.signIn(server, WORKSPACE, 'editor', 'Edda Editor');
    await editor.getByRole('button', { name: 'Edda Editor, editor: your account' }).waitFor();
    expect(pages.errors).toEqual([]);
  });
});
