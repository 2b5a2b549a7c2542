import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { loadDocument } from '../../core/text/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';
import { repoRoot } from '../support/paths.js';

const WORKSPACE = 'secure-communities';
const NOTICE_ID = 'secure-communities-ice-2015';
const MEMO_ID = 'priority-enforcement-memo';
const NOTICE = '.reader-column:not(.reader-beside) .prose';
const BESIDE = '.reader-beside .prose';
// The notice's last paragraph, below the first screen at every size.
const LAST = 'of which 98 percent fell into one of ICE’s stated civil immigration enforcement priorities';
const LONG_URL = `https://www.ice.gov/sites/default/files/documents/Report/2013/${'secure-communities-monthly-statistics-through-'.repeat(4)}fy2013.pdf`;

const SCREENS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

/**
 * Whether a person sees the element: its box inside the viewport, and nothing drawn over its
 * middle (a sheet, a toast). No scrolling on the test's side: Playwright's own actions scroll
 * elements into view, which is how an off-screen form once passed.
 */
async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  if (!box || box.width === 0 || box.height === 0) return false;
  if (box.x < 0 || box.y < 0 || box.x + box.width > viewport.width + 0.5 || box.y + box.height > viewport.height + 0.5) return false;
  return locator.evaluate((el, [x, y]) => {
    // The selection's own toolbar floats over the text it belongs to; anything else covering counts.
    const top = document.elementsFromPoint(x!, y!).find((e) => el.contains(e) || !e.closest('.selection-toolbar')) ?? null;
    return top !== null && (el === top || el.contains(top));
  }, [box.x + box.width / 2, box.y + box.height / 2]);
}

const expectOnScreen = (page: Page, locator: Locator) => expect.poll(() => onScreen(page, locator), { timeout: 3000 }).toBe(true);

/** Whether the focused element is inside `selector`. */
const focusIn = (page: Page, selector: string) => page.evaluate((s) => document.activeElement?.closest(s) !== null && document.activeElement !== document.body, selector);

/**
 * Scrolls the text with the mouse wheel, as a person does, until the paragraph holding `text`
 * is in sight: in the part of the desk an open form's sheet leaves uncovered.
 */
async function scrollToText(page: Page, text: string, scope: string): Promise<void> {
  const paragraph = page.locator(`${scope} p`, { hasText: text }).first();
  const viewport = page.viewportSize()!;
  for (let turn = 0; turn < 60 && !(await onScreen(page, paragraph)); turn++) {
    const desk = (await page.locator('.desk').boundingBox())!;
    const reader = (await page.locator(scope).boundingBox())!;
    const box = (await paragraph.boundingBox())!;
    const x = Math.min(Math.max(reader.x + reader.width / 2, 10), viewport.width - 10);
    await page.mouse.move(x, desk.y + 30);
    await page.mouse.wheel(0, Math.max(-500, Math.min(500, box.y - desk.y - 24)));
    await page.waitForFunction(() => new Promise((done) => requestAnimationFrame(() => done(true))));
  }
  expect(await onScreen(page, paragraph)).toBe(true);
}

/** Selects `text` as a drag over it would, without moving the page. */
async function select(page: Page, text: string, scope: string): Promise<void> {
  await page.evaluate(
    ({ text, scope }) => {
      const root = document.querySelector<HTMLElement>(scope)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        root.focus({ preventScroll: true });
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error(`"${text}" is not in ${scope}`);
    },
    { text, scope },
  );
}

const selected = (page: Page) => page.evaluate(() => getSelection()?.toString() ?? '');

