import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { paths } from '../../server/config.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';

const WORKSPACE = 'secure-communities';

/** Where the element is on screen, as a person sees it: its whole box inside the viewport, with nothing scrolled by the test. */
async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.width > 0 && box.height > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
}
const expectOnScreen = (page: Page, locator: Locator) => expect.poll(() => onScreen(page, locator), { timeout: 3000 }).toBe(true);

/** Whether the focused element is `locator`'s element. */
const hasFocus = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

/**
 * Turns the mouse wheel over `over` until `target` is on screen, as a person scrolls a list: towards
 * it, one notch at a time, each time until the scroll has come to rest (Chromium scrolls smoothly).
 */
async function wheelUntilOnScreen(page: Page, over: Locator, target: Locator): Promise<void> {
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
  const frames = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const atRest = async () => {
    const before = await over.evaluate((el) => el.scrollTop);
    await frames();
    return before === (await over.evaluate((el) => el.scrollTop));
  };
  for (let turn = 0; turn < 40 && !(await onScreen(page, target)); turn++) {
    const at = await target.boundingBox();
    await page.mouse.wheel(0, at && at.y < 0 ? -200 : 200);
    await expect.poll(atRest).toBe(true);
  }
  await expectOnScreen(page, target);
}

describe.skipIf(!browserAvailable())('correcting a document’s facts from the timeline', () => {
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

  const entry = (page: Page, id: string) => page.locator(`.timeline-item[data-document-id="${id}"]`);

  it('desktop: an owner opens a document’s settings, corrects its issuer and when its revocation takes effect; every member sees it', async () => {
    const owner = await pages.signIn(server, WORKSPACE, 'owner', 'Olga');
    const other = await pages.signIn(server, WORKSPACE, 'annotator', 'Ada');
    const gear = entry(owner, 'eo-13993').getByRole('button', { name: /^Settings of “Executive Order 13993/ });
    await wheelUntilOnScreen(owner, owner.locator('.panel-timeline'), gear);
    // Annotators read the same timeline with no settings to open.
    await entry(other, 'eo-13993').waitFor();
    expect(await other.locator('.timeline-settings').count()).toBe(0);

    await gear.click();
    const dialog = owner.getByRole('dialog', { name: 'Document settings' });
    const title = dialog.getByLabel('Title', { exact: true });
    await expectOnScreen(owner, title);
    expect(await hasFocus(title)).toBe(true);
    expect(await title.inputValue()).toBe('Executive Order 13993, Revision of Civil Immigration Enforcement Policies and Priorities');

    await dialog.getByLabel('Issuer', { exact: true }).fill('President Joseph R. Biden Jr. (corrected)');
    const relation = dialog.getByRole('listitem', { name: 'Relation 1' });
    expect(await relation.getByLabel('How it acts').inputValue()).toBe('revokes');
    await relation.getByLabel('Taking effect').fill('2021-02-01');
    await pages.shot(owner, 'document-settings-desktop');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const saved = dialog.getByRole('status').filter({ hasText: 'Saved for everyone: 2 changes.' });
    await saved.waitFor();
    await expectOnScreen(owner, saved);

    await owner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await hasFocus(gear)).toBe(true);
    for (const page of [owner, other]) {
      const issuer = entry(page, 'eo-13993').locator('.timeline-issuer');
      await expect.poll(() => issuer.textContent()).toBe('President Joseph R. Biden Jr. (corrected)');
      await wheelUntilOnScreen(page, page.locator('.panel-timeline'), issuer);
      expect(await entry(page, 'eo-13993').locator('.timeline-relation').textContent()).toBe('Revokes Executive Order 13768 from February 1, 2021');
    }
    await pages.shot(owner, 'document-settings-desktop-saved');

    // The as-of view follows the corrected date: on 25 January 2021 EO 13768 still stood.
    await owner.goto(`${server.url}/w/${WORKSPACE}/as-of?date=2021-01-25`);
    const eo13768 = owner.locator('.as-of-documents li[data-document-id="eo-13768"]');
    await expect.poll(() => eo13768.getAttribute('data-state')).toBe('in-force');
    const audit = server.accounts.auditLog(WORKSPACE).find((e) => e.action === 'document.edited')!;
    expect(audit.detail).toMatchObject({ document: 'eo-13993', fields: 'issuer, relations' });
  });

  it('desktop: an editor adds a document with its issuer, type and what it replaces; the as-of view ends the program from that day', async () => {
    const editor = await pages.signIn(server, WORKSPACE, 'editor', 'Edna');
    const add = editor.getByRole('button', { name: '+ Add a document' });
    await expectOnScreen(editor, add);
    await add.click();
    const dialog = editor.getByRole('dialog', { name: 'Add a document' });
    const title = dialog.getByLabel('Title', { exact: true });
    expect(await hasFocus(title)).toBe(true);
    await title.fill('Ending Secure Communities, a test memo');
    await dialog.getByLabel('Date', { exact: true }).fill('2016-03-01');
    await dialog.getByLabel('Issuer', { exact: true }).fill('A test office');
    await dialog.getByLabel('Type', { exact: true }).fill('memorandum');
    await dialog.getByRole('button', { name: '+ Add a relation' }).click();
    const relation = dialog.getByRole('listitem', { name: 'Relation 1' });
    await relation.getByLabel('How it acts').selectOption('replaces');
    await relation.getByLabel('Add a document it acts on').selectOption('secure-communities-ice-2015');
    await relation.getByLabel('Note').fill('Ends the program the notice describes.');
    await dialog.getByRole('tab', { name: 'Paste' }).click();
    await dialog.getByLabel('Text to paste').fill('The program ends today.\n\nA second paragraph.');
    await pages.shot(editor, 'add-document-desktop');
    await dialog.getByRole('button', { name: 'Add the pasted text' }).click();
    await dialog.waitFor({ state: 'detached' });

    const added = entry(editor, 'ending-secure-communities-a-test-memo-2016-03-01');
    await expect.poll(() => added.locator('.timeline-issuer').textContent()).toBe('A test office');
    expect(await added.locator('.chip').first().textContent()).toBe('memorandum');
    expect(await added.locator('.timeline-relation').textContent()).toBe('Replaces Secure Communities (April 24, 2015)');
    await editor.goto(`${server.url}/w/${WORKSPACE}/as-of?date=2016-06-01`);
    const notice = editor.locator('.as-of-documents li[data-document-id="secure-communities-ice-2015"]');
    await expect.poll(() => notice.locator('.as-of-standing').textContent()).toBe('Replaced by Ending Secure Communities, a test memo (March 1, 2016)');
  });

  it('phone: an editor opens the Documents tab, corrects a catalogue entry’s facts in a sheet that fits the screen, and sees the change', async () => {
    const phone = { width: 390, height: 844 };
    const editor = await pages.signIn(server, WORKSPACE, 'editor', 'Eddie', phone);
    await editor.getByRole('button', { name: 'Documents' }).click();
    const gear = entry(editor, 'memo-2021-09-30-guidelines').getByRole('button', { name: 'Settings of “Guidelines for the Enforcement of Civil Immigration Law”' });
    await wheelUntilOnScreen(editor, editor.locator('.panel-timeline'), gear);
    await gear.click();

    const dialog = editor.getByRole('dialog', { name: 'Document settings' });
    const box = (await dialog.boundingBox())!;
    expect([box.x, box.width]).toEqual([0, phone.width]);
    const title = dialog.getByLabel('Title', { exact: true });
    await expectOnScreen(editor, title);
    expect(await hasFocus(title)).toBe(true);

    await dialog.getByLabel('Type', { exact: true }).fill('guidance');
    await dialog.getByLabel('Issuer', { exact: true }).fill('Alejandro N. Mayorkas, Secretary');
    await pages.shot(editor, 'document-settings-phone');
    // Ctrl+Enter saves from any field, as in the annotation forms.
    await dialog.getByLabel('Issuer', { exact: true }).press('Control+Enter');
    const saved = dialog.getByRole('status').filter({ hasText: 'Saved for everyone: 2 changes.' });
    await saved.waitFor();
    await wheelUntilOnScreen(editor, dialog, saved);

    // An entry with no text yet has none to replace: it says where to bring one in.
    await dialog.getByRole('tab', { name: 'Replace the text' }).click();
    await expect.poll(() => dialog.getByRole('tabpanel').textContent()).toContain('bring it in from its page');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    const item = entry(editor, 'memo-2021-09-30-guidelines');
    await expect.poll(() => item.locator('.chip').first().textContent()).toBe('guidance');
    await expectOnScreen(editor, item.locator('.timeline-issuer'));
    expect(await item.locator('.timeline-issuer').textContent()).toBe('Alejandro N. Mayorkas, Secretary');
    expect(await hasFocus(gear)).toBe(true);
    await pages.shot(editor, 'document-settings-phone-saved');
    expect(pages.errors).toEqual([]);
  });
});
