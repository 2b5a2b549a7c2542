import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { browserAvailable, launchBrowser, screenshotDir } from '../support/browser.js';
import { repoRoot } from '../support/paths.js';

/*
 * Pinpoints are drawn in the reader's margin, which its scrolling column clips: a long one once
 * lost its first letters ("ec. 3(a)", "9(a)"). For every labelled paragraph of an order with
 * four outline levels, the label must sit inside the column's visible box and each of its words
 * must fit the margin's width, so the whole label is read, in the single reader and side by side.
 */

const WORKSPACE = 'secure-communities';
const ORDER = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'pinpoints', 'fixture-order.txt'), 'utf8');

interface Gutter {
  label: string;
  /** How far the margin's left edge is inside the visible box of the column that clips it. */
  inside: number;
  /** The margin's width and the widest word of the label in the label's own font. */
  width: number;
  widestWord: number;
}

/** Every label of the reader at `scope`, measured where the stylesheet puts it. */
function gutters(page: Page, scope: string): Promise<Gutter[]> {
  return page.evaluate((scope) => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    const clipper = (el: Element): Element => {
      for (let at = el.parentElement; at; at = at.parentElement) if (getComputedStyle(at).overflowX !== 'visible') return at;
      return document.documentElement;
    };
    return Array.from(document.querySelectorAll<HTMLElement>(`${scope} .prose p[data-label]`), (p) => {
      const before = getComputedStyle(p, '::before');
      canvas.font = `${before.fontWeight} ${before.fontSize} ${before.fontFamily}`;
      const label = p.dataset.label!;
      const width = parseFloat(before.width);
      const rect = p.getBoundingClientRect();
      // `right: calc(100% + gap)` resolves to the paragraph's width plus the gap: the margin ends that far left of it.
      const gap = parseFloat(before.right) - rect.width;
      const marginLeft = rect.left - gap - width;
      const box = clipper(p).getBoundingClientRect();
      return {
        label,
        inside: marginLeft - Math.max(box.left, 0),
        width,
        widestWord: Math.max(...label.split(/\s+/).map((w) => canvas.measureText(w).width)),
      };
    });
  }, scope);
}

describe.skipIf(!browserAvailable())('pinpoints read whole in the margin', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    data = tempDataDir();
    server = await startTestServer(data.dir);
    browser = await launchBrowser();
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(server.ownerLink());
    await page.locator('.timeline-item[data-document-id="eo-14159"] a').click();
    await page.getByRole('tab', { name: 'Paste' }).click();
    await page.getByLabel('Text to paste').fill(ORDER);
    await page.getByRole('button', { name: 'Add the pasted text' }).click();
    await page.locator('.reader .prose p[data-label="Sec. 3(a)(ii)(A)"]').waitFor();
    await page.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    data?.cleanup();
  });

  const views = [
    { name: 'single reader at 1440×900', width: 1440, path: '/eo-14159', scope: '.reader' },
    { name: 'single reader at 1100×900', width: 1100, path: '/eo-14159', scope: '.reader' },
    { name: 'single reader at 1280×900', width: 1280, path: '/eo-14159', scope: '.reader' },
    { name: 'compare view at 1440×900', width: 1440, path: '/secure-communities?beside=eo-14159', scope: '.reader-beside' },
  ];
  for (const view of views) {
    it(`${view.name}: every label inside the column, no word wider than its margin`, async () => {
      const page = await (await browser.newContext({ viewport: { width: view.width, height: 900 } })).newPage();
      await page.goto(server.ownerLink());
      await page.goto(`${server.url}/w/${WORKSPACE}/d${view.path}`);
      await page.locator(`${view.scope} .prose p[data-label="Sec. 3(a)(ii)(A)"]`).first().waitFor();
      const measured = await gutters(page, view.scope);
      expect(measured.map((g) => g.label)).toEqual(expect.arrayContaining(['Sec. 2(i)', 'Sec. 3(a)(ii)', 'Sec. 3(a)(ii)(A)', 'Sec. 3 ¶ 10']));
      for (const g of measured) {
        expect(g.inside, `${g.label} starts inside the column`).toBeGreaterThanOrEqual(0);
        // Canvas and layout round text widths differently by a fraction of a pixel.
        expect(g.widestWord, `${g.label}: each word fits its margin`).toBeLessThanOrEqual(g.width + 0.5);
      }
      await page.screenshot({ path: path.join(screenshotDir, `pinpoint-gutter-${view.width}${view.path.includes('beside') ? '-compare' : ''}.png`) });
      await page.context().close();
    });
  }
});