describe.skipIf(!browserAvailable())('the annotation form opens where the person is looking, and takes the focus', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let importer: TestClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    importer = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Importer'));
    await synced(importer);
    const file = path.join(repoRoot, 'test/fixtures/priority-enforcement-memo.md');
    const fixture = loadDocument(file, fs.readFileSync(file, 'utf8'), { order: 20 });
    importer.workspace.addDocument(fixture.meta, fixture.doc, 'import');
    pages = await BrowserPages.launch();
  });

  afterAll(async () => {
    await pages?.close();
    importer?.destroy();
    await server?.close();
    data?.cleanup();
  });

  for (const { name, viewport } of SCREENS) {
    describe(`at ${viewport.width}×${viewport.height} (${name})`, () => {
      const phone = viewport.width < 1100;
      let page: Page;
      const form = () => page.locator('.composer-panel');
      // Both screens write in the same workspace: a card is found by its author too.
      const card = (kind: string, text: string) => page.locator(`.card[data-kind="${kind}"][aria-label$="by Reader on a ${name}"]`, { hasText: text });
      const shot = (step: string) => pages.shot(page, `annotation-form-${name}-${step}`);

      /** On a phone the text is behind the Read tab once a saved card has been shown. */
      const toText = async () => {
        if (phone) await page.locator('.panel-tabs').getByRole('button', { name: 'Read' }).click();
        await scrollToText(page, LAST, NOTICE);
        await select(page, LAST, NOTICE);
      };

      /** The form is on screen and holds the focus; Escape closes it and gives the focus back to the selection. */
      const opensInViewAndEscapes = async (step: string) => {
        await form().waitFor();
        await expectOnScreen(page, form());
        expect(await focusIn(page, '.composer-panel')).toBe(true);
        await shot(step);
        await page.keyboard.press('Escape');
        await expect.poll(() => form().count()).toBe(0);
        expect(await focusIn(page, `${NOTICE}`)).toBe(true);
        expect(await selected(page)).toBe(LAST);
      };

      const savesWithCtrlEnter = async (kind: string, text: string) => {
        expect(await focusIn(page, '.composer-panel')).toBe(true);
        await page.keyboard.press('Control+Enter');
        await expect.poll(() => form().count()).toBe(0);
        await card(kind, text).waitFor();
        await shot(`${kind}-saved`);
        await expectOnScreen(page, card(kind, text));
      };

      beforeAll(async () => {
        page = await pages.signIn(server, WORKSPACE, 'editor', `Reader on a ${name}`, viewport);
        await page.locator(`${NOTICE} p`).first().waitFor();
      });

      it('opens a critique from the toolbar beside the last paragraph, focused, typed into; Escape returns to the selection', async () => {
        await toText();
        const toolbar = page.locator('.selection-toolbar');
        await expectOnScreen(page, toolbar);
        await toolbar.getByRole('button', { name: 'Critique' }).click();
        await form().waitFor();
        await expectOnScreen(page, form());
        // What the person types lands in the form.
        await page.keyboard.type('Removals, not convictions');
        expect(await form().locator('textarea').first().inputValue()).toBe('Removals, not convictions');
        await shot('critique');
        await page.keyboard.press('Escape');
        await expect.poll(() => form().count()).toBe(0);
        expect(await focusIn(page, NOTICE)).toBe(true);
        expect(await selected(page)).toBe(LAST);

        // Nothing typed is lost to a stray Escape: the toast reopens the form as it was.
        await page.locator('.toast').getByRole('button', { name: 'Reopen' }).click();
        await expectOnScreen(page, form());
        expect(await form().locator('textarea').first().inputValue()).toBe('Removals, not convictions');
        await savesWithCtrlEnter('critique', 'Removals, not convictions');
        expect(await focusIn(page, '.card[data-kind="critique"]')).toBe(true);
      });

      it('opens a question with Alt+Shift+Q, and saves it with Ctrl+Enter', async () => {
        await toText();
        await page.keyboard.press('Alt+Shift+Q');
        await opensInViewAndEscapes('question');
        // The focus came back to the text: the shortcut works again at once.
        await page.keyboard.press('Alt+Shift+Q');
        await expectOnScreen(page, form());
        await page.keyboard.type('Which priorities, and who set them?');
        await savesWithCtrlEnter('question', 'Which priorities, and who set them?');
      });

      it('opens a citation in view, with a long address wrapped inside the form and the card', async () => {
        await toText();
        await page.locator('.selection-toolbar').getByRole('button', { name: 'Cite' }).click();
        await opensInViewAndEscapes('citation');
        await page.keyboard.press('Alt+Shift+C');
        await expectOnScreen(page, form());
        await form().getByLabel('Title').fill('Secure Communities monthly statistics');
        await form().getByLabel('URL', { exact: true }).fill(LONG_URL);
        const preview = form().locator('.citation-preview');
        await expect.poll(() => preview.textContent()).toContain('monthly statistics');
        const [panel, shown] = [await form().boundingBox(), await preview.boundingBox()];
        expect(shown!.x + shown!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
        expect(await form().evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
        await shot('citation-long-url');
        await savesWithCtrlEnter('citation', 'monthly statistics');
        const saved = card('citation', 'monthly statistics');
        expect(await saved.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
        const [cardBox, referenceBox] = [await saved.boundingBox(), await saved.locator('.reference').boundingBox()];
        expect(referenceBox!.x + referenceBox!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);
      });

      it('opens a comparison in view, names the other document and says which does what to which', async () => {
        await toText();
        await page.keyboard.press('Alt+Shift+M');
        await opensInViewAndEscapes('comparison');
        await page.keyboard.press('Alt+Shift+M');
        await expectOnScreen(page, form());
        await form().getByLabel('Document').selectOption(MEMO_ID);
        await page.locator(`${BESIDE} p`).first().waitFor();
        // The form stays in view while the other text opens beside.
        await expectOnScreen(page, form());
        expect(await form().locator('.field-label', { hasText: 'Relation' }).textContent()).toBe('Relation: what Priority Enforcement Program (fixture) does to this passage');
        expect(await form().getByLabel('Relation').locator('option[value="retains"]').textContent()).toBe('retains this passage');
        await shot('comparison-opened-beside');
        await scrollToText(page, 'The FBI will continue to share', BESIDE);
        await select(page, 'The FBI will continue to share the fingerprints', BESIDE);
        await form().locator('.target-chosen').waitFor();
        // With the focus in the text beside, the shortcut goes back to the open form instead of starting another.
        await page.keyboard.press('Alt+Shift+M');
        expect(await focusIn(page, '.composer-panel')).toBe(true);
        await form().getByLabel('Relation').selectOption('narrows');
        expect(await form().locator('.relation-reading').textContent()).toMatch(/^Reads Priority Enforcement Program \(fixture\) .*narrows Secure Communities ¶ \d+$/);
        await expectOnScreen(page, form());
        await shot('comparison-beside');
        await savesWithCtrlEnter('comparison', 'The FBI will continue to share');
        expect(await card('comparison', 'The FBI will continue to share').locator('.relation').textContent()).toMatch(/^Priority Enforcement Program \(fixture\) .*narrows this passage:$/);
        if (phone) await page.locator('.panel-tabs').getByRole('button', { name: 'Read' }).click();
        await page.getByRole('button', { name: 'Close' }).click();
        await page.waitForURL(`**/d/${NOTICE_ID}`);
      });

      it('opens Edit of the last paragraph’s critique in view; Escape returns to Edit, Ctrl+Enter saves', async () => {
        const critique = card('critique', 'Removals, not convictions');
        if (phone) await page.locator('.panel-tabs').getByRole('button', { name: 'Annotations' }).click();
        const edit = critique.getByRole('button', { name: 'Edit' });
        await edit.click();
        await form().waitFor();
        await expectOnScreen(page, form());
        expect(await focusIn(page, '.composer-panel')).toBe(true);
        await shot('edit');
        await page.keyboard.press('Escape');
        await expect.poll(() => form().count()).toBe(0);
        expect(await edit.evaluate((el) => el === document.activeElement)).toBe(true);
        await page.keyboard.press('Enter');
        await expectOnScreen(page, form());
        await form().locator('textarea').first().fill('Removals, not convictions: ICE counts both.');
        await savesWithCtrlEnter('critique', 'ICE counts both');
      });

      it('raised no error in the page', () => {
        expect(pages.errors).toEqual([]);
      });
    });
  }

  it('shows the Annotations panel on the first tap on a phone', async () => {
    const page = await pages.signIn(server, WORKSPACE, 'annotator', 'First Tap', { width: 390, height: 844 });
    await page.locator(`${NOTICE} p`).first().waitFor();
    const tab = page.locator('.panel-tabs').getByRole('button', { name: 'Annotations' });
    await tab.click();
    // The tab's own navigation (the workspace's address becoming the notice's) must not reset it.
    await page.waitForURL(`**/w/${WORKSPACE}/d/${NOTICE_ID}`);
    await expectOnScreen(page, page.locator('.annotations .annotations-controls'));
    expect(await tab.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator(`${NOTICE}`).isVisible()).toBe(false);
    await pages.shot(page, 'annotation-form-phone-first-tap');
  });

  it('reads a comparison written from the later document as the crosswalk does, whichever side is on the left', async () => {
    const page = await pages.signIn(server, WORKSPACE, 'editor', 'Sam Swap');
    await page.goto(`${server.url}/w/${WORKSPACE}/d/${NOTICE_ID}?beside=${MEMO_ID}`);
    await page.locator(`${BESIDE} p`).first().waitFor();
    await page.getByRole('button', { name: 'Swap sides', exact: true }).click();
    await page.waitForURL(`**/d/${MEMO_ID}?beside=${NOTICE_ID}`);
    await page.locator(`${BESIDE} p`).first().waitFor();

    await select(page, 'Secure Communities as we know it is discontinued', NOTICE);
    await page.keyboard.press('Alt+Shift+M');
    const form = page.locator('.composer-panel');
    await expectOnScreen(page, form);
    // From the later document the relation is said of this passage, with the notice named.
    expect(await form.locator('.field-label', { hasText: 'Relation' }).textContent()).toBe('Relation: what this passage does to Secure Communities');
    expect(await form.getByLabel('Relation').locator('option[value="replaces"]').textContent()).toBe('replaces Secure Communities');
    await select(page, 'Secure Communities is a simple and common sense way', BESIDE);
    await form.locator('.target-chosen').waitFor();
    await form.getByLabel('Relation').selectOption('replaces');
    const reading = (await form.locator('.relation-reading').textContent())!;
    const notice = /Secure Communities (¶ \d+)$/.exec(reading)?.[1];
    expect(notice).toBeDefined();
    await pages.shot(page, 'annotation-form-swapped-compare');
    await form.getByLabel('Relation').press('Control+Enter');
    const written = page.locator('.card[data-kind="comparison"]', { hasText: 'as we know it' });
    await written.waitFor();
    expect(await written.locator('.relation').textContent()).toBe(`This passage replaces Secure Communities ${notice}:`);

    // Sides swapped back, the notice on the left: the one record reads the same.
    await page.getByRole('button', { name: 'Swap sides', exact: true }).click();
    await page.waitForURL(`**/d/${NOTICE_ID}?beside=${MEMO_ID}`);
    await expect.poll(() => written.locator('.relation').textContent()).toBe(`This passage replaces Secure Communities ${notice}:`);
    await pages.shot(page, 'annotation-form-swapped-back');

    // The notice read alone still shows it: its passage marked, the card beside it, read the same way.
    await page.goto(`${server.url}/w/${WORKSPACE}/d/${NOTICE_ID}`);
    const id = await written.getAttribute('data-annotation-id');
    const target = page.locator(`${NOTICE} [data-target-of="${id}"]`);
    await target.first().waitFor();
    expect(await target.first().textContent()).toContain('Secure Communities is a simple');
    await expect.poll(() => written.locator('.relation').textContent()).toBe(`This passage replaces Secure Communities ${notice}:`);
    await pages.shot(page, 'annotation-form-swapped-notice-alone');

    // And the crosswalk: the notice's paragraph, in the memo's column.
    await page.getByRole('link', { name: 'Crosswalk', exact: true }).click();
    const cell = page.locator(`.matrix tbody tr[data-pinpoint="${notice}"] td[data-document-id="${MEMO_ID}"]`);
    await expect.poll(() => cell.textContent()).toContain('replaces');
    await pages.shot(page, 'annotation-form-swapped-crosswalk');

    // And the as-of view: the notice's paragraph listed as replaced, by the memo.
    await page.goto(`${server.url}/w/${WORKSPACE}/as-of?date=2026-01-01`);
    const asOf = page.locator(`.as-of-group[data-status="replaces"] li[data-pinpoint="${notice}"]`);
    await asOf.waitFor();
    expect(await asOf.locator('.as-of-by').textContent()).toMatch(/^by Priority Enforcement Program/);
    await pages.shot(page, 'annotation-form-swapped-as-of');
  });

  it('undoes an accepted suggestion from its toast, and sets the accepted passage’s other candidates below', async () => {
    const page = await pages.signIn(server, WORKSPACE, 'editor', 'Sue Suggest');
    await page.goto(`${server.url}/w/${WORKSPACE}/d/${NOTICE_ID}?beside=${MEMO_ID}`);
    await page.locator(`${BESIDE} p`).first().waitFor();
    await page.getByRole('tab', { name: /Suggestions/ }).click();
    const first = page.locator('.suggestion-list > .suggestion-group').first();
    await first.waitFor();
    const groupOf = async (group: Locator) => (await group.locator('.suggestion').first().getAttribute('data-suggestion-key'))!.split('.')[0];
    const accepted = await groupOf(first);
    const before = await page.locator('.connectors .connector').count();
    await first.locator('.suggestion').first().getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.locator('.connectors .connector').count()).toBe(before + 1);
    // The decided passage no longer heads the list.
    const top = page.locator('.suggestion-list > .suggestion-group').first();
    if ((await top.count()) > 0) expect(await groupOf(top)).not.toBe(accepted);
    const toast = page.locator('.toast');
    expect(await toast.textContent()).toContain('Comparison recorded');
    await expectOnScreen(page, toast);
    await pages.shot(page, 'annotation-form-suggestion-accepted');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.connectors .connector').count()).toBe(before);
    expect(await groupOf(page.locator('.suggestion-list > .suggestion-group').first())).toBe(accepted);
  });

  it('says an imported annotation it could not place was not found, not that its text was deleted', async () => {
    importer.workspace.annotations().create(
      {
        id: 'imported-unplaced',
        author: { id: 'hyp-1', name: 'Hypothesis Reader' },
        passage: {
          documentId: NOTICE_ID,
          start: {},
          end: {},
          quote: { type: 'TextQuoteSelector', exact: 'a sentence the notice never had', prefix: '', suffix: '' },
          position: { type: 'TextPositionSelector', start: 10, end: 41 },
        },
        content: { kind: 'critique', body: 'Imported from another tool.', tags: [] },
      },
      'import',
    );
    await whenDoc(importer.ydoc, () => importer.workspace.annotations().get('imported-unplaced') !== undefined);
    const page = await pages.signIn(server, WORKSPACE, 'editor', 'Ida Import');
    const orphan = page.locator('.orphans .card[data-annotation-id="imported-unplaced"]');
    await orphan.waitFor();
    const text = (await page.locator('.orphans').textContent())!;
    expect(text).not.toContain('deleted');
    expect(text).toContain('could not be placed in this text');
    expect(await orphan.textContent()).toContain('a sentence the notice never had');
    expect(await orphan.locator('.health').textContent()).toBe('Not placed');
    await orphan.scrollIntoViewIfNeeded();
    await pages.shot(page, 'annotation-form-imported-unplaced');
  });

  it('raised no error in any page', () => {
    expect(pages.errors).toEqual([]);
  });
});
