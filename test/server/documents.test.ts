import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextIndex } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';
import { repoRoot, sharedDir } from '../support/paths.js';

const WORKSPACE = 'secure-communities';
let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let reader: TestClient;

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  reader = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Reader'));
  await synced(reader);
});
afterAll(async () => {
  reader.destroy();
  await server.close();
  data.cleanup();
});

const post = (role: string, body: unknown) =>
  fetch(`${server.url}/api/workspaces/${WORKSPACE}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, role as never, `${role}-importer`)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

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
