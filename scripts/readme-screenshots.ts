/**
 * Retakes the README's screenshots from a real server, so they can be refreshed whenever the UI
 * changes:
 *
 *     npx vite build && npm run screenshots
 *
 * It starts a server on a temporary data folder, brings in the texts (the fixture memo, and
 * Executive Orders 14159 and 13993 when ../shared/policies/ is beside the repository), has three
 * named members annotate the notice (each through a stock client with their own token, so every
 * annotation is recorded under its author's id, and one through the app's own form), then opens
 * the app in Chromium and writes docs/screenshot*.png. A step that does not find what it expects
 * stops the script with a message and a non-zero exit.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TextIndex, describePassage, pmPos, type AnnotationContent, type ComparisonRelation, type Passage, type Person, type Role } from '../core/index.js';
import { loadDocument } from '../core/text/index.js';
import type { CrosswalkServer } from '../server/app.js';
import { paths } from '../server/config.js';
import { slugOf } from '../server/credentials.js';
import { startTestServer, tempDataDir } from '../test/support/server.js';
import { BrowserPages, browserAvailable } from '../test/support/browser.js';
import { connectClient, synced, whenDoc, type TestClient } from '../test/support/clients.js';
import { selectText } from '../test/support/page-helpers.js';
import { repoRoot, sharedDir } from '../test/support/paths.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const MEMO = 'priority-enforcement-memo';
const EO_14159 = 'eo-14159';
const EO_13993 = 'eo-13993';
const POLICIES = path.join(sharedDir, 'policies');
const POLICY_FILES: Record<string, string> = {
  [EO_14159]: '2025-01-20-eo-14159-protecting-american-people-against-invasion.md',
  [EO_13993]: '2021-01-20-eo-13993-revision-civil-immigration-enforcement.md',
};
const OUT = path.join(repoRoot, 'docs');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1920, height: 1080 };
const READER = '.reader-column:not(.reader-beside) .prose';
const BESIDE = '.reader-beside .prose';

/** The members who annotate. Olive owns the workspace and has a password, so the app does not ask her to finish setting up. */
const OLIVE = { name: 'Olive Owens', role: 'owner' as Role, password: 'screenshots only, not a secret' };
const ANA = { name: 'Ana Alvarez', role: 'editor' as Role };
const BEN = { name: 'Ben Brooks', role: 'editor' as Role };
const CARLA = { name: 'Carla Reyes', role: 'annotator' as Role };
const person = (member: { name: string }): Person => ({ id: slugOf(member.name), name: member.name });

class StepFailed extends Error {}
function fail(message: string): never {
  throw new StepFailed(message);
}

/** Runs one step, naming it in the log and in the error that stops the script. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await run();
    console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    throw new StepFailed(`${name}: ${(error as Error).message}`);
  }
}

/** A passage of a document by its words, whatever the spacing and line breaks of the source (the orders' web text has double spaces). */
function passage(client: TestClient, documentId: string, quote: string): Passage {
  const index = new TextIndex(client.workspace.documentText(documentId));
  const pattern = new RegExp(quote.trim().split(/\s+/).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'));
  const found = pattern.exec(index.text);
  if (!found) fail(`“${quote}” is not in ${documentId}`);
  const from = index.pmOfText(found.index as never);
  if (from === null || from === undefined) fail(`no position for “${quote}” in ${documentId}`);
  const described = describePassage(documentId, index, from, pmPos(from + found[0].length));
  if (!described || described.quote.exact.replace(/\s+/g, ' ') !== found[0].replace(/\s+/g, ' ')) fail(`“${quote}” in ${documentId} spans more than one paragraph`);
  return described;
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();

/** A member's own program: a stock y-websocket client with a bearer token issued to their name, so what it writes is theirs. */
async function memberClient(server: CrosswalkServer, member: { name: string; role: Role }): Promise<TestClient> {
  const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, member.role, member.name));
  client.provider.on('connection-close', (event) => {
    if (event && event.code >= 4000) console.error(`  ! the server closed ${member.name}'s connection: ${event.code} ${event.reason}`);
  });
  await synced(client);
  return client;
}

/** Uploads a later order onto its catalogue entry through the HTTP upload route, as a person's file would arrive. */
async function upload(server: CrosswalkServer, token: string, catalogueId: string, file: string): Promise<void> {
  const response = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/documents/upload?${new URLSearchParams({ fileName: path.basename(file), catalogueId })}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/markdown' },
    body: fs.readFileSync(file),
  });
  if (response.status !== 201) fail(`uploading ${path.basename(file)} answered ${response.status}: ${await response.text()}`);
}

