import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../support/pdf.js';
import type * as Y from 'yjs';
import { TextIndex } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';
import { repoRoot, sharedDir } from '../support/paths.js';

const WORKSPACE = 'secure-communities';
let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let reader: TestClient;

let sources: http.Server;
let sourcesUrl: string;

beforeAll(async () => {
  data = tempDataDir();
  // The test's own web server is on loopback: the allow-list lets this server fetch from it.
  server = await startTestServer(data.dir, { fetchAllow: ['127.0.0.1'] });
  reader = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Reader'));
  await synced(reader);
  sources = await startSourceServer();
  sourcesUrl = `http://127.0.0.1:${(sources.address() as { port: number }).port}`;
});
afterAll(async () => {
  reader.destroy();
  await server.close();
  await new Promise((resolve) => sources.close(resolve));
  data.cleanup();
});

const token = (role: string) => server.credentials.createBearerToken(WORKSPACE, role as never, `${role}-importer`);

const post = (role: string, body: unknown, route = 'documents', on = server) =>
  fetch(`${on.url}/api/workspaces/${WORKSPACE}/${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${on.credentials.createBearerToken(WORKSPACE, role as never, `${role}-importer`)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const fetchUrl = (role: string, body: unknown, on = server) => post(role, body, 'documents/fetch', on);

const upload = (role: string, file: { bytes: Uint8Array | string; type?: string; name: string }, to: Record<string, string> = {}) =>
  fetch(`${server.url}/api/workspaces/${WORKSPACE}/documents/upload?${new URLSearchParams({ fileName: file.name, ...to })}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token(role)}`, ...(file.type ? { 'content-type': file.type } : {}) },
    body: typeof file.bytes === 'string' ? file.bytes : Buffer.from(file.bytes),
  });

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'test/fixtures/import', name));
const sha256 = (bytes: Uint8Array | string) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A two-page PDF, each page with its paragraphs of lines and its number at the foot. */
function twoPagePdf(): Promise<Uint8Array> {
  return makePdf([
    [['Secure Communities, as we know it, will be discontinued and', 'replaced by the Priority Enforcement Program.'], ['A second paragraph on the first page.']],
    [['The second page has its own paragraph.']],
  ]);
}

const LIMIT = 10 * 1024 * 1024;

/** The web the tests fetch from: fixture files, a PDF, redirects (some to places that must be refused), a 404, and a body over the limit. */
async function startSourceServer(): Promise<http.Server> {
  const pdf = await twoPagePdf();
  const web = http.createServer((req, res) => {
    const port = (web.address() as { port: number }).port;
    const send = (type: string, body: Uint8Array | string, headers: Record<string, string> = {}) => res.writeHead(200, { 'content-type': type, ...headers }).end(body);
    switch (req.url) {
      case '/memo.html':
        return send('text/html; charset=utf-8', fixture('memo.html'));
      case '/memo.gz.html':
        return send('text/html', zlib.gzipSync(fixture('memo.html')), { 'content-encoding': 'gzip' });
      case '/order.txt':
        return send('text/plain; charset=utf-8', fixture('order.txt'));
      case '/memo.pdf':
        return send('application/pdf', pdf);
      case '/download/memo.pdf':
        return send('application/octet-stream', pdf);
      case '/broken.pdf':
        return send('application/pdf', '%PDF-1.7\nthis is not a real PDF\n%%EOF');
      case '/no-text.html':
        return send('text/html', '<html><body><nav>Menu</nav><script>app()</script><img src="x.png"></body></html>');
      case '/junk':
        return send('application/octet-stream', crypto.randomBytes(4096));
      case '/moved':
        return res.writeHead(301, { location: '/order.txt' }).end();
      case '/to-loopback':
        return res.writeHead(302, { location: `http://127.0.0.2:${port}/memo.html` }).end();
      case '/to-metadata':
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case '/huge.txt': {
        // Streamed without a length, so the limit must be enforced while reading.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const line = Buffer.alloc(64 * 1024, 'policy text ');
        let sent = 0;
        const more = () => {
          while (sent <= LIMIT + line.length) {
            sent += line.length;
            if (!res.write(line)) return void res.once('drain', more);
          }
          res.end();
        };
        res.on('error', () => {});
        return more();
      }
      default:
        return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  return web;
}

