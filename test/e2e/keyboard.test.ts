import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { passageIn } from '../support/annotated-workspace.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';

/** What has the focus: enough to assert on and to print when it is not what was expected. */
interface Focused {
  tag: string;
  name: string;
  classes: string;
  /** The aria-labelledby heading's text of the dialog the focus is in, if any. */
  dialog: string | null;
  annotationId: string | null;
  inViewport: boolean;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const dialog = el?.closest('[role="dialog"]');
    const heading = dialog?.getAttribute('aria-labelledby');
    const box = el?.getBoundingClientRect();
    return {
      tag: el?.tagName.toLowerCase() ?? 'none',
      name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80),
      classes: el?.className && typeof el.className === 'string' ? el.className : '',
      dialog: heading ? (document.getElementById(heading)?.textContent?.trim() ?? null) : null,
      annotationId: el?.closest<HTMLElement>('.card')?.dataset.annotationId ?? null,
      // Its top within the window: the test never scrolls, so the app must have brought it there.
      inViewport: !!box && box.height > 0 && box.top >= 0 && box.top < innerHeight && box.left >= 0 && box.left < innerWidth,
    };
  });

/** Tab (forward) until the focused element matches; a bounded number of presses, as a person would. */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, what: string, max = 120): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (wanted(now)) return now;
  }
  throw new Error(`${max} Tab presses did not reach ${what}; the focus is on ${JSON.stringify(await focused(page))}`);
}

const button = (name: string) => (f: Focused) => f.tag === 'button' && f.name === name;

/**
 * Opens a sheet from its button with Enter, proves the focus went in and cannot Tab out
 * (`presses` Tabs and as many Shift+Tabs, all inside), then closes it with Escape from
 * wherever the focus ended up and proves the focus is back on the button.
 */
async function sheetRoundTrip(page: Page, opener: Focused, title: string | RegExp, presses = 40, trapped = true): Promise<void> {
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: title }).waitFor();
  const inside = (f: Focused) => (typeof title === 'string' ? f.dialog === title : f.dialog !== null && title.test(f.dialog));
  const first = await focused(page);
  expect(inside(first), `focus moved into "${title}": ${JSON.stringify(first)}`).toBe(true);
  if (trapped) {
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < presses; i++) {
        await page.keyboard.press(key);
        const now = await focused(page);
        expect(inside(now), `${key} #${i + 1} left "${title}": ${JSON.stringify(now)}`).toBe(true);
      }
    }
  }
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: title }).waitFor({ state: 'detached' });
  const back = await focused(page);
  expect({ tag: back.tag, name: back.name }, `focus back on the opener after closing "${title}"`).toEqual({ tag: opener.tag, name: opener.name });
}

/**
 * Keyboard only, never the mouse and never a scroll from the test: skip to the text, select a
 * passage with the reading caret, annotate it with a shortcut, save, reply, move between cards,
 * and open and close every sheet with the focus trapped and returned.
 */
