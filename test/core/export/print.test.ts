import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { exportWorkspace } from '../../../core/export/index.js';
import { extractPdfPages, type PdfPage } from '../../../core/text/index.js';
import { browserAvailable, launchBrowser, screenshotDir } from '../../support/browser.js';
import { NOTICE } from '../../support/annotated-workspace.js';
import { eoAvailable, paperWorkspace } from './paper-workspace.js';

/*
 * The HTML export as a paper copy: printed by Chromium to PDF and read back with pdfjs, so what
 * is checked is what lands on paper (a clipped label loses its glyphs from the PDF), not what
 * the DOM holds. And the same file on a phone, which must not scroll sideways.
 */

const LETTER_WIDTH = 612;
const BREAK = '\u0000';

async function exportHtml(filters = {}): Promise<string> {
  return String((await exportWorkspace(paperWorkspace().ws.ydoc, 'secure-communities', 'html', filters)).body);
}

/** Prints the page as a reader would (Letter, the stylesheet's own margins) and reads each page's text runs. */
async function print(page: Page): Promise<PdfPage[]> {
  await page.emulateMedia({ media: 'print' });
  return extractPdfPages(new Uint8Array(await page.pdf({ format: 'Letter', printBackground: true })));
}

/**
 * A page's text in reading order. Chromium writes runs in paint order (headings and highlighted
 * runs apart from the rest), so lines are rebuilt from the baselines, a superscript joining the
 * line it rises from, and read left to right.
 */
function pageText(page: PdfPage, drop: (text: string) => boolean = () => false): string {
  const lines: { y: number; items: PdfPage }[] = [];
  for (const item of [...page].sort((a, b) => b.y - a.y)) {
    if (drop(item.text.trim())) continue;
    const line = lines.find((l) => Math.abs(l.y - item.y) <= Math.max(2, item.size * 0.45));
    if (line) line.items.push(item);
    else lines.push({ y: item.y, items: [item] });
  }
  return lines.map((l) => l.items.sort((a, b) => a.x - b.x).map((i) => i.text).join('')).join(' ');
}

// Text compared without its spacing (pdfjs cuts runs at font changes, not always at spaces) or case (labels print in capitals).
const squeeze = (text: string) => text.replace(/\s+/g, '').toLowerCase();

