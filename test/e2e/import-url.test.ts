import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { servePages } from '../support/web-server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { repoRoot } from '../support/paths.js';

const WORKSPACE = 'secure-communities';

async function onePagePdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([420, 600]);
  page.drawText('Guidance issued after the order, brought in from a PDF file.', { x: 40, y: 550, size: 11, font });
  page.drawText('A second paragraph of the guidance.', { x: 40, y: 522, size: 11, font });
  return Buffer.from(await pdf.save());
}

describe.skipIf(!browserAvailable())('bringing texts in from the web and from files', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let web: Awaited<ReturnType<typeof servePages>>;
  let webUrl: string;
  let pages: BrowserPages;

  beforeAll(async () => {
    data = tempDataDir();
    // The page to fetch is served on loopback, which the allow-list opens for this server only.
    server = await startTestServer(data.dir, { fetchAllow: ['127.0.0.1'] });
    web = await servePages({ '/memo.html': { type: 'text/html', body: fs.readFileSync(path.join(repoRoot, 'test/fixtures/import/memo.html')) } });
    webUrl = web.url;
    pages = await BrowserPages.launch();
  });
  afterAll(async () => {
    await pages?.close();
    await server?.close();
    await web?.close();
    data?.cleanup();
  });

  it('imports a catalogue entry from a web address through the form; the official address is offered when it can be derived', async () => {
    const owner = await pages.signIn(server, WORKSPACE, 'owner', 'Olive Owner');
    await owner.locator('.timeline-item[data-document-id="eo-13768"] a').click();
    // The Federal Register is named without a document address: the field stays empty, the source is a hint.
    await expect.poll(() => owner.getByLabel('Web address of the text').inputValue()).toBe('');
    expect(await owner.locator('.import-text .field-hint').textContent()).toContain('federalregister.gov');

    await owner.locator('.timeline-item[data-document-id="memo-2014-11-20-secure-communities"] a').click();
    await expect.poll(() => owner.getByLabel('Web address of the text').inputValue()).toBe('https://dhs.gov/publications/14_1120_memo_secure_communities.pdf');
    await owner.getByLabel('Web address of the text').fill(`${webUrl}/memo.html`);
    await pages.shot(owner, 'import-url');
    await owner.getByRole('button', { name: 'Fetch and add' }).click();
    await owner.locator('.reader .prose p').first().waitFor();
    expect(await owner.locator('.reader .prose').textContent()).toContain('The Secure Communities program, as we know it, will be discontinued.');
    expect(await owner.locator('.reader .prose').textContent()).not.toContain('Privacy policy');
    await owner.locator('.provenance summary').click();
    expect(await owner.locator('.provenance').textContent()).toContain(`Fetched from ${webUrl}/memo.html by Olive Owner`);

    // A refused address says why in the form and adds nothing.
    await owner.locator('.timeline-item[data-document-id="eo-14159"] a').click();
    await owner.getByLabel('Web address of the text').fill('http://10.0.0.1/order.html');
    await owner.getByRole('button', { name: 'Fetch and add' }).click();
    expect(await owner.getByRole('alert').textContent()).toContain('private address');
    expect(await owner.locator('.timeline-item[data-document-id="eo-14159"].not-imported').count()).toBe(1);
    expect(pages.errors).toEqual([]);
  });

  it('adds a new document by uploading a PDF; it appears on the timeline with page pinpoints', async () => {
    const editor = await pages.signIn(server, WORKSPACE, 'editor', 'Eda Editor');
    const watcher = await pages.signIn(server, WORKSPACE, 'annotator', 'Ann Otator');
    await editor.getByRole('button', { name: '+ Add a document' }).click();
    const dialog = editor.getByRole('dialog', { name: 'Add a document' });
    await dialog.getByLabel('Title').fill('ICE guidance on detainers');
    await dialog.getByLabel('Date').fill('2017-03-02');
    await dialog.getByRole('tab', { name: 'Upload a file' }).click();
    await dialog.getByLabel('File (HTML, PDF, .txt or .md)').setInputFiles({ name: 'detainer-guidance.pdf', mimeType: 'application/pdf', buffer: await onePagePdf() });
    await pages.shot(editor, 'add-document');
    await dialog.getByRole('button', { name: 'Upload and add' }).click();
    await editor.waitForURL('**/d/ice-guidance-on-detainers-2017-03-02');
    await editor.locator('.reader .prose p').first().waitFor();
    expect(await editor.locator('.reader .prose p').first().getAttribute('data-label')).toBe('p. 1 ¶ 1');
    expect(await editor.locator('.timeline-item[data-document-id="ice-guidance-on-detainers-2017-03-02"] .timeline-title').textContent()).toBe('ICE guidance on detainers');
    // Live for everyone, and only owners and editors are offered the button.
    await watcher.locator('.timeline-item[data-document-id="ice-guidance-on-detainers-2017-03-02"]').waitFor();
    expect(await watcher.getByRole('button', { name: '+ Add a document' }).count()).toBe(0);
    expect(pages.errors).toEqual([]);
  });

  it('fits a phone-sized screen', async () => {
    const phone = await pages.signIn(server, WORKSPACE, 'owner', 'Pat Phone', { width: 390, height: 844 });
    await phone.goto(`${server.url}/w/${WORKSPACE}/d/memo-2017-02-20-enforcement`);
    await phone.getByRole('button', { name: 'Fetch and add' }).scrollIntoViewIfNeeded();
    await pages.shot(phone, 'import-url-narrow');
    const field = await phone.getByLabel('Web address of the text').boundingBox();
    expect(field!.x + field!.width).toBeLessThanOrEqual(390);
    await phone.getByRole('button', { name: 'Documents' }).click();
    await phone.getByRole('button', { name: '+ Add a document' }).click();
    await phone.getByRole('dialog', { name: 'Add a document' }).getByLabel('Title').waitFor();
    await pages.shot(phone, 'add-document-narrow');
    const box = await phone.getByRole('dialog', { name: 'Add a document' }).boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(pages.errors).toEqual([]);
  });
});
