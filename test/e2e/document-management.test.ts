import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { TextIndex, describePassage, pmPos, type Passage } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { paths } from '../../server/config.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const EO = 'eo-13993';
const EO_TEXT = 'Sec. 1. Policy. The order of 2017 is revoked.\n\nSec. 2. Priorities. The Secretary shall review the guidance on enforcement.';

async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.width > 0 && box.height > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
}
const expectOnScreen = (page: Page, locator: Locator) => expect.poll(() => onScreen(page, locator), { timeout: 3000 }).toBe(true);
const hasFocus = (locator: Locator) => locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));

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

function passage(client: TestClient, documentId: string, quote: string): Passage {
  const index = new TextIndex(client.workspace.documentText(documentId));
  const from = index.pmOfText(index.text.indexOf(quote) as never)!;
  return describePassage(documentId, index, from, pmPos(from + quote.length))!;
}

describe.skipIf(!browserAvailable())('a new workspace’s first steps, each document’s progress, and managing a document from the reader', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let ada: TestClient;
  const adaPerson = { id: 'ada', name: 'Ada' };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(paths.client, 'index.html'))) throw new Error('the client is not built: run npm run build first');
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
    ada = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'annotator', 'Ada'));
    await synced(ada);
  });
  afterAll(async () => {
    ada?.destroy();
    await pages?.close();
    await server?.close();
    data?.cleanup();
  });

  const entry = (page: Page, id: string) => page.locator(`.timeline-item[data-document-id="${id}"]`);

  it('desktop: the owner’s first steps tick themselves as the group works, and each later text shows how far it is compared', async () => {
    const owner = await pages.signIn(server, WORKSPACE, 'owner', 'Olga');
    const steps = owner.getByRole('region', { name: 'First steps' });
    await expectOnScreen(owner, steps);
    expect(await steps.locator('.first-steps-count').textContent()).toBe('0 of 4 done');
    await pages.shot(owner, 'first-steps-desktop');

    // The group brings a later text in, compares a paragraph of the notice with it and asks a question on it.
    const added = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, 'editor', 'Eddie')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ catalogueId: EO, format: 'text', content: EO_TEXT }),
    });
    expect(added.status).toBe(201);
    await whenDoc(ada.ydoc, () => new TextIndex(ada.workspace.documentText(EO)).text.includes('revoked'));
    const store = ada.workspace.annotations();
    store.create({ id: 'compared', author: adaPerson, passage: passage(ada, NOTICE, 'the FBI automatically sends the fingerprints to DHS'), content: { kind: 'comparison', body: '', tags: [], comparison: { relation: 'contradicts', target: passage(ada, EO, 'The order of 2017 is revoked') } } }, 'local');
    store.create({ id: 'asked', author: adaPerson, passage: passage(ada, EO, 'review the guidance'), content: { kind: 'question', body: 'Which guidance?', tags: [] } }, 'local');

    await expect.poll(() => steps.locator('.first-steps-count').textContent()).toBe('3 of 4 done');
    expect(await steps.locator('[data-done="true"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-step')))).toEqual(['bring-in', 'annotate', 'compare']);
    const progress = entry(owner, EO).locator('.timeline-progress');
    await expect.poll(() => progress.textContent()).toBe('1 of 10 paragraphs compared · 1 open question');
    await wheelUntilOnScreen(owner, owner.locator('.panel-timeline'), progress);
    await pages.shot(owner, 'timeline-progress-desktop');

    // Dismissed, it stays dismissed for this person.
    await wheelUntilOnScreen(owner, owner.locator('.panel-timeline'), steps.getByRole('button', { name: 'Dismiss the first steps' }));
    await steps.getByRole('button', { name: 'Dismiss the first steps' }).click();
    await steps.waitFor({ state: 'detached' });
    await owner.reload();
    await entry(owner, EO).locator('.timeline-progress').waitFor();
    expect(await owner.getByRole('region', { name: 'First steps' }).count()).toBe(0);
  });

  it('desktop: the owner replaces the later text from the reader’s settings and reads how its annotations were found again', async () => {
    const owner = await pages.signIn(server, WORKSPACE, 'owner', 'Olga');
    await owner.goto(`${server.url}/w/${WORKSPACE}/d/${EO}`);
    const button = owner.locator('.reader').getByRole('button', { name: 'Document settings' });
    await expectOnScreen(owner, button);
    await button.click();
    const dialog = owner.getByRole('dialog', { name: 'Document settings' });
    await dialog.getByRole('tab', { name: 'Replace the text' }).click();
    await dialog.getByLabel('Corrected text to paste').fill('Sec. 1. Policy. The Order of 2017 is revoked.\n\nSec. 2. Priorities. The Secretary shall review the guidance on enforcement.');
    await dialog.getByRole('button', { name: 'Replace with the pasted text' }).click();
    const report = dialog.getByRole('status').filter({ hasText: 'Text replaced' });
    await report.waitFor();
    await expectOnScreen(owner, report);
    expect(await hasFocus(report)).toBe(true);
    expect((await report.locator('.reanchor-counts').innerText()).split('\n')).toEqual(['1 anchored exactly', '1 anchored approximately', '0 orphaned, kept detached with their quotes']);
    await pages.shot(owner, 'replace-text-report-desktop');
    await owner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await hasFocus(button)).toBe(true);
    await expect.poll(() => owner.locator('.reader .prose').textContent()).toContain('The Order of 2017 is revoked');
  });

  it('desktop: on a day after EO 14159 revoked EO 13993, the as-of page does not take EO 13993’s word for the notice’s paragraph', async () => {
    const reader = await pages.signIn(server, WORKSPACE, 'owner', 'Olga');
    await reader.goto(`${server.url}/w/${WORKSPACE}/as-of?date=2025-06-01`);
    const group = reader.locator('.as-of-group[data-status="lapsed"]');
    await group.waitFor();
    expect(await group.locator('h3').textContent()).toBe('No comparison in force 1');
    const note = group.locator('li[data-pinpoint="¶ 3"] .as-of-lapsed');
    expect(await note.textContent()).toBe('Was contradicted by Executive Order 13993 (January 20, 2021), since revoked by Executive Order 14159 (January 20, 2025): not in force on this day.');
    await wheelUntilOnScreen(reader, reader.locator('.panel-reader'), note);
    await pages.shot(reader, 'as-of-lapsed-desktop');
    // While EO 13993 stood, its comparison decided.
    await reader.goto(`${server.url}/w/${WORKSPACE}/as-of?date=2021-06-01`);
    await expect.poll(() => reader.locator('.as-of-group[data-status="contradicts"] li[data-pinpoint="¶ 3"]').count()).toBe(1);
    expect(await reader.locator('.as-of-group[data-status="lapsed"]').count()).toBe(0);
  });

  it('phone: the owner removes the later text keeping its annotations; they are listed, with their quotes, at the foot of the timeline', async () => {
    const phone = { width: 390, height: 844 };
    const owner = await pages.signIn(server, WORKSPACE, 'owner', 'Olga', phone);
    await owner.getByRole('button', { name: 'Documents' }).click();
    const steps = owner.getByRole('region', { name: 'First steps' });
    await expectOnScreen(owner, steps.getByRole('heading', { name: 'First steps' }));
    await pages.shot(owner, 'first-steps-phone');
    const gear = entry(owner, EO).getByRole('button', { name: /^Settings of “Executive Order 13993/ });
    const progress = entry(owner, EO).locator('.timeline-progress');
    await wheelUntilOnScreen(owner, owner.locator('.panel-timeline'), progress);
    await expectOnScreen(owner, gear);
    await pages.shot(owner, 'timeline-progress-phone');
    await gear.click();
    const dialog = owner.getByRole('dialog', { name: 'Document settings' });
    await dialog.getByRole('tab', { name: 'Remove' }).click();
    const keep = dialog.getByRole('radio', { name: /Keep them, detached/ });
    await keep.waitFor();
    expect(await keep.isChecked()).toBe(true);
    expect(await dialog.locator('legend').last().textContent()).toBe('Its annotations: 1 on its text, 1 comparison with it from other documents');
    await dialog.getByRole('button', { name: 'Remove this document…' }).click();
    const confirm = dialog.getByRole('button', { name: 'Yes, remove it, keeping its annotations' });
    await expectOnScreen(owner, confirm);
    expect(await hasFocus(confirm)).toBe(true);
    await pages.shot(owner, 'remove-document-phone');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });

    const note = owner.locator('.removal-note');
    await expect.poll(() => note.textContent()).toBe('Removed “Executive Order 13993, Revision of Civil Immigration Enforcement Policies and Priorities”. 1 annotation is kept, detached: listed at the foot of the timeline. 1 comparison with it stays on its document, its far side detached.×');
    await expectOnScreen(owner, note);
    expect(await hasFocus(note)).toBe(true);
    expect(await entry(owner, EO).count()).toBe(0);
    const detached = owner.locator('.detached-annotations');
    await wheelUntilOnScreen(owner, owner.locator('.panel-timeline'), detached.locator('summary'));
    await detached.locator('summary').click();
    const item = detached.locator('.detached-item[data-annotation-id="asked"]');
    await wheelUntilOnScreen(owner, owner.locator('.panel-timeline'), item);
    expect(await item.locator('.detached-quote').textContent()).toBe('Sec. 2“review the guidance”');
    await pages.shot(owner, 'detached-annotations-phone');
    const audit = server.accounts.auditLog(WORKSPACE).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['document.replaced', 'document.removed']));
    expect(pages.errors).toEqual([]);
  });
});
