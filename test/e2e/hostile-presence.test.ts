import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CrosswalkServer } from '../../server/app.js';
import { paths } from '../../server/config.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { BrowserPages, browserAvailable } from '../support/browser.js';
import { connectClient, synced, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';

/*
 * What an honest member sees when another member's client lies in its presence: it claims the
 * owner's name and a "colour" that is CSS meant to cover everyone's screen. The server relays the
 * account's own name and colour; the page draws the cursor from them, as text and a checked colour.
 */
describe.skipIf(!browserAvailable())('a hostile presence, in Chromium', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let pages: BrowserPages;
  let mallory: TestClient;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(paths.client, 'index.html'))) throw new Error('the client is not built: run npm run build first');
    data = tempDataDir();
    server = await startTestServer(data.dir);
    pages = await BrowserPages.launch();
  });

  afterAll(async () => {
    mallory?.destroy();
    await pages?.close();
    await server?.close();
    data?.cleanup();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`shows the account’s name and colour, and nothing covers the page (${viewport.width} px)`, async () => {
      const page = await pages.signIn(server, WORKSPACE, 'owner', 'Olga Owner', viewport);
      await page.locator('.reader .prose p').first().waitFor();
      mallory?.destroy();
      mallory = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'annotator', 'Mallory Annotator'));
      await synced(mallory);
      const paragraph = mallory.workspace.documentText(NOTICE).get(1) as Y.XmlElement;
      const text = paragraph.get(0) as Y.XmlText;
      const at = (offset: number) => Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, offset));
      mallory.provider.awareness.setLocalState({
        user: { name: 'Olga Owner', color: 'red; position:fixed; inset:0; z-index:2147483647; background:red' },
        location: { view: 'document', documentId: NOTICE },
        cursor: { anchor: at(4), head: at(20) },
      });

      const cursor = page.locator('.reader .ProseMirror-yjs-cursor');
      await expect.poll(() => cursor.count()).toBeGreaterThan(0);
      await cursor.first().scrollIntoViewIfNeeded();
      const label = cursor.first().locator('div');
      expect(await label.textContent()).toBe('Mallory Annotator');
      const colours = await cursor.first().evaluate((el) => ({ border: getComputedStyle(el).borderColor, position: getComputedStyle(el).position, label: getComputedStyle(el.querySelector('div')!).backgroundColor }));
      expect(colours.border).toMatch(/^rgb\(/);
      expect(colours.border).not.toBe('rgb(255, 0, 0)');
      expect(colours.label).toBe(colours.border);
      expect(colours.position).not.toBe('fixed');
      // Nothing of it lies over the page: the reader's text is what is under the middle of the screen.
      const under = await page.evaluate(() => {
        const el = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
        return el?.closest('.ProseMirror-yjs-cursor') ? 'cursor' : (el?.tagName ?? 'nothing');
      });
      expect(under).not.toBe('cursor');
      await expect.poll(() => page.getByTitle(/Mallory Annotator/).count()).toBeGreaterThan(0);
      // Only Olga herself goes by her name (an earlier page of hers may take a moment to leave).
      await expect.poll(() => page.getByTitle(/^Olga Owner,/).count()).toBe(0);
      expect(await page.getByTitle(/^Olga Owner \(you\)/).count()).toBe(1);
      await pages.shot(page, `hostile-presence-${viewport.width}`);
      await page.close();
    });
  }
});
