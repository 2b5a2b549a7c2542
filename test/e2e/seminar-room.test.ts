import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { passageIn } from '../support/annotated-workspace.js';
import { selectText } from '../support/page-helpers.js';
import { repoRoot } from '../support/paths.js';


// Several browsers on shared cores: a scenario of many steps, each waited on (no step is timed).
const SCENARIO_TIMEOUT = 120_000;
const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const LATER = 'memo-2014-11-20-secure-communities';
const READER = '.reader-column:not(.reader-beside) .prose';
// Near the end of the notice: below the first screen of a phone.
const DEEP = 'resulted in the removal of more than 368,000 aliens';

/**
 * Whether a person sees the element without scrolling: its box inside the viewport and nothing
 * drawn over its middle. The test never scrolls for them (no scrollIntoViewIfNeeded).
 */
async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  if (!box || box.width === 0 || box.height === 0) return false;
  if (box.x < 0 || box.y < 0 || box.x + box.width > viewport.width + 0.5 || box.y + box.height > viewport.height + 0.5) return false;
  return locator.evaluate((el, [x, y]) => {
    const top = document.elementFromPoint(x!, y!);
    return top !== null && (el === top || el.contains(top));
  }, [box.x + box.width / 2, box.y + Math.min(box.height / 2, 20)]);
}
const expectOnScreen = (page: Page, locator: Locator) => expect.poll(() => onScreen(page, locator), { timeout: 5000 }).toBe(true);

/** Whether two boxes overlap. */
async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = [(await a.boundingBox())!, (await b.boundingBox())!];
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