interface Texts {
  orders: boolean;
}

async function bringInTexts(server: CrosswalkServer, olive: TestClient): Promise<Texts> {
  await step('the fixture memo, added from an owner’s client', async () => {
    const file = path.join(repoRoot, 'test/fixtures/priority-enforcement-memo.md');
    const memo = loadDocument(file, fs.readFileSync(file, 'utf8'), { order: 20 });
    olive.workspace.addDocument(memo.meta, memo.doc, 'import');
    await whenDoc(olive.ydoc, () => olive.workspace.documentText(MEMO).length > 0);
  });
  const orders = fs.existsSync(POLICIES);
  if (!orders) {
    console.log(`  – ${POLICIES} is not there: the screenshots show the notice and the fixture memo only`);
    return { orders };
  }
  const token = server.credentials.createBearerToken(WORKSPACE, 'owner', OLIVE.name);
  for (const [id, name] of Object.entries(POLICY_FILES)) {
    await step(`${id} uploaded onto its catalogue entry`, async () => {
      const file = path.join(POLICIES, name);
      if (!fs.existsSync(file)) fail(`${file} is missing`);
      await upload(server, token, id, file);
      await whenDoc(olive.ydoc, () => olive.workspace.document(id)?.imported === true && olive.workspace.documentText(id).length > 0);
    });
  }
  return { orders };
}

type Draft = { id: string; on: [string, string]; content: AnnotationContent; hoursAgo: number };

