import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';
import { NOTICE, ana, ben, passageIn } from '../support/annotated-workspace.js';

const WORKSPACE = 'secure-communities';
const SOURCE = 'https://www.ice.gov/secure-communities';
const PHONE = { width: 390, height: 844 };

/** Whether a person sees the element: laid out inside the viewport, not merely in the DOM. */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const view = page.viewportSize()!;
  return box !== null && box.width > 0 && box.y >= 0 && box.x >= 0 && box.y + Math.min(box.height, 40) <= view.height && box.x + box.width <= view.width + 1;
}

const hasFocus = (locator: Locator) => locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));

describe.skipIf(!browserAvailable())('importing annotations with a safety net', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let seeder: TestClient;
  let ownFile: string;
  let otherFile: string;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    seeder = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Seeder'));
    await synced(seeder);
    const store = seeder.workspace.annotations();
    store.create({ id: 'c1', author: ana, passage: passageIn(seeder.workspace, NOTICE, '283,000 convicted criminal aliens'), content: { kind: 'critique', body: 'Removal is not conviction.', tags: [] } }, 'local');
    store.create({ id: 'q1', author: ben, passage: passageIn(seeder.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'What counts as a jurisdiction?', tags: [] } }, 'local');
    store.addReply('c1', { id: 'r1', author: ben, body: 'ICE counts removals after any arrest.' }, 'local');
    const token = server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Reader');
    await whenDoc(seeder.ydoc, () => seeder.workspace.annotations().get('c1')?.replies.length === 1);
    const exported = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/export?format=w3c`, { headers: { authorization: `Bearer ${token}` } });
    ownFile = path.join(data.dir, 'secure-communities.jsonld');
    fs.writeFileSync(ownFile, await exported.text());
    otherFile = path.join(data.dir, 'hypothesis.json');
    const row = (id: string, text: string, exact: string) => ({ id, uri: SOURCE, text, tags: [], user: 'acct:carla@hypothes.is', user_info: { display_name: 'Carla Reyes' }, created: '2016-01-01T00:00:00Z', target: [{ source: SOURCE, selector: [{ type: 'TextQuoteSelector', exact }] }] });
    fs.writeFileSync(otherFile, JSON.stringify([
      row('h1', 'Who decides the priorities?', 'ICE must set sensible priorities'),
      row('h2', 'Gone from our copy.', 'a sentence no version of the notice contains at all'),
      { id: 'h3', uri: SOURCE, text: 'The memo does.', tags: [], user: 'acct:dan@hypothes.is', references: ['h1'], target: [] },
    ]));
    pages = await BrowserPages.launch();
  });

  afterAll(async () => {
    await pages?.close();
    seeder?.destroy();
    await server?.close();
    data?.cleanup();
  });

  async function openImport(page: Page): Promise<void> {
    await page.locator('.topbar').getByRole('button', { name: 'Export' }).click();
    await page.getByRole('tab', { name: 'Import' }).click();
  }

  it('previews the workspace’s own export as nothing new, imports another tool’s file, and undoes it', async () => {
    const owner = await pages.page('owner');
    await owner.goto(server.ownerLink());
    await owner.locator('.card[data-kind="critique"]').waitFor();
    await openImport(owner);

    // The workspace's own export: everything is here, nothing can be imported twice.
    await owner.getByLabel('File').setInputFiles(ownFile);
    const before = owner.getByRole('region', { name: 'Before importing' });
    await before.waitFor();
    expect(await inViewport(owner, before)).toBe(true);
    expect(await hasFocus(before)).toBe(true);
    expect(await before.textContent()).toContain('secure-communities.jsonld holds 2 annotations. Nothing is imported yet.');
    expect(await before.textContent()).toContain('2 annotations are already here (2 by their id) and will be skipped.');
    expect(await before.textContent()).toContain('0 replies to add; 1 already here');
    await expect.poll(() => before.getByRole('button', { name: 'Nothing to import' }).isDisabled()).toBe(true);
    await pages.shot(owner, 'import-preview-own-export');
    await before.getByRole('button', { name: 'Cancel' }).click();
    expect(await before.count()).toBe(0);

    // Another tool's file: what anchors, what does not, before anything is written.
    await owner.getByLabel('File').setInputFiles(otherFile);
    await before.waitFor();
    const seen = (await before.textContent())!;
    expect(seen).toContain('1 will anchor exactly');
    expect(seen).toContain('0 approximately');
    expect(seen).toContain('1 not at all: kept, detached');
    expect(seen).toContain('1 reply to add');
    expect(seen).toContain('Not found, kept detached: “a sentence no version of the notice contains at all”');
    expect(seeder.workspace.annotations().size).toBe(2);
    await pages.shot(owner, 'import-preview-other-tool');
    await before.getByRole('button', { name: 'Import 2 annotations' }).click();

    const done = owner.getByRole('status', { name: 'Imported' });
    await done.waitFor();
    expect(await inViewport(owner, done)).toBe(true);
    expect(await hasFocus(done)).toBe(true);
    expect(await done.textContent()).toContain('Imported 2 annotations and 1 reply: 1 anchored exactly, 0 approximately, 1 detached (kept).');
    const earlier = owner.getByRole('region', { name: 'Earlier imports' });
    await expect.poll(() => earlier.textContent()).toMatch(/just now by Owner \(Hypothesis\): 2 annotations and 1 reply still here/);
    await whenDoc(seeder.ydoc, () => seeder.workspace.annotations().list().filter((a) => !a.deleted).length === 4);
    await pages.shot(owner, 'import-done');

    await owner.getByRole('button', { name: 'Close' }).click();
    const carla = owner.getByRole('article', { name: 'Question by Carla Reyes' });
    await carla.waitFor();
    expect(await carla.textContent()).toContain('Who decides the priorities?');
    expect(await carla.textContent()).toContain('The memo does.');

    // Undone as a whole: the confirmation says what goes, and it goes for everyone.
    await openImport(owner);
    await earlier.getByRole('button', { name: 'Undo' }).click();
    const confirm = owner.getByRole('group', { name: 'Undo the import' });
    expect(await confirm.textContent()).toContain('Remove the 2 annotations and 1 reply this import added, for everyone? Nothing else changes.');
    expect(await inViewport(owner, confirm)).toBe(true);
    await pages.shot(owner, 'import-undo-confirm');
    await confirm.getByRole('button', { name: 'Remove them' }).click();
    await expect.poll(() => owner.locator('.import-form .form-ok').textContent()).toBe('Import undone: 2 annotations and 1 reply removed.');
    await expect.poll(() => earlier.textContent()).toMatch(/undone by Owner, just now/);
    await whenDoc(seeder.ydoc, () => seeder.workspace.annotations().list().filter((a) => !a.deleted).length === 2);
    await owner.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => carla.count()).toBe(0);
    expect(await owner.locator('.card[data-kind="critique"]').count()).toBe(1);
    expect(pages.errors).toEqual([]);
  });

  it('shows the preview in view on a phone', async () => {
    const phone = await pages.signIn(server, WORKSPACE, 'editor', 'Edda Editor', PHONE);
    await phone.locator('.prose p').first().waitFor();
    await openImport(phone);
    await phone.getByLabel('File').setInputFiles(otherFile);
    const before = phone.getByRole('region', { name: 'Before importing' });
    await before.waitFor();
    expect(await inViewport(phone, before)).toBe(true);
    expect(await hasFocus(before)).toBe(true);
    expect(await before.getByRole('button', { name: 'Import 2 annotations' }).isEnabled()).toBe(true);
    await pages.shot(phone, 'import-preview-phone');
    expect(pages.errors).toEqual([]);
  });
});