describe.skipIf(!browserAvailable() || !eoAvailable)('the HTML export on paper and on a phone', () => {
  let browser: Browser;
  let html: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    html = await exportHtml();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const open = async (content: string, viewport = { width: 816, height: 1056 }) => {
    const page = await browser.newPage({ viewport });
    await page.setContent(content);
    return page;
  };

  it('prints every pinpoint label whole and inside the page', async () => {
    const page = await open(html);
    const labels = await page.$$eval('.text .pin', (pins) => pins.map((p) => p.textContent!.trim()));
    expect(labels).toContain('Sec. 19(a)');
    const pages = await print(page);
    await page.screenshot({ path: `${screenshotDir}/export-print.png` });
    await page.close();
    const items = pages.flat();
    const printed = new Set(items.map((i) => i.text.trim()));
    expect(labels.filter((label) => !printed.has(label))).toEqual([]);
    expect(items.filter((i) => i.x < 0 || i.x + i.width > LETTER_WIDTH + 0.5).map((i) => i.text)).toEqual([]);
  });

  it('keeps every heading on the page of what follows it', async () => {
    const page = await open(html);
    // Each heading with the first words of the block after it, in document order (margin labels aside: they print beside).
    const pairs = await page.$$eval('h1, h2, h3, h4, h5, h6', (headings) =>
      headings.map((h) => {
        let next = h.nextElementSibling;
        while (next && !next.textContent?.trim()) next = next.nextElementSibling;
        const words: string[] = [];
        const walker = document.createTreeWalker(next ?? document.createElement('p'), NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node && words.length < 3; node = walker.nextNode()) {
          if (!node.parentElement!.closest('.pin, .pin-inline')) words.push(...node.textContent!.split(/\s+/).filter(Boolean));
        }
        return [h.textContent!, words.slice(0, 3).join(' ')] as const;
      }),
    );
    // The pages' text end to end without the margin labels, page breaks marked: a heading and the words after it meet, or a break parts them.
    const labels = new Set(await page.$$eval('.text .pin', (pins) => pins.map((p) => p.textContent!.trim())));
    const printed = (await print(page)).map((p) => squeeze(pageText(p, (text) => labels.has(text)))).join(BREAK);
    await page.close();
    let at = 0;
    const stranded: string[] = [];
    for (const [heading, next] of pairs) {
      const placed = placeHeading(printed, squeeze(heading), squeeze(next), at);
      expect(placed, `“${heading}” followed by “${next}” printed`).not.toBeNull();
      if (placed!.apart) stranded.push(heading);
      at = placed!.at;
    }
    expect(stranded).toEqual([]);
  });

  it('does not strand the Bibliography heading at the foot of a page, wherever the page ends', async () => {
    // One document: a few pages. A spacer before the bibliography walks its heading down the page.
    const page = await open(await exportHtml({ documentId: NOTICE }));
    const first = await page.$eval('.bibliography li', (li) => li.textContent!.trim().split(/\s+/).slice(0, 3).join(' '));
    const apart: number[] = [];
    for (let spacer = 0; spacer < 1000; spacer += 25) {
      await page.evaluate((height) => {
        let div = document.getElementById('spacer');
        if (!div) {
          div = document.createElement('div');
          div.id = 'spacer';
          document.querySelector('.bibliography')!.before(div);
        }
        div.style.height = `${height}px`;
      }, spacer);
      const pages = (await print(page)).map((p) => squeeze(pageText(p)));
      const headingPage = pages.findIndex((p) => p.includes('bibliography'));
      if (!pages[headingPage]?.includes(squeeze(first), pages[headingPage]!.indexOf('bibliography'))) apart.push(spacer);
    }
    await page.close();
    expect(apart).toEqual([]);
  });

  it('prints the numbers of notes that end on the same word apart', async () => {
    const page = await open(html);
    const shared = await page.$$eval('sup.ref', (sups) => sups.filter((s) => s.querySelectorAll('a').length > 1).map((s) => Array.from(s.querySelectorAll('a'), (a) => a.textContent!)));
    expect(shared.length).toBeGreaterThan(0);
    const text = (await print(page)).map((p) => squeeze(pageText(p))).join('');
    await page.close();
    for (const numbers of shared) expect(text).toContain(`aliens${numbers.join(',')}`);
  });

  it('fits a 390 px phone without sideways scrolling, long addresses wrapped', async () => {
    const page = await open(html, { width: 390, height: 844 });
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    const wide = await page.$$eval('main *', (all) => all.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && getComputedStyle(e).position !== 'absolute').map((e) => `${e.tagName.toLowerCase()}.${e.className}`));
    // The pinpoints run in before their paragraph instead of hanging in a margin the phone lacks.
    const pinsInside = await page.$$eval('.text .pin', (pins) => pins.every((p) => p.getBoundingClientRect().left >= 0));
    await page.evaluate(() => document.querySelector('.thread')!.scrollIntoView());
    await page.screenshot({ path: `${screenshotDir}/export-phone.png` });
    await page.close();
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(wide).toEqual([]);
    expect(pinsInside).toBe(true);
  });
});

/**
 * Where a heading prints, from `from` on: the first occurrence followed closely (a list marker or
 * a label may come between) by the words after it, and whether a page break parts them.
 */
function placeHeading(printed: string, heading: string, next: string, from: number): { at: number; apart: boolean } | null {
  for (let i = printed.indexOf(heading, from); i >= 0; i = printed.indexOf(heading, i + 1)) {
    const after = printed.slice(i + heading.length, i + heading.length + 60);
    const j = after.indexOf(next);
    if (j >= 0) return { at: i + 1, apart: after.slice(0, j).includes(BREAK) };
  }
  return null;
}
