import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { passageIn } from '../support/annotated-workspace.js';
import { repoRoot } from '../support/paths.js';


// Several browsers on shared cores: a scenario of many steps, each waited on (no step is timed).
const SCENARIO_TIMEOUT = 120_000;
const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const LATER = 'memo-2014-11-20-secure-communities';

/** Where a block sits relative to the top of the reading area, in pixels. */
const blockOffset = (page: Page, blockId: string) =>
  page.locator(`.reader-column:not(.reader-beside) [data-block-id="${blockId}"]`).evaluate((el) => el.getBoundingClientRect().top - el.closest('.desk')!.getBoundingClientRect().top);

describe.skipIf(!browserAvailable())('seminar mode: a facilitator, two participants, a projector', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let setup: TestClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
    const owner = server.credentials.createBearerToken(WORKSPACE, 'owner', 'Setup');
    const memo = fs.readFileSync(path.join(repoRoot, 'test/fixtures/alignment/replacement-program-memo.md'), 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
    const added = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ catalogueId: LATER, format: 'markdown', content: memo }),
    });
    expect(added.status).toBe(201);
    setup = connectClient(server.url, WORKSPACE, owner);
    await synced(setup);
    const me = { id: 'setup', name: 'Setup' };
    const store = setup.workspace.annotations();
    store.create({ id: 'q-fingerprints', author: me, passage: passageIn(setup.workspace, NOTICE, 'the FBI automatically sends the fingerprints to DHS'), content: { kind: 'question', body: 'Who decides what happens to the fingerprints?', tags: [] } }, 'local');
    store.create({ id: 'c-jurisdictions', author: me, passage: passageIn(setup.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'critique', body: 'Activation is not consent.', tags: [] } }, 'local');
  });
  afterAll(async () => {
    setup?.destroy();
    await pages?.close();
    await server?.close();
    data?.cleanup();
  });

  it('followers move with the facilitator, one steps out, the agenda advances, a reply reaches all, and the end of the session is a version', async () => {
    const fay = await pages.signIn(server, WORKSPACE, 'editor', 'Fay Facilitator');
    const pat = await pages.signIn(server, WORKSPACE, 'annotator', 'Pat Participant');
    const quinn = await pages.signIn(server, WORKSPACE, 'annotator', 'Quinn Participant');

    // Fay saves the start, opens a session and puts both annotations on the agenda.
    const saved = await fay.evaluate(async (ws) => {
      const response = await fetch(`/api/workspaces/${ws}/versions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crosswalk': '1' }, body: JSON.stringify({ name: 'Before the seminar' }) });
      return ((await response.json()) as { version: { id: string } }).version.id;
    }, WORKSPACE);
    await fay.getByRole('button', { name: /Seminar/ }).click();
    await fay.getByLabel('Session title').fill('Seminar, 3 December');
    await fay.getByRole('button', { name: 'Start a session' }).click();
    await fay.locator('.seminar-bar').getByText('You are facilitating').waitFor();
    const addAnnotation = fay.getByLabel('Add an annotation');
    for (const body of ['Who decides', 'Activation is not consent']) {
      const value = await addAnnotation.locator('option', { hasText: body }).getAttribute('value');
      await addAnnotation.selectOption(value!);
    }
    await expect.poll(() => fay.locator('.agenda-item').count()).toBe(2);
    // Reordering with the keyboard: the critique first.
    await fay.locator('.agenda-item').nth(1).focus();
    await fay.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => fay.locator('.agenda-item .agenda-detail').first().textContent()).toBe('Activation is not consent.');
    await fay.getByRole('button', { name: 'Close the agenda' }).click();

    for (const participant of [pat, quinn]) {
      await participant.locator('.seminar-bar').getByText('Fay Facilitator is facilitating').waitFor();
      await participant.locator('.seminar-bar').getByRole('button', { name: 'Follow' }).click();
      await participant.locator('.seminar-bar').getByText('Following Fay Facilitator').waitFor();
    }
    await expect.poll(() => fay.locator('.seminar-bar').textContent()).toContain('2 following');

    // Fay opens the later memo, scrolls to a passage deep in it and spotlights it.
    await fay.locator(`.timeline-item[data-document-id="${LATER}"] a`).click();
    const deep = fay.locator('.reader .prose p').filter({ hasText: 'keep forwarding' });
    await deep.scrollIntoViewIfNeeded();
    await deep.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const blockId = (await deep.getAttribute('data-block-id'))!;
    await deep.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el.firstChild!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await fay.getByRole('button', { name: 'Spotlight' }).click();

    const fayOffset = await blockOffset(fay, blockId);
    for (const participant of [pat, quinn]) {
      await participant.waitForURL(`**/d/${LATER}`);
      await participant.locator('.hl-spotlight').first().waitFor();
      expect(await participant.locator('.hl-spotlight').first().textContent()).toContain('keep forwarding');
      // The memo is short: the block reaches the top only as far as the page scrolls, for Fay as for them.
      await expect.poll(() => blockOffset(participant, blockId).then((top) => Math.abs(top - fayOffset) < 100), { timeout: 5000 }).toBe(true);
      expect(await participant.locator('.desk').evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
    }
    await pages.shot(pat, 'seminar-follower');
    // Presence tells which passage each reads, and who has gone to another tab.
    await expect.poll(() => fay.locator('[data-presence-name="Pat Participant"] .presence-where').textContent()).toMatch(/reading Secure Communities ¶ \d+/);
    await quinn.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => fay.locator('[data-presence-name="Quinn Participant"] .presence-activity').textContent()).toBe('away');
    await quinn.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => fay.locator('[data-presence-name="Quinn Participant"] .presence-activity').count()).toBe(0);

    // Quinn steps out; Fay goes back to the notice; only Pat goes with her.
    await quinn.locator('.seminar-bar').getByRole('button', { name: 'Step out' }).click();
    await fay.locator(`.timeline-item[data-document-id="${NOTICE}"] a`).click();
    await pat.waitForURL(`**/d/${NOTICE}`);
    await quinn.waitForTimeout(800);
    expect(quinn.url()).toContain(`/d/${LATER}`);

    // Fay advances the agenda: Pat is taken to the item, Quinn sees what is under discussion.
    await fay.getByRole('button', { name: /Seminar/ }).click();
    await fay.locator('.agenda-item').filter({ hasText: 'Who decides' }).getByRole('button', { name: 'Discuss now' }).click();
    await expect.poll(() => pat.locator('.card-focused').getAttribute('data-annotation-id')).toBe('q-fingerprints');
    await expect.poll(() => quinn.locator('.seminar-now').textContent()).toContain('Question');
    expect(quinn.url()).toContain(`/d/${LATER}`);

    const projector = await pages.page('projector', { width: 1280, height: 720 });
    await projector.context().addCookies(await fay.context().cookies());
    await projector.goto(`${server.url}/w/${WORKSPACE}/projector`);
    await projector.locator('.projector-quote').getByText('the FBI automatically sends the fingerprints to DHS').waitFor();

    // Pat replies: it reaches Fay's card, the projector and Quinn.
    const card = pat.locator('.card[data-annotation-id="q-fingerprints"]');
    await card.getByPlaceholder('Reply…').fill('The FBI forwards them; ICE decides.');
    await card.getByRole('button', { name: 'Reply', exact: true }).click();
    await fay.locator('.card[data-annotation-id="q-fingerprints"]').getByText('The FBI forwards them; ICE decides.').waitFor();
    await projector.locator('.projector-thread').getByText('The FBI forwards them; ICE decides.').waitFor();
    await pages.shot(projector, 'seminar-projector');
    await quinn.locator('.seminar-now a').click();
    await quinn.locator('.card[data-annotation-id="q-fingerprints"]').getByText('The FBI forwards them; ICE decides.').waitFor();
    await pages.shot(fay, 'seminar-facilitator');

    // Ending the session saves a version; it lists the reply against the start.
    await fay.locator('.agenda-item').filter({ hasText: 'Who decides' }).getByLabel('Discussed').check();
    await fay.getByRole('button', { name: 'End the session and save a version' }).click();
    await fay.getByText('ended and was saved as a version').waitFor();
    await expect.poll(() => pat.locator('.seminar-bar').count()).toBe(0);
    const { ended, changes } = await fay.evaluate(async ({ ws, start }) => {
      const list = (await (await fetch(`/api/workspaces/${ws}/versions`)).json()) as { versions: { id: string; reason: string }[] };
      const end = list.versions.find((v) => v.reason === 'session-end')!;
      const compared = await (await fetch(`/api/workspaces/${ws}/versions/compare?from=${start}&to=${end.id}`)).json();
      return { ended: end.id, changes: compared as { replies: { changes: string[]; after?: string }[] } };
    }, { ws: WORKSPACE, start: saved });
    expect(changes.replies).toEqual([expect.objectContaining({ changes: ['added'], after: 'The FBI forwards them; ICE decides.', author: { id: 'pat-participant', name: 'Pat Participant' } })]);

    // The version opens read-only, with the reply in it; compared with the start, it lists the reply.
    await quinn.goto(`${server.url}/w/${WORKSPACE}/versions/${ended}`);
    await quinn.getByText('read-only').first().waitFor();
    await quinn.getByText('The FBI forwards them; ICE decides.').first().waitFor();
    expect(await quinn.locator('.selection-toolbar').count()).toBe(0);
    await quinn.locator('.topbar').getByRole('button', { name: 'Compare' }).click();
    const sheet = quinn.getByRole('dialog', { name: 'Compare versions' });
    await sheet.getByLabel('From').selectOption(saved);
    await sheet.getByLabel('To').selectOption(ended);
    const added = sheet.locator('.change-group[data-change="reply-added"] .change');
    await added.waitFor();
    expect(await added.locator('.change-body').textContent()).toBe('The FBI forwards them; ICE decides.');
    await pages.shot(quinn, 'seminar-version-compare');

    const narrow = await pages.signIn(server, WORKSPACE, 'viewer', 'Nia Narrow', { width: 390, height: 844 });
    await narrow.goto(`${server.url}/w/${WORKSPACE}/projector`);
    await narrow.locator('.projector-head').waitFor();
    await pages.shot(narrow, 'seminar-projector-narrow');
    expect(pages.errors).toEqual([]);
  }, SCENARIO_TIMEOUT);
});