/** What the group has written before the screenshots: every kind, replies, reactions, comparisons from both sides. */
async function annotate(server: CrosswalkServer, olive: TestClient, texts: Texts): Promise<void> {
  const ana = await memberClient(server, ANA);
  const ben = await memberClient(server, BEN);
  const carla = await memberClient(server, CARLA);
  const write = (client: TestClient, member: { name: string }, draft: Draft) =>
    client.workspace.annotations().create({ id: draft.id, author: person(member), passage: passage(client, ...draft.on), content: draft.content, created: hoursAgo(draft.hoursAgo) }, 'local');
  const compare = (client: TestClient, to: [string, string], relation: ComparisonRelation, body: string, tags: string[] = []): AnnotationContent => ({
    kind: 'comparison',
    body,
    tags,
    comparison: { relation, target: passage(client, ...to) },
  });
  const reply = (client: TestClient, member: { name: string }, id: string, replyId: string, body: string, hours: number) =>
    client.workspace.annotations().addReply(id, { id: replyId, author: person(member), body, created: hoursAgo(hours) }, 'local');

  await step('annotations by Ana, Ben and Carla, each from their own client', async () => {
    // Ana: the numbers, and where they come from.
    write(ana, ANA, {
      id: 'ana-removals',
      on: [NOTICE, '283,000 convicted criminal aliens'],
      content: {
        kind: 'critique',
        category: 'factual-claim',
        tags: ['numbers'],
        body: 'Removal is **not** conviction: the figure counts people removed *after* a fingerprint match, and the page gives no breakdown by offence.',
      },
      hoursAgo: 70,
    });
    write(ana, ANA, {
      id: 'ana-jurisdictions',
      on: [NOTICE, '3,181 jurisdictions'],
      content: {
        kind: 'citation',
        body: 'ICE’s own list of activated jurisdictions, by state and date.',
        tags: ['numbers'],
        citation: {
          source: { type: 'report', title: 'Secure Communities: Activated Jurisdictions', author: [{ literal: 'U.S. Immigration and Customs Enforcement' }], issued: { 'date-parts': [[2013, 1, 22]] }, URL: 'https://www.ice.gov/secure-communities' },
          locator: 'p. 1',
        },
      },
      hoursAgo: 68,
    });
    write(ana, ANA, {
      id: 'ana-fingerprints',
      on: [NOTICE, 'the FBI automatically sends the fingerprints to DHS'],
      content: compare(ana, [MEMO, 'The FBI will continue to share the fingerprints'], 'retains', 'The data sharing outlives the program: only what ICE does with a match changes.', ['fingerprints']),
      hoursAgo: 50,
    });
    // Ben: what the priorities are, and who set them.
    write(ben, BEN, {
      id: 'ben-priorities',
      on: [NOTICE, 'ICE must set sensible priorities'],
      content: { kind: 'question', tags: ['seminar'], body: 'Whose priorities? The page cites no memo, yet the **November 2014 Johnson memoranda** had already rewritten them. Which list is this?' },
      hoursAgo: 46,
    });
    // Written from the memo's side: the later text acts on the notice all the same.
    write(ben, BEN, {
      id: 'ben-transfers',
      on: [MEMO, 'ICE will seek the transfer of a removable individual only when that individual has been convicted'],
      content: compare(ben, [NOTICE, 'ICE takes enforcement action'], 'narrows', 'Transfers only after a *conviction* for a listed offence, where the notice acted on any match.', ['transfers']),
      hoursAgo: 44,
    });
    // Carla: what the page leaves out.
    write(carla, CARLA, {
      id: 'carla-requirements',
      on: [NOTICE, 'without imposing new or additional requirements on state and local law enforcement'],
      content: {
        kind: 'critique',
        category: 'civil-liberties',
        tags: ['detainers'],
        body: 'In practice the requirement is the **detainer**: jails were asked to hold people past their release date so ICE could collect them.\n\n- No warrant\n- No judge',
      },
      hoursAgo: 30,
    });
    write(carla, CARLA, {
      id: 'carla-completed',
      on: [NOTICE, 'Full implementation was completed on January 22, 2013'],
      content: { kind: 'question', tags: [], body: 'Completed over the objections of the states that asked to opt out (Illinois, New York, Massachusetts)?' },
      hoursAgo: 28,
    });
    if (texts.orders) {
      write(ben, BEN, {
        id: 'ben-all-aliens',
        on: [NOTICE, 'ICE prioritizes the removal of criminal aliens, those who pose a threat to public safety, and repeat immigration violators'],
        content: compare(ben, [EO_14159, 'faithfully execute the immigration laws against all inadmissible and removable aliens'], 'broadens', 'From three priorities to *all* removable aliens.', ['priorities']),
        hoursAgo: 26,
      });
      // From the order's side: Sec. 11 puts immigration functions in local hands.
      write(ana, ANA, {
        id: 'ana-287g',
        on: [EO_14159, 'to authorize State and local law enforcement officials'],
        content: compare(ana, [NOTICE, 'Only federal DHS officers make immigration enforcement decisions'], 'contradicts', '287(g) agreements let local officers act as immigration officers: the opposite of ¶ 5.', ['287g']),
        hoursAgo: 24,
      });
      write(carla, CARLA, {
        id: 'carla-funds',
        on: [NOTICE, 'Secure Communities imposes no new or additional requirements on state and local law enforcement'],
        content: compare(carla, [EO_14159, 'do not receive access to Federal funds'], 'contradicts', 'Sec. 17 ties federal money to cooperation: a requirement in all but name.', ['detainers']),
        hoursAgo: 20,
      });
      write(ana, ANA, {
        id: 'ana-priorities-2025',
        on: [NOTICE, 'ICE has set clear and common-sense priorities for immigration enforcement'],
        content: compare(ana, [EO_14159, 'to set priorities for their agencies that protect the public safety and national security interests'], 'replaces', 'The 2025 order leaves priorities to each agency head, with no list at all.', ['priorities']),
        hoursAgo: 22,
      });
      write(carla, CARLA, {
        id: 'carla-information',
        on: [NOTICE, 'the FBI automatically sends fingerprints of anyone arrested or booked by police'],
        content: compare(carla, [EO_14159, 'ensure that State and local governments are provided with the information necessary'], 'broadens', 'Sharing now runs both ways, and covers *status* checks, not only bookings.', ['fingerprints']),
        hoursAgo: 19,
      });
      write(ben, BEN, {
        id: 'ben-13993',
        on: [EO_13993, 'requires setting priorities to best serve the national interest'],
        content: compare(ben, [NOTICE, 'ICE must set sensible priorities'], 'retains', 'The 2021 order keeps the premise of ¶ 8: limited resources, so priorities.', ['priorities']),
        hoursAgo: 18,
      });
    }

    // Threads and reactions, each under its own author, once every author's client holds them all.
    const written = texts.orders ? 13 : 7;
    for (const client of [ana, ben, carla]) await whenDoc(client.ydoc, () => client.workspace.annotations().list().length === written);
    reply(ben, BEN, 'ana-removals', 'ben-r1', 'ICE’s own FY2013 report counts removals after *any* arrest, not only convictions.', 66);
    reply(ana, ANA, 'ana-removals', 'ana-r1', 'Yes: and “convicted” there includes immigration offences themselves.', 64);
    reply(ana, ANA, 'ben-priorities', 'ana-r2', 'The November 20, 2014 memo on prosecutorial discretion: Priority 1 to 3.', 40);
    reply(carla, CARLA, 'ben-priorities', 'carla-r1', 'But the page is dated **April 2015**, after those memos. It still describes the old list.', 36);
    reply(ben, BEN, 'carla-requirements', 'ben-r2', 'Courts agreed: several found detainer holds violated the Fourth Amendment.', 25);
    ben.workspace.annotations().toggleReaction('ana-removals', person(BEN), 'agree', 'local', hoursAgo(65));
    carla.workspace.annotations().toggleReaction('ana-removals', person(CARLA), 'plus-one', 'local', hoursAgo(35));
    ana.workspace.annotations().toggleReaction('ben-priorities', person(ANA), 'plus-one', 'local', hoursAgo(39));
    ana.workspace.annotations().toggleReaction('carla-requirements', person(ANA), 'agree', 'local', hoursAgo(24));
    ben.workspace.annotations().setStatus('carla-completed', 'resolved', 'local');
    // Seen by another member's client: the server took every one of them.
    await whenDoc(olive.ydoc, () => {
      const all = olive.workspace.annotations().list();
      return all.length === written && all.reduce((n, a) => n + a.replies.length, 0) === 5 && olive.workspace.annotations().get('carla-completed')?.status === 'resolved';
    });
  });
  for (const client of [ana, ben, carla]) client.destroy();
}