describe.skipIf(!browserAvailable())('keyboard only', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let setup: TestClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
    setup = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'editor', 'Ben'));
    await synced(setup);
    // A card above the one the test writes, to move between.
    setup.workspace.annotations().create({ id: 'earlier', author: { id: 'ben', name: 'Ben' }, passage: passageIn(setup.workspace, NOTICE, 'The highest priority of any law enforcement agency'), content: { kind: 'question', body: 'Whose priority?', tags: [] } }, 'local');
    await synced(setup);
  });
  afterAll(async () => {
    setup?.destroy();
    await pages?.close();
    await server?.close();
    data?.cleanup();
  });

  it('annotates, replies, moves between cards and opens every sheet at 1440×900', async () => {
    const page = await pages.signIn(server, WORKSPACE, 'owner', 'Olive Owner');
    await page.goto(`${server.url}/w/${WORKSPACE}/d/${NOTICE}`);
    await page.locator('.card[data-annotation-id="earlier"]').waitFor();
    // The window says which document this is, not just "Crosswalk".
    expect(await page.title()).toBe(`${(await page.locator('.reader h1').first().textContent())!.trim()} · ${(await page.locator('.workspace-name').textContent())!.trim()} · Crosswalk`);

    // The first stop skips to the text; the text is a read-only box in the Tab order, not an editable field.
    const skip = await tabTo(page, (f) => f.tag === 'a' && f.name === 'Skip to the text', 'the skip link', 1);
    expect(skip.inViewport).toBe(true);
    await page.keyboard.press('Enter');
    const text = page.locator('.reader-column:not(.reader-beside) .prose');
    await expect.poll(() => focused(page).then((f) => f.classes.includes('prose'))).toBe(true);
    expect(await text.getAttribute('contenteditable')).toBe('false');
    expect(await text.getAttribute('aria-readonly')).toBe('true');

    // The caret, moved by lines to the paragraph about fingerprints; then four words selected with Shift+Ctrl+→.
    const caretBlock = () => page.evaluate(() => document.querySelector('.reading-caret')?.closest('[data-block-id]')?.textContent ?? null);
    await expect.poll(caretBlock).not.toBeNull();
    for (let i = 0; i < 80 && !(await caretBlock())?.includes('automatically sends the fingerprints'); i++) await page.keyboard.press('ArrowDown');
    expect(await caretBlock()).toContain('automatically sends the fingerprints');
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Shift+ArrowRight');
    const selected = await page.locator('.reading-selection').allTextContents();
    const words = selected.join('').trim().split(/\s+/);
    expect(words).toHaveLength(4);
    expect((await caretBlock())!.trim().startsWith(words.join(' '))).toBe(true);
    await page.locator('.selection-toolbar').waitFor();

    // Alt+Shift+R: a critique of it, the focus in its form; Ctrl+Enter saves and the card takes the focus.
    await page.keyboard.press('Alt+Shift+R');
    const field = await focused(page);
    expect(field.dialog ?? (await page.locator('.composer-panel').getAttribute('aria-label'))).toBeTruthy();
    expect(await page.evaluate(() => !!document.activeElement?.closest('.composer-panel'))).toBe(true);
    expect(field.inViewport).toBe(true);
    await page.keyboard.type('Written without the mouse.');
    await page.keyboard.press('Control+Enter');
    await page.locator('.composer-panel').waitFor({ state: 'detached' });
    await expect.poll(() => focused(page).then((f) => f.tag === 'article' && f.classes.includes('card'))).toBe(true);
    const card = await focused(page);
    expect(card.name).toMatch(/^Critique by Olive Owner/);
    expect(card.inViewport).toBe(true);
    const mine = card.annotationId!;
    expect(await page.locator(`.card[data-annotation-id="${mine}"] .card-body`).textContent()).toContain('Written without the mouse.');
    expect(await page.locator(`.card[data-annotation-id="${mine}"] .card-quote`).textContent()).toContain(words.join(' '));

    // A reply from the card's thread; the focus stays in the thread.
    const reply = await tabTo(page, (f) => f.tag === 'textarea' && f.annotationId === mine, 'the reply field', 30);
    expect(reply.inViewport).toBe(true);
    await page.keyboard.type('And a reply, too.');
    await tabTo(page, button('Reply'), 'the Reply button', 2);
    await page.keyboard.press('Enter');
    await page.locator(`.card[data-annotation-id="${mine}"] .reply-body`).getByText('And a reply, too.').waitFor();
    expect((await focused(page)).annotationId).toBe(mine);

    // ↑ / ↓ between cards, from a button of one (the reply field keeps its arrows).
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).tag).toBe('button');
    await page.keyboard.press('ArrowUp');
    const earlier = await focused(page);
    expect({ annotationId: earlier.annotationId, tag: earlier.tag, inViewport: earlier.inViewport }).toEqual({ annotationId: 'earlier', tag: 'article', inViewport: true });
    await page.keyboard.press('ArrowDown');
    expect(await focused(page).then((f) => [f.annotationId, f.tag])).toEqual([mine, 'article']);

    // Every sheet from the top bar: in, trapped, Escape, back.
    for (const [name, title] of [
      ['Export', 'Export an annotated copy'],
      ['Versions', 'Versions and sessions'],
      ['Members', 'Members and invites'],
    ] as const) {
      const opener = await tabTo(page, button(name), `the ${name} button`);
      await sheetRoundTrip(page, opener, title);
    }
    const library = await tabTo(page, button('Library'), 'the Library button');
    await sheetRoundTrip(page, library, /^Library/);
    // The agenda beside the texts is non-modal on a wide screen (the cards stay reachable): in, Escape, back.
    const seminar = await tabTo(page, (f) => f.tag === 'button' && f.name === 'Seminar', 'the Seminar button');
    await sheetRoundTrip(page, seminar, 'Agenda', 0, false);

    // The account menu: its first item takes the focus, ↓ moves, Escape gives the focus back to the button.
    const account = await tabTo(page, (f) => f.tag === 'button' && f.name.startsWith('Olive Owner, owner'), 'the account button');
    await page.keyboard.press('Enter');
    expect(await focused(page).then((f) => f.tag === 'button' && f.classes === '' && f.name !== account.name)).toBe(true);
    const firstItem = (await focused(page)).name;
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).name).not.toBe(firstItem);
    await page.keyboard.press('Escape');
    expect((await focused(page)).name).toBe(account.name);
    // …and its "Keyboard shortcuts" item opens the list, which gives the focus back to the account button.
    await page.keyboard.press('Enter');
    for (let i = 0; i < 6 && (await focused(page)).name !== 'Keyboard shortcuts'; i++) await page.keyboard.press('ArrowDown');
    await sheetRoundTrip(page, account, 'Keyboard shortcuts', 10);

    // Find (Ctrl+Shift+F) and the shortcuts (?) from the text, and Document settings from the reader's header.
    await tabTo(page, (f) => f.classes.includes('prose'), 'the text');
    const inText = await focused(page);
    await page.keyboard.press('Control+Shift+F');
    await page.getByRole('dialog', { name: 'Find in the texts' }).waitFor();
    expect((await focused(page)).tag).toBe('input');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Find in the texts' }).waitFor({ state: 'detached' });
    expect((await focused(page)).classes).toBe(inText.classes);
    await page.keyboard.press('Shift+?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    expect((await focused(page)).classes).toBe(inText.classes);
    const settings = await tabTo(page, button('Document settings'), 'Document settings');
    await sheetRoundTrip(page, settings, 'Document settings');
    await pages.shot(page, 'keyboard-desktop');
    expect(pages.errors).toEqual([]);
    // Hundreds of key presses, each followed by a look at the focus.
  }, 180_000);

  it('on a 390×844 phone the agenda covers the page and traps the focus; the skip link opens the annotations tab', async () => {
    const page = await pages.signIn(server, WORKSPACE, 'editor', 'Pia Phone', { width: 390, height: 844 });
    await page.goto(`${server.url}/w/${WORKSPACE}/d/${NOTICE}`);
    await page.locator('.reader .prose p').first().waitFor();
    await tabTo(page, (f) => f.name === 'Skip to the text', 'the first skip link', 1);
    await tabTo(page, (f) => f.name === 'Skip to annotations', 'the second skip link', 1);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page).then((f) => f.annotationId)).toBe('earlier');
    expect((await focused(page)).inViewport).toBe(true);
    const seminar = await tabTo(page, (f) => f.tag === 'button' && f.name === 'Seminar', 'the Seminar button');
    await sheetRoundTrip(page, seminar, 'Agenda', 25, true);
    const exportButton = await tabTo(page, button('Export'), 'the Export button');
    await sheetRoundTrip(page, exportButton, 'Export an annotated copy', 25);
    await pages.shot(page, 'keyboard-phone');
    expect(pages.errors).toEqual([]);
  }, 90_000);
});
