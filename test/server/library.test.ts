import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';

/*
 * Adding a source by DOI. doi.org cannot be reached from here, so a local server speaks its
 * documented content negotiation: GET /<doi> with `Accept: application/vnd.citationstyles.csl+json`
 * answers the CSL-JSON record (a 404 for a DOI it does not know). The Crosswalk server is pointed
 * at it with DOI_RESOLVER and allowed to fetch from loopback with FETCH_ALLOW.
 */

const WORKSPACE = 'secure-communities';
// The record doi.org answers for this article (its fields as Crossref gives them).
const RECORD = {
  type: 'article-journal',
  DOI: '10.1086/680935',
  title: 'Does Immigration Enforcement Reduce Crime? Evidence from Secure Communities',
  author: [
    { given: 'Adam B.', family: 'Cox', sequence: 'first' },
    { given: 'Thomas J.', family: 'Miles', sequence: 'additional' },
  ],
  'container-title': 'The Journal of Law and Economics',
  volume: '57',
  issue: '4',
  page: '937-973',
  issued: { 'date-parts': [[2014, 11]] },
  URL: 'http://dx.doi.org/10.1086/680935',
  publisher: 'University of Chicago Press',
};

let resolver: http.Server;
let resolverUrl: string;
const accepts: string[] = [];
let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;

beforeAll(async () => {
  resolver = http.createServer((req, res) => {
    accepts.push(String(req.headers.accept));
    if (decodeURI(req.url ?? '') === `/${RECORD.DOI}` && String(req.headers.accept).includes('application/vnd.citationstyles.csl+json'))
      return void res.writeHead(200, { 'content-type': 'application/vnd.citationstyles.csl+json' }).end(JSON.stringify(RECORD));
    if (decodeURI(req.url ?? '') === '/10.5555/not-csl') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>a landing page</html>');
    res.writeHead(404, { 'content-type': 'text/plain' }).end('DOI Not Found');
  });
  await new Promise<void>((resolve) => resolver.listen(0, '127.0.0.1', resolve));
  resolverUrl = `http://127.0.0.1:${(resolver.address() as { port: number }).port}`;
  data = tempDataDir();
  server = await startTestServer(data.dir, { doiResolver: resolverUrl, fetchAllow: ['127.0.0.1'] });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => resolver?.close(resolve));
  data?.cleanup();
});

const lookup = (identifier: string, role: 'annotator' | 'viewer' = 'annotator') =>
  fetch(`${server.url}/api/workspaces/${WORKSPACE}/sources/lookup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, role, `${role} looking`)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ identifier }),
  });

describe('adding a source by DOI', () => {
  it('asks the resolver for CSL-JSON and answers the source, kept to its fields', async () => {
    const response = await lookup('https://doi.org/10.1086/680935');
    expect(response.status).toBe(200);
    const { item } = await response.json();
    expect(item).toEqual({
      type: 'article-journal',
      DOI: '10.1086/680935',
      title: RECORD.title,
      author: [
        { family: 'Cox', given: 'Adam B.' },
        { family: 'Miles', given: 'Thomas J.' },
      ],
      'container-title': 'The Journal of Law and Economics',
      volume: '57',
      issue: '4',
      page: '937-973',
      issued: { 'date-parts': [[2014, 11]] },
      URL: 'http://dx.doi.org/10.1086/680935',
      publisher: 'University of Chicago Press',
    });
    expect(accepts.at(-1)).toMatch(/^application\/vnd\.citationstyles\.csl\+json/);
  });

  it('says so for a DOI the resolver does not know, an answer that is not CSL-JSON, and what is not a DOI', async () => {
    const unknown = await lookup('10.5555/nothing-here');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toBe('no record of the DOI 10.5555/nothing-here');
    const html = await lookup('doi:10.5555/not-csl');
    expect(html.status).toBe(502);
    expect((await html.json()).error).toMatch(/did not answer with CSL-JSON/);
    const notDoi = await lookup('Secure Communities');
    expect(notDoi.status).toBe(400);
    expect((await notDoi.json()).error).toMatch(/is not a DOI/);
  });

  it('says the resolver cannot be reached when it is down, and refuses viewers', async () => {
    const dir = tempDataDir();
    const down = await startTestServer(dir.dir, { doiResolver: 'http://127.0.0.1:9', fetchAllow: ['127.0.0.1'] });
    try {
      const response = await fetch(`${down.url}/api/workspaces/${WORKSPACE}/sources/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${down.credentials.createBearerToken(WORKSPACE, 'editor', 'Ed')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ identifier: '10.1086/680935' }),
      });
      expect(response.status).toBe(502);
      expect((await response.json()).error).toMatch(/could not be reached/);
    } finally {
      await down.close();
      dir.cleanup();
    }
    const viewer = await lookup('10.1086/680935', 'viewer');
    expect(viewer.status).toBe(403);
  });

  it('refuses a resolver on a private address unless FETCH_ALLOW names it', async () => {
    const dir = tempDataDir();
    const strict = await startTestServer(dir.dir, { doiResolver: resolverUrl, fetchAllow: [] });
    try {
      const response = await fetch(`${strict.url}/api/workspaces/${WORKSPACE}/sources/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${strict.credentials.createBearerToken(WORKSPACE, 'editor', 'Ed')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ identifier: '10.1086/680935' }),
      });
      expect(response.status).toBe(502);
      expect((await response.json()).error).toMatch(/not a public address|FETCH_ALLOW/);
    } finally {
      await strict.close();
      dir.cleanup();
    }
  });
});