/** Scrolls the reading area so that `label`'s paragraph is at the top, as a reader scrolling would leave it. */
async function scrollToBlock(page: Page, label: string, offset = 16): Promise<void> {
  const block = page.locator(`${READER} [data-label="${label}"]`).first();
  await block.waitFor();
  await block.evaluate((el, off) => {
    const desk = el.closest('.desk')!;
    desk.scrollTop += el.getBoundingClientRect().top - desk.getBoundingClientRect().top - off;
  }, offset);
  await settle(page);
}

/** Two frames and a short pause: cards are placed beside their passages after layout. */
async function settle(page: Page, ms = 400): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))));
  await page.waitForTimeout(ms);
}

async function shoot(page: Page, name: string): Promise<void> {
  await settle(page);
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  console.log(`  → ${path.relative(repoRoot, file)}`);
}

/** Fails unless no banner or toast covers the page: what a screenshot must not show. */
async function expectNoBanner(page: Page): Promise<void> {
  const banners = await page.locator('.account-setup, .toast, .banner-error').count();
  if (banners > 0) fail('a banner or toast covers the page');
}

async function main(): Promise<void> {
  if (!browserAvailable()) fail('no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)');
  if (!fs.existsSync(path.join(paths.client, 'index.html'))) fail('the client is not built: run npx vite build first');
  const data = tempDataDir();
  let server: CrosswalkServer | undefined;
  let olive: TestClient | undefined;
  let pages: BrowserPages | undefined;
  try {
    server = await startTestServer(data.dir);
    const srv = server;
    console.log(`Server on ${srv.url}, data in ${data.dir}`);
    // Olive's account exists with a password before her first sign-in: no "finish setting up" banner.
    srv.accounts.createUser({ id: slugOf(OLIVE.name), username: slugOf(OLIVE.name), displayName: OLIVE.name, password: OLIVE.password });
    olive = await memberClient(srv, OLIVE);
    const texts = await bringInTexts(srv, olive);
    await annotate(srv, olive, texts);
    const later = texts.orders ? EO_14159 : MEMO;
    // Her program's connection would show in "Here now" beside her own sign-in.
    olive.destroy();
    olive = undefined;

    pages = await BrowserPages.launch();
    const browser = pages;
    const signIn = async (member: { name: string; role: Role }, viewport = DESKTOP) => {
      const page = await browser.signIn(srv, WORKSPACE, member.role, member.name, viewport);
      await page.locator('.reader .prose p').first().waitFor();
      return page;
    };

    const ben = await step('Ben signs in; Ana and Carla read along', async () => {
      const page = await signIn(BEN);
      await page.locator('.card').first().waitFor();
      return page;
    });
    const ana = await signIn(ANA);
    const carla = await signIn(CARLA, PHONE);

    await step('screenshot.png: the workspace, cards beside their passages', async () => {
      await ben.locator('[data-presence-name="Carla Reyes"]').waitFor();
      // The top of the notice: further down, the cards of the busy paragraphs above push theirs below their passages.
      await scrollToBlock(ben, '¶ 2');
      for (const kind of ['critique', 'comparison', 'citation', 'question']) {
        if ((await ben.locator(`${READER} .hl-${kind}`).count()) === 0) fail(`no ${kind} highlighted in the notice`);
      }
      await expectNoBanner(ben);
      await shoot(ben, 'screenshot.png');
    });

    await step('screenshot-narrow.png: the reader on a phone', async () => {
      await scrollToBlock(carla, '¶ 6', 8);
      if ((await carla.locator(`${READER} .hl-critique`).count()) === 0) fail('no critique highlighted on the phone');
      await expectNoBanner(carla);
      await shoot(carla, 'screenshot-narrow.png');
    });

    await step('screenshot-form.png: the annotation form beside a passage low in the notice', async () => {
      const quote = 'of which 98 percent fell into one of ICE’s stated civil immigration enforcement priorities';
      await scrollToBlock(ana, '¶ 9', 420);
      await selectText(ana, quote, READER);
      await ana.locator('.selection-toolbar').getByRole('button', { name: 'Critique' }).click();
      const form = ana.locator('.composer-panel');
      await form.waitFor();
      await form.locator('textarea').first().fill('98 percent of *what*? The priorities were widened in 2014: a moving target.');
      await form.locator('select').first().selectOption('data-and-methods');
      await form.locator('input[placeholder="numbers, framing"]').fill('numbers');
      const box = await form.boundingBox();
      if (!box || box.y < 0 || box.y + box.height > DESKTOP.height) fail('the form is not whole on screen');
      await shoot(ana, 'screenshot-form.png');
      await form.getByRole('button', { name: 'Save', exact: true }).click();
      await ana.locator('.card[data-kind="critique"]').filter({ hasText: '98 percent of' }).waitFor();
    });

    const owner = await step('Olive signs in', () => signIn(OLIVE));

    await step('screenshot-compare.png: the compare view with its suggestions', async () => {
      await owner.goto(`${srv.url}/w/${WORKSPACE}/d/${NOTICE}?beside=${later}`);
      await owner.locator(`${BESIDE} p`).first().waitFor();
      await owner.locator('.connectors .connector').first().waitFor();
      await owner.getByRole('tab', { name: /Suggestions/ }).click();
      // ¶ 8's "sensible priorities" against the order's Sec. 4, beside the comparison of ¶ 9 with the same section.
      await owner.locator('.suggestion').first().waitFor();
      const suggestion = texts.orders ? owner.locator('.suggestion').filter({ visible: true }).filter({ hasText: 'ICE must set sensible priorities' }).filter({ hasText: 'Civil Enforcement Priorities' }).first() : owner.locator('.suggestion').first();
      await suggestion.waitFor();
      await suggestion.locator('.suggestion-head button').click();
      await owner.locator('.connectors .relation-suggested').waitFor();
      // Its head below the sticky tabs, with the suggestion before it cut off above rather than this one.
      await suggestion.evaluate((el) => {
        let list = el.parentElement;
        while (list && getComputedStyle(list).overflowY !== 'auto' && getComputedStyle(list).overflowY !== 'scroll') list = list.parentElement;
        if (!list) throw new Error('the suggestions do not scroll');
        list.scrollTop += el.getBoundingClientRect().top - list.getBoundingClientRect().top - 120;
      });
      await expectNoBanner(owner);
      await shoot(owner, 'screenshot-compare.png');
    });

    await step('screenshot-crosswalk.png: the crosswalk table', async () => {
      await owner.goto(`${srv.url}/w/${WORKSPACE}/matrix`);
      await owner.locator('.matrix tbody tr').first().waitFor();
      const filled = await owner.locator('.matrix tbody td[data-document-id]').filter({ hasText: /\w/ }).count();
      const expected = texts.orders ? 7 : 1;
      if (filled < expected) fail(`the table has ${filled} filled cells, not ${expected}`);
      await shoot(owner, 'screenshot-crosswalk.png');
    });

    await step('screenshot-as-of.png: the corpus as of a day', async () => {
      const day = texts.orders ? '2025-06-01' : '2015-06-01';
      await owner.goto(`${srv.url}/w/${WORKSPACE}/as-of?date=${day}`);
      await owner.locator('.as-of-group').first().waitFor();
      await owner.locator('.as-of-documents li').first().waitFor();
      await shoot(owner, 'screenshot-as-of.png');
    });

    await step('screenshot-find.png: find in the texts, with results', async () => {
      await owner.goto(`${srv.url}/w/${WORKSPACE}`);
      await owner.locator('.reader .prose p').first().waitFor();
      await owner.getByRole('button', { name: 'Find in texts' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Find in the texts' });
      await dialog.getByRole('searchbox').fill('enforcement priorities');
      await dialog.locator('.find-hit').first().waitFor();
      const status = (await dialog.getByRole('status').textContent()) ?? '';
      if (!/in [2-9] documents/.test(status)) fail(`expected places in several documents, read “${status}”`);
      await shoot(owner, 'screenshot-find.png');
      await owner.keyboard.press('Escape');
    });

    await step('screenshot-document-settings.png: a document’s settings', async () => {
      await owner.goto(`${srv.url}/w/${WORKSPACE}/d/${later}`);
      await owner.locator('.reader .prose p').first().waitFor();
      const title = owner.locator(`.timeline-item[data-document-id="${later}"]`).getByRole('button', { name: /^Settings of/ });
      await title.scrollIntoViewIfNeeded();
      await title.click();
      const dialog = owner.getByRole('dialog', { name: 'Document settings' });
      await dialog.getByLabel('Title', { exact: true }).waitFor();
      await shoot(owner, 'screenshot-document-settings.png');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
    });

    await step('screenshot-import-preview.png: the workspace’s own W3C export, re-imported', async () => {
      const exported = await fetch(`${srv.url}/api/workspaces/${WORKSPACE}/export?format=w3c`, {
        headers: { authorization: `Bearer ${srv.credentials.createBearerToken(WORKSPACE, 'viewer', 'Exporter')}` },
      });
      if (exported.status !== 200) fail(`the W3C export answered ${exported.status}`);
      const file = path.join(data.dir, 'secure-communities.jsonld');
      fs.writeFileSync(file, await exported.text());
      await owner.locator('.topbar').getByRole('button', { name: 'Export' }).click();
      await owner.getByRole('tab', { name: 'Import' }).click();
      await owner.getByLabel('File').setInputFiles(file);
      const before = owner.getByRole('region', { name: 'Before importing' });
      await before.waitFor();
      const said = (await before.textContent()) ?? '';
      if (!said.includes('already here')) fail(`the preview does not say “already here”: ${said}`);
      await shoot(owner, 'screenshot-import-preview.png');
      await before.getByRole('button', { name: 'Cancel' }).click();
      await owner.getByRole('button', { name: 'Close' }).click();
    });

    await step('screenshot-projector.png: the projector during a session', async () => {
      await owner.goto(`${srv.url}/w/${WORKSPACE}`);
      await owner.locator('.reader .prose p').first().waitFor();
      await owner.getByRole('button', { name: /Seminar/ }).click();
      await owner.getByLabel('Session title').fill('Seminar, 3 December');
      await owner.getByRole('button', { name: 'Start a session' }).click();
      await owner.locator('.seminar-bar').getByText('You are facilitating').waitFor();
      const add = owner.getByLabel('Add an annotation');
      for (const body of ['Whose priorities?', 'In practice the requirement', 'Removal is']) {
        const value = await add.locator('option', { hasText: body }).first().getAttribute('value');
        if (!value) fail(`no agenda option for “${body}”`);
        await add.selectOption(value);
      }
      const items = owner.locator('.agenda-item');
      await owner.waitForFunction(() => document.querySelectorAll('.agenda-item').length === 3);
      await items.filter({ hasText: 'Whose priorities?' }).getByRole('button', { name: 'Discuss now' }).click();
      const projector = await browser.page('projector', PROJECTOR);
      await projector.context().addCookies(await owner.context().cookies());
      await projector.goto(`${srv.url}/w/${WORKSPACE}/projector`);
      await projector.locator('.projector-quote').getByText('ICE must set sensible priorities').waitFor();
      await projector.locator('.projector-thread').getByText('after those memos').waitFor();
      await shoot(projector, 'screenshot-projector.png');
    });

    if (browser.errors.length > 0) fail(`the pages raised errors:\n${browser.errors.join('\n')}`);
  } finally {
    await pages?.close();
    olive?.destroy();
    await server?.close();
    data.cleanup();
  }
}

main().then(
  () => {
    console.log('Screenshots written to docs/.');
    process.exit(0);
  },
  (error: unknown) => {
    console.error(`\nreadme-screenshots failed: ${error instanceof StepFailed ? error.message : (error as Error).stack ?? error}`);
    process.exit(1);
  },
);
