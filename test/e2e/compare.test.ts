import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { servePages } from '../support/web-server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { repoRoot } from '../support/paths.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const MEMO = 'memo-2014-11-20-secure-communities';

// The later policy as a web page: the fixture memo's body in the chrome an official site wraps around it.
function memoPage(): string {
  const source = fs.readFileSync(path.join(repoRoot, 'test/fixtures/alignment/replacement-program-memo.md'), 'utf8');
  const body = new MarkdownIt().render(source.replace(/^---[\s\S]*?\n---\n/, ''));
  return `<!doctype html><html><head><title>Memo</title><script>window.evil = 1</script></head>
<body><nav><a href="/">Home</a> · Site navigation</nav><main>${body}</main><footer>Privacy policy</footer></body></html>`;
}

describe.skipIf(!browserAvailable())('the compare view: a later policy from the web beside the notice', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let web: Awaited<ReturnType<typeof servePages>>;
  let webUrl: string;
  let pages: BrowserPages;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { fetchAllow: ['127.0.0.1'] });
    web = await servePages({ '/memo.html': { type: 'text/html; charset=utf-8', body: memoPage() } });
    webUrl = web.url;
    pages = await BrowserPages.launch();
  });
  afterAll(async () => {
    await pages?.close();
    await server?.close();
    await web?.close();
    data?.cleanup();
  });

  it('imports the memo from a URL, accepts a suggestion, and a second member sees the connector and the table cell', async () => {
    const olive = await pages.signIn(server, WORKSPACE, 'owner', 'Olive Owner');
    await olive.locator(`.timeline-item[data-document-id="${MEMO}"] a`).click();
    await olive.getByLabel('Web address of the text').fill(`${webUrl}/memo.html`);
    await olive.getByRole('button', { name: 'Fetch and add' }).click();
    await expect.poll(() => olive.locator('.reader .prose').textContent()).toContain('The Federal Bureau of Investigation will keep forwarding');

    // A second member already has the pair open: what Olive accepts must reach them live.
    const ben = await pages.signIn(server, WORKSPACE, 'annotator', 'Ben Annotator');
    await ben.goto(`${server.url}/w/${WORKSPACE}/d/${NOTICE}?beside=${MEMO}`);
    await ben.locator('.reader-beside .prose p').first().waitFor();
    expect(await ben.locator('.connectors .connector').count()).toBe(0);

    await olive.locator(`.timeline-item[data-document-id="${NOTICE}"] a`).click();
    await olive.getByLabel('Compare with').selectOption(MEMO);
    await olive.locator('.reader-beside .prose p').first().waitFor();
    await olive.getByRole('tab', { name: /Suggestions/ }).click();

    // The notice's fingerprint sentence is suggested with the memo's, and the word diff shows what they share.
    for (const more of await olive.locator('.suggestion-more').all()) await more.click();
    const fingerprints = olive.locator('.suggestion').filter({ hasText: 'automatically sends the fingerprints' }).filter({ hasText: 'keep forwarding' }).first();
    await fingerprints.waitFor();
    const shared = (await fingerprints.locator('.suggestion-diff p').first().locator('span:not(.suggestion-side)').allTextContents()).join('');
    expect(shared).toContain('fingerprints');
    expect(await fingerprints.locator('.suggestion-diff p').first().locator('del').count()).toBeGreaterThan(0);
    expect(await fingerprints.locator('.suggestion-score').textContent()).toMatch(/\d+% match/);
    await fingerprints.getByRole('button', { name: /→/ }).click();
    await olive.locator('.connectors .relation-suggested').waitFor();
    await pages.shot(olive, 'compare-suggestions');

    await fingerprints.getByLabel('The passage beside').selectOption('retains');
    await fingerprints.getByRole('button', { name: 'Accept' }).click();
    await olive.locator('.connectors .connector.relation-retains').waitFor();
    const comparisonId = await olive.locator('.connectors .connector.relation-retains').getAttribute('data-comparison-id');
    expect(comparisonId).toMatch(/^ann-/);

    // Ben: the connector is drawn between the two passages, live; clicking it focuses the comparison.
    await ben.locator(`.connectors [data-comparison-id="${comparisonId}"]`).waitFor();
    expect(await ben.locator(`.reader-beside [data-target-of="${comparisonId}"]`).textContent()).toContain('fingerprints');
    // The passage sits at the foot of the screen: Ben scrolls down to it, as a reader would.
    await ben.mouse.move(500, 600);
    await ben.mouse.wheel(0, 400);
    const hitArea = ben.locator(`.connectors [data-comparison-id="${comparisonId}"] .connector-hit`);
    await expect.poll(async () => ((await hitArea.boundingBox())?.y ?? 9999) < 700).toBe(true);
    await hitArea.click({ force: true });
    await expect.poll(() => ben.locator('.card-focused').getAttribute('data-annotation-id')).toBe(comparisonId);
    await pages.shot(ben, 'compare-connector');

    // Olive dismisses another suggestion: it leaves Ben's list too, and he can see who set it aside.
    const other = olive.locator('.suggestion').first();
    const otherKey = await other.getAttribute('data-suggestion-key');
    await other.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => olive.locator(`.suggestion[data-suggestion-key="${otherKey}"]`).count()).toBe(0);
    await ben.getByRole('tab', { name: /Suggestions/ }).click();
    await ben.locator('.suggestions-dismissed summary').click();
    expect(await ben.locator('.suggestions-dismissed li').first().textContent()).toContain('dismissed by Olive Owner');
    expect(await ben.locator(`.suggestion[data-suggestion-key="${otherKey}"]`).count()).toBe(0);

    // The crosswalk table: the notice's ¶ 3 against the memo holds the accepted relation.
    await ben.getByRole('link', { name: 'Crosswalk', exact: true }).click();
    const cell = ben.locator(`.matrix tbody tr[data-pinpoint="¶ 3"] td[data-document-id="${MEMO}"]`);
    await expect.poll(() => cell.textContent()).toContain('retains');
    await pages.shot(ben, 'compare-matrix');

    const narrow = await pages.signIn(server, WORKSPACE, 'viewer', 'Nora Narrow', { width: 390, height: 844 });
    await narrow.goto(`${server.url}/w/${WORKSPACE}/d/${NOTICE}?beside=${MEMO}`);
    await narrow.getByRole('button', { name: 'Annotations' }).click();
    await narrow.getByRole('tab', { name: /Suggestions/ }).click();
    await narrow.locator('.suggestion').first().waitFor();
    // Viewers read the suggestions but cannot accept or dismiss them.
    expect(await narrow.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    await pages.shot(narrow, 'compare-suggestions-narrow');
    expect(pages.errors).toEqual([]);
  });
});