function textblocks(fragment: Y.XmlFragment): { label: unknown; page: unknown; text: string }[] {
  const out: { label: unknown; page: unknown; text: string }[] = [];
  const visit = (el: Y.XmlElement | Y.XmlFragment) => {
    for (const child of el.toArray()) {
      if (!('nodeName' in child)) continue;
      const element = child as Y.XmlElement;
      if (['paragraph', 'heading'].includes(element.nodeName)) out.push({ label: element.getAttribute('label') ?? null, page: element.getAttribute('page') ?? null, text: element.toArray().map((t) => ((t as Y.XmlText).toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('')).join('') });
      else visit(element);
    }
  };
  visit(fragment);
  return out;
}

function links(fragment: Y.XmlFragment): string[] {
  const hrefs: string[] = [];
  const visit = (el: Y.XmlElement | Y.XmlFragment) => {
    for (const child of el.toArray()) {
      if ('nodeName' in child) visit(child as Y.XmlElement);
      else for (const d of (child as Y.XmlText).toDelta() as { attributes?: { link?: { href: string } } }[]) if (d.attributes?.link) hrefs.push(d.attributes.link.href);
    }
  };
  visit(fragment);
  return hrefs;
}

const imports = () => server.accounts.auditLog(WORKSPACE).filter((e) => e.action === 'document.imported').length;

describe('bringing a later policy’s text in', () => {
  it('turns a catalogue entry into a locked text, live for everyone, with its provenance', async () => {
    const eo = path.join(sharedDir, 'policies/2021-01-20-eo-13993-revision-civil-immigration-enforcement.md');
    const content = fs.existsSync(eo) ? fs.readFileSync(eo, 'utf8') : fs.readFileSync(path.join(repoRoot, 'test/fixtures/priority-enforcement-memo.md'), 'utf8');
    const response = await post('editor', { catalogueId: 'eo-13993', format: 'markdown', content, fileName: 'eo-13993.md' });
    expect([response.status, await response.json()]).toEqual([201, { id: 'eo-13993' }]);
    await whenDoc(reader.ydoc, () => reader.workspace.document('eo-13993')?.imported === true);
    const meta = reader.workspace.document('eo-13993')!;
    expect(meta).toMatchObject({ title: 'Executive Order 13993, Revision of Civil Immigration Enforcement Policies and Priorities', date: '2021-01-20', locked: true, imported: true });
    expect(meta.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.retrieved).toBeDefined();
    expect(meta.relations[0]?.kind).toBe('revokes');
    expect(new TextIndex(reader.workspace.documentText('eo-13993')).text.length).toBeGreaterThan(200);
  });

  it('reads plain text as paragraphs, never as markup', async () => {
    const response = await post('owner', { catalogueId: 'memo-2017-02-20-enforcement', format: 'text', content: 'First paragraph\nwrapped.\n\n<script>alert(1)</script> *not emphasis*\n' });
    expect(response.status).toBe(201);
    await whenDoc(reader.ydoc, () => reader.workspace.document('memo-2017-02-20-enforcement')?.imported === true);
    expect(new TextIndex(reader.workspace.documentText('memo-2017-02-20-enforcement')).text).toBe('First paragraph wrapped.\n<script>alert(1)</script> *not emphasis*');
  });

  it('refuses annotators, a second import of the same entry, unknown entries and empty texts, changing nothing', async () => {
    const before = reader.workspace.documents().filter((d) => d.imported).length;
    expect((await post('annotator', { catalogueId: 'eo-14159', format: 'text', content: 'x' })).status).toBe(403);
    const again = await post('owner', { catalogueId: 'eo-13993', format: 'text', content: 'again' });
    expect([again.status, (await again.json()).error]).toEqual([409, expect.stringContaining('already has its text')]);
    expect((await post('owner', { catalogueId: 'eo-99999', format: 'text', content: 'x' })).status).toBe(404);
    const empty = await post('owner', { catalogueId: 'eo-14159', format: 'text', content: '  \n\n  ' });
    expect([empty.status, (await empty.json()).error]).toEqual([400, 'the text is empty']);
    expect(reader.workspace.documents().filter((d) => d.imported).length).toBe(before);
  });
});

describe('importing from the web, by upload, and what is refused', () => {
  it('fetches an HTML page for a catalogue entry: main content only, sanitised, with its provenance', async () => {
    const before = imports();
    const url = `${sourcesUrl}/memo.html`;
    const response = await fetchUrl('editor', { catalogueId: 'memo-2014-11-20-secure-communities', url });
    expect([response.status, await response.json()]).toEqual([201, { id: 'memo-2014-11-20-secure-communities' }]);
    await whenDoc(reader.ydoc, () => reader.workspace.document('memo-2014-11-20-secure-communities')?.imported === true);
    const meta = reader.workspace.document('memo-2014-11-20-secure-communities')!;
    expect(meta).toMatchObject({ locked: true, sourceUrl: url, source: 'dhs.gov, publications/14_1120_memo_secure_communities.pdf', checksum: sha256(fixture('memo.html')) });
    expect(meta.capture).toMatch(new RegExp(`^Fetched from ${url.replace(/[.?]/g, '\\$&')} by editor-importer on \\d{4}-\\d{2}-\\d{2}\\.$`));
    const text = new TextIndex(reader.workspace.documentText(meta.id)).text;
    expect(text).toContain('The Secure Communities program, as we know it, will be discontinued.');
    expect(text).toContain('<script>not a script</script> stays text.');
    expect(text).not.toMatch(/Skip to main|News|Search this site|Privacy policy|tracked|font-family/);
    expect(textblocks(reader.workspace.documentText(meta.id)).map((b) => b.label)).toEqual([null, '¶ 1', '¶ 2', '¶ 3', '¶ 4', '¶ 5']);
    // The relative link is made absolute against the page; the javascript: one is gone, its text kept.
    expect(links(reader.workspace.documentText(meta.id))).toEqual([`${sourcesUrl}/publications/memo.pdf`]);
    expect(text).toContain('See the memorandum and this link.');
    expect(imports()).toBe(before + 1);
    const entry = server.accounts.auditLog(WORKSPACE).find((e) => e.action === 'document.imported')!;
    expect(entry.detail).toMatchObject({ document: 'memo-2014-11-20-secure-communities', format: 'html', via: 'url', url });
  });

  it('fetches a PDF, keeping each paragraph’s page for pinpoints, and knows a PDF by its extension when the type says nothing', async () => {
    const response = await fetchUrl('owner', { catalogueId: 'memo-2014-11-20-prosecutorial-discretion', url: `${sourcesUrl}/download/memo.pdf` });
    expect(response.status).toBe(201);
    await whenDoc(reader.ydoc, () => reader.workspace.document('memo-2014-11-20-prosecutorial-discretion')?.imported === true);
    expect(textblocks(reader.workspace.documentText('memo-2014-11-20-prosecutorial-discretion'))).toEqual([
      { label: 'p. 1 ¶ 1', page: 1, text: 'Secure Communities, as we know it, will be discontinued and replaced by the Priority Enforcement Program.' },
      { label: 'p. 1 ¶ 2', page: 1, text: 'A second paragraph on the first page.' },
      { label: 'p. 2 ¶ 1', page: 2, text: 'The second page has its own paragraph.' },
    ]);
    expect(reader.workspace.document('memo-2014-11-20-prosecutorial-discretion')!.checksum).toBe(sha256(await (await fetch(`${sourcesUrl}/memo.pdf`)).bytes()));
  });

  it('follows redirects to plain text and gzip-encoded pages, for new documents with a title and date', async () => {
    const moved = await fetchUrl('editor', { title: 'An order served as text', date: '2016-03-01', url: `${sourcesUrl}/moved` });
    expect([moved.status, await moved.json()]).toEqual([201, { id: 'an-order-served-as-text-2016-03-01' }]);
    await whenDoc(reader.ydoc, () => reader.workspace.document('an-order-served-as-text-2016-03-01')?.imported === true);
    const meta = reader.workspace.document('an-order-served-as-text-2016-03-01')!;
    expect(meta.capture).toContain(`(redirected to ${sourcesUrl}/order.txt)`);
    expect(textblocks(reader.workspace.documentText(meta.id)).map((b) => b.label)).toEqual(['Sec. 1', 'Sec. 2']);
    const gzipped = await fetchUrl('editor', { title: 'A gzipped page', date: '2016-03-02', url: `${sourcesUrl}/memo.gz.html` });
    expect(gzipped.status).toBe(201);
    await whenDoc(reader.ydoc, () => reader.workspace.document('a-gzipped-page-2016-03-02')?.imported === true);
    expect(new TextIndex(reader.workspace.documentText('a-gzipped-page-2016-03-02')).text).toContain('Priority 1: threats to national security');
  });

  it('refuses private, loopback and link-local addresses, also behind a redirect, and bad addresses; nothing is added', async () => {
    const before = { documents: reader.workspace.documents().filter((d) => d.imported).length, audit: imports() };
    const refused = async (body: object, status: number, error: RegExp, on = server) => {
      const response = await fetchUrl('owner', { title: 'Refused', date: '2020-01-01', ...body }, on);
      expect([response.status, (await response.json()).error]).toEqual([status, expect.stringMatching(error)]);
    };
    await refused({ url: 'http://10.0.0.1/memo.html' }, 400, /10\.0\.0\.1: it is a private address/);
    await refused({ url: 'http://169.254.169.254/latest/meta-data/' }, 400, /link-local address/);
    await refused({ url: 'http://[::1]/' }, 400, /loopback address/);
    await refused({ url: 'http://[::127.0.0.1]/' }, 400, /non-public address/);
    await refused({ url: `http://127.0.0.2:${new URL(sourcesUrl).port}/memo.html` }, 400, /loopback address/);
    await refused({ url: `${sourcesUrl}/to-loopback` }, 400, /127\.0\.0\.2: it is a loopback address/);
    await refused({ url: `${sourcesUrl}/to-metadata` }, 400, /169\.254\.169\.254: it is a link-local address/);
    await refused({ url: 'file:///etc/passwd' }, 400, /only http and https/);
    await refused({ url: 'ftp://example.org/memo.txt' }, 400, /only http and https/);
    await refused({ url: 'not a url' }, 400, /not a web address/);

    // Without an allow-list, the same loopback server is out of bounds.
    const other = tempDataDir();
    const strict = await startTestServer(other.dir);
    try {
      await refused({ url: `${sourcesUrl}/memo.html` }, 400, /127\.0\.0\.1: it is a loopback address.*FETCH_ALLOW/, strict);
      const localhost = await fetchUrl('owner', { title: 'Refused', date: '2020-01-01', url: `http://localhost:${new URL(sourcesUrl).port}/memo.html` }, strict);
      expect([localhost.status, (await localhost.json()).error]).toEqual([400, expect.stringMatching(/localhost \((127\.0\.0\.1|::1)\): it is a loopback address/)]);
    } finally {
      await strict.close();
      other.cleanup();
    }
    expect(reader.workspace.documents().filter((d) => d.imported).length).toBe(before.documents);
    expect(imports()).toBe(before.audit);
  });

  it('answers a clear error for a missing page, an unreachable host, a body over the limit and files it cannot read; nothing is added', async () => {
    const before = { documents: reader.workspace.documents().filter((d) => d.imported).length, audit: imports() };
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const cases: [string, number, RegExp][] = [
      ['/missing.html', 422, /answered 404/],
      [`http://127.0.0.1:${closedPort}/memo.html`, 422, /connection was refused/],
      ['/huge.txt', 413, /larger than 10 MB/],
      ['/broken.pdf', 400, /not a readable PDF/],
      ['/no-text.html', 400, /no readable text/],
      ['/junk', 415, /cannot read application\/octet-stream/],
    ];
    for (const [where, status, error] of cases) {
      const response = await fetchUrl('editor', { catalogueId: 'eo-14159', url: where.startsWith('http') ? where : `${sourcesUrl}${where}` });
      expect([where, response.status, (await response.json()).error]).toEqual([where, status, expect.stringMatching(error)]);
    }
    expect(reader.workspace.document('eo-14159')!.imported).toBe(false);
    expect(reader.workspace.documents().filter((d) => d.imported).length).toBe(before.documents);
    expect(imports()).toBe(before.audit);
  });

  it('takes uploaded HTML, PDF and Markdown with front matter, by type or by extension', async () => {
    const html = await upload('editor', { bytes: fixture('memo.html'), type: 'text/html', name: 'memo.html' }, { title: 'An uploaded page', date: '2015-05-05' });
    expect([html.status, await html.json()]).toEqual([201, { id: 'an-uploaded-page-2015-05-05' }]);
    const pdfBytes = await twoPagePdf();
    const pdf = await upload('owner', { bytes: pdfBytes, name: 'guidelines.pdf' }, { catalogueId: 'memo-2021-09-30-guidelines' });
    expect(pdf.status).toBe(201);
    const markdown = await upload('editor', { bytes: fixture('enforcement-memo.md'), type: 'text/markdown', name: 'enforcement-memo.md' });
    expect([markdown.status, await markdown.json()]).toEqual([201, { id: 'implementing-the-priority-enforcement-program-2015-07-01' }]);
    await whenDoc(reader.ydoc, () => ['an-uploaded-page-2015-05-05', 'memo-2021-09-30-guidelines', 'implementing-the-priority-enforcement-program-2015-07-01'].every((id) => reader.workspace.document(id)?.imported));

    expect(reader.workspace.document('an-uploaded-page-2015-05-05')!.capture).toMatch(/^Uploaded memo\.html by editor-importer on \d{4}-\d{2}-\d{2}\.$/);
    expect(new TextIndex(reader.workspace.documentText('an-uploaded-page-2015-05-05')).text).not.toContain('Homeland Security home');
    const guidelines = reader.workspace.document('memo-2021-09-30-guidelines')!;
    expect(guidelines).toMatchObject({ checksum: sha256(pdfBytes), title: 'Guidelines for the Enforcement of Civil Immigration Law' });
    expect(textblocks(reader.workspace.documentText(guidelines.id)).map((b) => b.label)).toEqual(['p. 1 ¶ 1', 'p. 1 ¶ 2', 'p. 2 ¶ 1']);
    const memo = reader.workspace.document('implementing-the-priority-enforcement-program-2015-07-01')!;
    expect(memo).toMatchObject({ title: 'Implementing the Priority Enforcement Program', date: '2015-07-01', type: 'memorandum', issuer: 'Sarah R. Saldaña, Director, ICE', sourceUrl: 'https://www.ice.gov/example/pep-memo', locked: true });
    expect(memo.capture).toContain('Uploaded enforcement-memo.md by editor-importer');
  });

  it('refuses uploads it cannot use, and annotators anything; nothing is added', async () => {
    const before = { documents: reader.workspace.documents().filter((d) => d.imported).length, audit: imports() };
    const refusedUpload = async (file: Parameters<typeof upload>[1], to: Record<string, string>, status: number, error: RegExp, role = 'editor') => {
      const response = await upload(role, file, to);
      expect([response.status, (await response.json()).error]).toEqual([status, expect.stringMatching(error)]);
    };
    const entry = { catalogueId: 'eo-14159' };
    await refusedUpload({ bytes: fixture('memo.html'), type: 'text/html', name: 'memo.html' }, entry, 403, /only owners and editors/, 'annotator');
    await refusedUpload({ bytes: crypto.randomBytes(2048), type: 'application/pdf', name: 'scan.pdf' }, entry, 400, /not a readable PDF/);
    await refusedUpload({ bytes: crypto.randomBytes(2048), name: 'notes.txt' }, entry, 400, /not text/);
    await refusedUpload({ bytes: 'hello', type: 'image/png', name: 'photo.png' }, entry, 415, /cannot read image\/png/);
    await refusedUpload({ bytes: '---\ndate: 2016-01-01\n---\n\nNo title.\n', name: 'untitled.md' }, {}, 400, /title/);
    await refusedUpload({ bytes: 'Text without a home.', name: 'order.txt' }, {}, 400, /needs a title and a date/);
    await refusedUpload({ bytes: Buffer.alloc(LIMIT + 1, 'a'), type: 'text/plain', name: 'big.txt' }, entry, 413, /larger than 10 MB/);
    await refusedUpload({ bytes: 'Already there.', name: 'again.txt' }, { catalogueId: 'memo-2014-11-20-secure-communities' }, 409, /already has its text/);
    const annotator = await fetchUrl('annotator', { catalogueId: 'eo-14159', url: `${sourcesUrl}/memo.html` });
    expect(annotator.status).toBe(403);
    expect(reader.workspace.document('eo-14159')!.imported).toBe(false);
    expect(reader.workspace.documents().filter((d) => d.imported).length).toBe(before.documents);
    expect(imports()).toBe(before.audit);
  });
});
