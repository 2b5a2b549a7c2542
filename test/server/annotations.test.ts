import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextIndex, describePassage, pmPos, type AnnotationContent, type Passage } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let a: TestClient;
let b: TestClient;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  a = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'editor', 'Ana'));
  b = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'editor', 'Ben'));
  await Promise.all([synced(a), synced(b)]);
});

afterAll(async () => {
  a.destroy();
  b.destroy();
  await server.close();
  data.cleanup();
});

const ana = { id: 'ana', name: 'Ana' };
const ben = { id: 'ben', name: 'Ben' };

function passage(client: TestClient, quote: string): Passage {
  const index = new TextIndex(client.workspace.documentText(NOTICE));
  const start = index.text.indexOf(quote);
  const from = index.pmOfText(start as never)!;
  return describePassage(NOTICE, index, from, pmPos(from + quote.length))!;
}

describe('annotations between two stock WebsocketProvider clients', () => {
  const contents = (p: (q: string) => Passage): [string, AnnotationContent][] => [
    [
      'citation',
      {
        kind: 'citation',
        body: 'ICE’s own FY2013 report gives the figure.',
        tags: ['numbers'],
        citation: { source: { type: 'report', title: 'ICE Enforcement and Removal Operations Report, FY 2013', author: [{ literal: 'U.S. Immigration and Customs Enforcement' }], issued: { 'date-parts': [[2013]] }, URL: 'https://www.ice.gov/' }, locator: 'p. 1' },
      },
    ],
    ['critique', { kind: 'critique', body: 'Removal is **not** conviction.', tags: ['numbers', 'framing'], category: 'factual-claim' }],
    ['comparison', { kind: 'comparison', body: 'The 2014 memo ends this.', tags: [], comparison: { relation: 'replaces', target: p('Secure Communities imposes no new or additional requirements') } }],
    ['question', { kind: 'question', body: 'What counts as a jurisdiction?', tags: ['seminar'] }],
  ];

  it('an annotation of each kind created on one appears, identical, on the other', async () => {
    for (const [kind, content] of contents((q) => passage(a, q))) {
      a.workspace.annotations().create({ id: `ann-${kind}`, author: ana, passage: passage(a, '3,181 jurisdictions'), content }, 'local');
    }
    await whenDoc(b.ydoc, () => b.workspace.annotations().list().length === 4);
    for (const [kind] of contents((q) => passage(a, q))) {
      expect(b.workspace.annotations().get(`ann-${kind}`)).toEqual(a.workspace.annotations().get(`ann-${kind}`));
    }
    expect(b.workspace.annotations().get('ann-citation')!.kind).toBe('citation');
  });

  it('a reply and a reaction from the other client come back', async () => {
    b.workspace.annotations().addReply('ann-critique', { id: 'reply-1', author: ben, body: 'Agreed, and see the FY2013 split.' }, 'local');
    b.workspace.annotations().toggleReaction('ann-critique', ben, 'agree', 'local');
    await whenDoc(a.ydoc, () => {
      const annotation = a.workspace.annotations().get('ann-critique');
      return annotation?.replies.length === 1 && annotation.reactions.length === 1;
    });
    const seen = a.workspace.annotations().get('ann-critique')!;
    expect(seen.replies[0]).toMatchObject({ author: ben, body: 'Agreed, and see the FY2013 split.' });
    expect(seen.reactions[0]).toMatchObject({ by: ben, reaction: 'agree' });
    expect(seen).toEqual(b.workspace.annotations().get('ann-critique'));
  });
});
