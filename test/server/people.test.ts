import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextIndex, describePassage, pmPos, type Passage } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';

/*
 * Renaming yourself renames what you wrote: annotations keep their author's id, and the app and
 * every export name members as they are called now. People who are not members keep the name
 * stored with their words.
 */

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let owner: TestClient;
let cookie: string;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  const signin = await fetch(server.ownerLink(), { redirect: 'manual' });
  cookie = signin.headers.get('set-cookie')!.split(';')[0]!;
  // A program token named as the owner acts as the owner's account.
  owner = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Owner'));
  await synced(owner);
});

afterAll(async () => {
  owner.destroy();
  await server.close();
  data.cleanup();
});

function passage(quote: string): Passage {
  const index = new TextIndex(owner.workspace.documentText(NOTICE));
  const from = index.pmOfText(index.text.indexOf(quote) as never)!;
  return describePassage(NOTICE, index, from, pmPos(from + quote.length))!;
}

const viewer = () => ({ authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Vera')}` });
const exported = async (format: string) => (await fetch(`${server.url}/api/workspaces/${WORKSPACE}/export?format=${format}`, { headers: viewer() })).text();

describe('a member who renames themselves', () => {
  it('is named anew on everything already written, in the people list and in every export', async () => {
    const store = owner.workspace.annotations();
    store.create({ id: 'o1', author: { id: 'owner', name: 'Owner' }, passage: passage('3,181 jurisdictions'), content: { kind: 'question', body: 'Which jurisdictions?', tags: [] } }, 'local');
    store.addReply('o1', { id: 'or1', author: { id: 'owner', name: 'Owner' }, body: 'Answering myself.' }, 'local');
    const imported = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, 'owner', 'Owner')}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ id: 'h1', uri: 'https://www.ice.gov/secure-communities', text: 'From outside.', user: 'acct:owner@hypothes.is', user_info: { display_name: 'Owner' }, target: [{ selector: [{ type: 'TextQuoteSelector', exact: '283,000 convicted criminal aliens' }] }] }]),
    });
    expect(imported.status).toBe(200);

    const renamed = await fetch(`${server.url}/api/me`, { method: 'POST', headers: { cookie, 'x-crosswalk': '1', 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'Olive Owens' }) });
    expect(renamed.status).toBe(200);

    const people = (await (await fetch(`${server.url}/api/workspaces/${WORKSPACE}/people`, { headers: viewer() })).json()) as { people: { id: string; name: string }[] };
    expect(people.people).toEqual([{ id: 'owner', name: 'Olive Owens', color: expect.stringMatching(/^#[0-9a-f]{6}$/) }]);

    const w3c = JSON.parse(await exported('w3c')) as { first: { items: { creator: { name: string }; body?: unknown }[] } };
    const creators = w3c.first.items.map((i) => i.creator.name).sort();
    // Hers twice (the question and her reply), and the outside person keeps the name the file gave.
    expect(creators).toEqual(['Olive Owens', 'Olive Owens', 'Owner']);
    for (const format of ['html', 'markdown', 'csv', 'tei']) expect(await exported(format)).toContain('Olive Owens');
    expect(await exported('csv')).not.toMatch(/,Owner,.*Which jurisdictions/);

    // What is stored is untouched: the id is the author, the name is what it was.
    await whenDoc(owner.ydoc, () => owner.workspace.annotations().size === 2);
    expect(owner.workspace.annotations().get('o1')!.author).toEqual({ id: 'owner', name: 'Owner' });
  });
});