describe.skipIf(!browserAvailable())('a seminar room: drafts kept, phones shown the item, the projector on one screen', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let setup: TestClient;
  const me = { id: 'setup', name: 'Setup' };

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
    const store = setup.workspace.annotations();
    store.create({ id: 'q-fingerprints', author: me, passage: passageIn(setup.workspace, NOTICE, 'the FBI automatically sends the fingerprints to DHS'), content: { kind: 'question', body: 'Who decides what happens to the fingerprints?', tags: [] } }, 'local');
    store.create({ id: 'c-deep', author: me, passage: passageIn(setup.workspace, NOTICE, '98 percent fell into one'), content: { kind: 'critique', body: 'Priorities as defined by whom?', tags: [] } }, 'local');
    for (let i = 1; i <= 8; i++) store.addReply('c-deep', { id: `r-${i}`, author: me, body: `Reply number ${i}: ${'a longer thought that runs over a line or two on the projector, '.repeat(2)}` }, 'local');
    const seminar = setup.workspace.seminar();
    seminar.addItem({ id: 'i-finger', annotationId: 'q-fingerprints', addedBy: me }, 'local');
    seminar.addItem({ id: 'i-deep', annotationId: 'c-deep', addedBy: me }, 'local');
    seminar.addItem({ id: 'i-question', question: 'Should a county be able to opt out?', addedBy: me }, 'local');
    await whenDoc(server.sync.room(WORKSPACE)!.ydoc, () => server.sync.room(WORKSPACE)!.ydoc.getArray('agenda').length === 3);
  });
  afterAll(async () => {
    setup?.destroy();
    await pages?.close();
    await server?.close();
    data?.cleanup();
  });

  it('keeps drafts, shows a phone the item and the spotlight, lands a returning follower on the item, and keeps Next on the projector', async () => {
    const fay = await pages.signIn(server, WORKSPACE, 'editor', 'Fay Facilitator');
    const pat = await pages.signIn(server, WORKSPACE, 'annotator', 'Pat Participant');
    const phil = await pages.signIn(server, WORKSPACE, 'annotator', 'Phil Phone', { width: 390, height: 844 });

    await fay.getByRole('button', { name: /Seminar/ }).click();
    await fay.getByLabel('Session title').fill('Seminar, 3 December');
    await fay.getByRole('button', { name: 'Start a session' }).click();
    await fay.locator('.seminar-bar').getByText('You are facilitating').waitFor();

    // The agenda does not cover the cards or the strip at 1440×900, and its list fits inside it.
    const panel = fay.locator('.seminar-panel');
    expect(await overlap(panel, fay.locator('.sidebar-column'))).toBe(false);
    expect(await overlap(panel, fay.locator('.seminar-bar'))).toBe(false);
    const [select, panelBox] = [(await fay.getByLabel('Add an annotation').boundingBox())!, (await panel.boundingBox())!];
    expect(select.x + select.width).toBeLessThanOrEqual(panelBox.x + panelBox.width);
    await pages.shot(fay, 'seminar-room-agenda-open');

    for (const participant of [pat, phil]) {
      await participant.locator('.seminar-bar').getByRole('button', { name: 'Follow' }).click();
      await participant.locator('.seminar-bar').getByText('Following Fay Facilitator').waitFor();
    }
    await expect.poll(() => fay.locator('.seminar-bar').textContent()).toContain('2 following');

    // Pat types a reply (spaces and all); Fay opens the later memo: Phil goes, Pat is offered the move.
    const reply = pat.locator('.card[data-annotation-id="q-fingerprints"]').getByPlaceholder('Reply…');
    await reply.click();
    await pat.keyboard.type('I think the FBI and ICE share it');
    await fay.locator(`.timeline-item[data-document-id="${LATER}"] a`).click();
    await phil.waitForURL(`**/d/${LATER}`);
    const offer = pat.locator('.seminar-offer');
    await offer.waitFor();
    expect(await offer.textContent()).toMatch(/^Fay Facilitator moved to /);
    expect(pat.url()).not.toContain(LATER);
    expect(await reply.inputValue()).toBe('I think the FBI and ICE share it');
    expect(await pat.locator('.seminar-bar').textContent()).toContain('Following Fay Facilitator');
    await pages.shot(pat, 'seminar-room-draft-offered');
    await offer.getByRole('button', { name: 'Go' }).click();
    await pat.waitForURL(`**/d/${LATER}`);
    expect(await pat.locator('.seminar-offer').count()).toBe(0);

    // The same with the new-annotation form open: Fay comes back to the notice, Pat starts a critique.
    await fay.locator(`.timeline-item[data-document-id="${NOTICE}"] a`).click();
    await pat.waitForURL(`**/d/${NOTICE}`);
    await selectText(pat, '3,181 jurisdictions', READER);
    await pat.locator('.selection-toolbar').getByRole('button', { name: 'Critique' }).click();
    await pat.locator('.composer-panel textarea').first().click();
    await pat.keyboard.type('Activation is not consent');
    await fay.locator(`.timeline-item[data-document-id="${LATER}"] a`).click();
    await pat.locator('.seminar-offer').waitFor();
    expect(await pat.locator('.composer-panel textarea').first().inputValue()).toBe('Activation is not consent');
    await pat.locator('.composer-panel').getByRole('button', { name: 'Save' }).click();
    await pat.locator('.seminar-offer').getByRole('button', { name: 'Go' }).click();
    await pat.waitForURL(`**/d/${LATER}`);

    // Discuss now: the phone opens the Annotations tab on the card, in view without scrolling.
    await fay.locator('.agenda-item').filter({ hasText: 'Who decides' }).getByRole('button', { name: 'Discuss now' }).click();
    await phil.waitForURL(`**/d/${NOTICE}**`);
    await expect.poll(() => phil.locator('.panel-tabs').getByRole('button', { name: 'Annotations' }).getAttribute('aria-pressed')).toBe('true');
    await expectOnScreen(phil, phil.locator('.card[data-annotation-id="q-fingerprints"]'));
    await pages.shot(phil, 'seminar-room-phone-discussed');

    // Spotlight deep in the notice: the phone shows the text with the passage in view.
    await selectText(fay, DEEP, READER);
    await fay.locator('.selection-toolbar').getByRole('button', { name: 'Spotlight' }).click();
    await expect.poll(() => phil.locator('.panel-tabs').getByRole('button', { name: 'Read' }).getAttribute('aria-pressed')).toBe('true');
    await expectOnScreen(phil, phil.locator('.hl-spotlight').first());
    await pages.shot(phil, 'seminar-room-phone-spotlight');

    // The facilitator clears the spotlight.
    await pat.locator('.hl-spotlight').first().waitFor();
    await fay.locator('.seminar-bar').getByRole('button', { name: 'Clear the spotlight' }).click();
    await expect.poll(() => pat.locator('.hl-spotlight').count()).toBe(0);

    // Pat steps out and reads elsewhere; Fay moves on with Next item; Pat follows again and lands on it.
    await pat.locator('.seminar-bar').getByRole('button', { name: 'Step out' }).click();
    await pat.locator(`.timeline-item[data-document-id="${LATER}"] a`).click();
    await pat.waitForURL(`**/d/${LATER}`);
    await fay.locator('.seminar-bar').getByRole('button', { name: 'Next item' }).click();
    await expect.poll(() => fay.locator('.agenda-item[data-item-id="i-finger"]').getAttribute('class')).toContain('agenda-discussed');
    await pat.locator('.seminar-bar').getByRole('button', { name: 'Follow' }).click();
    await pat.waitForURL(`**/d/${NOTICE}**`);
    await expect.poll(() => pat.locator('.card-focused').getAttribute('data-annotation-id')).toBe('c-deep');

    // Following survives a reload.
    await pat.reload();
    await pat.locator('.seminar-bar').getByText('Following Fay Facilitator').waitFor();

    // The projector: one 1920×1080 screen with eight replies, "Next" in view and naming the question.
    const projector = await pages.page('projector', { width: 1920, height: 1080 });
    await projector.context().addCookies(await fay.context().cookies());
    await projector.goto(`${server.url}/w/${WORKSPACE}/projector`);
    await projector.locator('.projector-thread li').nth(7).waitFor();
    const next = projector.locator('.projector-next');
    await expectOnScreen(projector, next);
    expect(await next.textContent()).toContain('Question: Should a county be able to opt out?');
    expect(await next.textContent()).not.toContain('Who decides');
    await pages.shot(projector, 'seminar-room-projector-long-thread');
    // The projector is not a person: Fay is counted once.
    await expect.poll(() => pat.locator('.presence-list').textContent()).toContain('Phil Phone');
    expect(await pat.locator('.presence-avatars li[title^="Fay Facilitator"]').count()).toBe(1);

    // The standalone question: its text on the projector, and answers written in the agenda reach it.
    await fay.locator('.seminar-bar').getByRole('button', { name: 'Next item' }).click();
    await projector.locator('.projector-question').getByText('Should a county be able to opt out?').waitFor();
    await pat.locator('.seminar-bar').getByRole('button', { name: /Agenda/ }).click();
    const question = pat.locator('.agenda-item[data-item-id="i-question"]');
    await question.getByPlaceholder('Answer…').fill('Only with a vote of its board.');
    await question.getByRole('button', { name: 'Answer', exact: true }).click();
    await projector.locator('.projector-thread').getByText('Only with a vote of its board.').waitFor();
    await pages.shot(projector, 'seminar-room-projector-question');
    await pat.getByRole('button', { name: 'Close the agenda' }).click();

    // The facilitator leaves: followers are told.
    await fay.close();
    await pat.locator('.seminar-bar').getByText('Fay Facilitator has left').waitFor();
    expect(pages.errors).toEqual([]);
  }, SCENARIO_TIMEOUT);

  it('shows raised hands, the item’s timer and a poll on every page and the projector', async () => {
    const fay = await pages.signIn(server, WORKSPACE, 'editor', 'Fay Facilitator');
    const quinn = await pages.signIn(server, WORKSPACE, 'annotator', 'Quinn Participant');
    const nia = await pages.signIn(server, WORKSPACE, 'annotator', 'Nia Phone', { width: 390, height: 844 });
    // Run alone, this test starts its own session; after the first, it goes on in that one.
    if (!setup.workspace.seminar().activeSession()) {
      const status = await fay.evaluate(async (ws) => (await fetch(`/api/workspaces/${ws}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crosswalk': '1' }, body: JSON.stringify({ title: 'Seminar, 3 December' }) })).status, WORKSPACE);
      expect(status).toBe(201);
    }
    await whenDoc(setup.ydoc, () => setup.workspace.seminar().activeSession() !== undefined);
    setup.workspace.seminar().setNowDiscussing('i-question', me, 'local');
    await fay.locator('.seminar-bar').getByText('You are facilitating').waitFor();
    const projector = await pages.page('projector-tools', { width: 1920, height: 1080 });
    await projector.context().addCookies(await fay.context().cookies());
    await projector.goto(`${server.url}/w/${WORKSPACE}/projector`);
    await projector.locator('.projector-question').waitFor();
    const everyone = [fay, quinn, nia];

    // The timer: started by the facilitator, counted down everywhere.
    await fay.locator('.seminar-bar').getByRole('button', { name: /Agenda/ }).click();
    await fay.getByRole('group', { name: 'Timer for the item under discussion' }).getByRole('button', { name: '5 min' }).click();
    for (const page of everyone) await expect.poll(() => page.locator('.seminar-bar .seminar-timer').textContent()).toMatch(/[45]:\d\d/);
    await expect.poll(() => projector.locator('.projector-timer').textContent()).toMatch(/[45]:\d\d/);

    // Hands: two go up, in order; the facilitator calls the first.
    await quinn.locator('.seminar-bar').getByRole('button', { name: 'Raise hand' }).click();
    await quinn.locator('.seminar-bar').getByRole('button', { name: /Lower hand \(next\)/ }).waitFor();
    await nia.locator('.seminar-bar').getByRole('button', { name: 'Raise hand' }).click();
    await nia.locator('.seminar-bar').getByRole('button', { name: /Lower hand \(2 in line\)/ }).waitFor();
    await expect.poll(() => fay.locator('.seminar-queue').textContent()).toBe('Hands up: Quinn Participant, Nia Phone');
    await expect.poll(() => projector.locator('.projector-hands').textContent()).toContain('Quinn Participant, Nia Phone');
    await fay.locator('.seminar-bar').getByRole('button', { name: 'Call on Quinn Participant' }).click();
    await quinn.locator('.seminar-speaking').getByText('Speaking: you').waitFor();
    await nia.locator('.seminar-speaking').getByText('Speaking: Quinn Participant').waitFor();
    await projector.locator('.projector-hands').getByText('Speaking: Quinn Participant').waitFor();
    await expect.poll(() => fay.locator('.seminar-queue').textContent()).toBe('Hands up: Nia Phone');

    // A quick anonymous poll: both vote, the tallies reach every page and the projector.
    await fay.getByRole('form', { name: 'Quick poll' }).getByRole('button', { name: 'Open the poll' }).click();
    await quinn.locator('.seminar-poll').getByRole('button', { name: 'Agree', exact: true }).click();
    await nia.locator('.seminar-poll').getByRole('button', { name: 'Unsure' }).click();
    for (const page of everyone) {
      await expect.poll(() => page.locator('.seminar-poll .poll-tally[data-option="0"] strong').textContent()).toBe('1');
      await expect.poll(() => page.locator('.seminar-poll .poll-tally[data-option="2"] strong').textContent()).toBe('1');
    }
    await expect.poll(() => projector.locator('.projector-poll li[data-option="0"] strong').textContent()).toBe('1');
    expect(await projector.locator('.projector-poll').textContent()).toContain('2 votes');
    await expectOnScreen(projector, projector.locator('.projector-next'));
    await pages.shot(fay, 'seminar-room-tools-facilitator');
    await pages.shot(nia, 'seminar-room-tools-phone');
    await pages.shot(projector, 'seminar-room-tools-projector');

    // An anonymous question: the facilitator sees it without a name and puts it on the agenda.
    await nia.locator('.seminar-bar').getByRole('button', { name: /Agenda/ }).click();
    await nia.getByLabel('Ask anonymously').fill('Who audits the shared data?');
    await nia.getByRole('button', { name: 'Send the question' }).click();
    const inbox = fay.getByRole('region', { name: 'Questions sent in anonymously' });
    await inbox.getByText('Who audits the shared data?').waitFor();
    expect(await inbox.textContent()).not.toContain('Nia');
    await inbox.getByRole('button', { name: 'Put on the agenda' }).click();
    await nia.locator('.agenda-item').filter({ hasText: 'Who audits the shared data?' }).waitFor();
    await pages.shot(fay, 'seminar-room-tools-agenda');

    // The printable agenda: every item with its passage, as printed.
    const [handout] = await Promise.all([fay.context().waitForEvent('page'), fay.getByRole('link', { name: 'Printable agenda' }).click()]);
    await handout.locator('mark', { hasText: 'the FBI automatically sends the fingerprints to DHS' }).waitFor();
    expect(await handout.locator('.agenda > li').count()).toBe(4);
    await handout.emulateMedia({ media: 'print' });
    await pages.shot(handout, 'seminar-room-handout-print');
    expect(pages.errors).toEqual([]);
  }, SCENARIO_TIMEOUT);

  it('at exactly 1100 px wide, Ask opens a form on screen', async () => {
    const page = await pages.signIn(server, WORKSPACE, 'annotator', 'Ada Edge', { width: 1100, height: 900 });
    await page.locator(READER).getByText('3,181 jurisdictions').waitFor();
    await selectText(page, '3,181 jurisdictions', READER);
    await page.locator('.selection-toolbar').getByRole('button', { name: 'Ask' }).click();
    await expectOnScreen(page, page.locator('.composer-panel'));
    await pages.shot(page, 'seminar-room-1100-ask');
  });
});
