import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode, Workspace, agendaReplyKey, memberColors, type Role } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { passageIn } from '../support/annotated-workspace.js';
import { connectClient, synced, whenDoc, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const api = (path: string) => `${server.url}/api/workspaces/${WORKSPACE}${path}`;

// Bearer identities are known by the slug of their name.
const eddie = { id: 'eddie-editor', name: 'Eddie Editor' };
const anna = { id: 'anna-annotator', name: 'Anna Annotator' };

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let editor: TestClient;
let annotator: TestClient;
const opened: TestClient[] = [];

function connect(role: Role, name: string): TestClient {
  const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, role, name));
  opened.push(client);
  return client;
}
const headers = (role: Role, name = `${role} caller`) => ({ authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, role, name)}`, 'content-type': 'application/json' });
const roomDoc = () => server.sync.room(WORKSPACE)!.ydoc;
const stored = (check: (ws: Workspace) => boolean) => whenDoc(roomDoc(), () => check(new Workspace(roomDoc())));

/** Runs a change the server must refuse and resolves with the close it sends; the client is done with then. */
async function refused(client: TestClient, change: () => void): Promise<{ code: number; reason: string }> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve));
  change();
  const result = await closed;
  client.provider.destroy();
  warn.mockRestore();
  return result;
}

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  [editor, annotator] = [connect('editor', eddie.name), connect('annotator', anna.name)];
  await Promise.all([synced(editor), synced(annotator)]);
});

afterAll(async () => {
  for (const c of opened) c.destroy();
  await server.close();
  data.cleanup();
});

describe('a seminar room', () => {
  let sessionId: string;

  it('gives an agenda question of its own a thread that anyone who annotates answers under their own name', async () => {
    const started = await fetch(api('/sessions'), { method: 'POST', headers: headers('editor', eddie.name), body: JSON.stringify({ title: 'Room <one>' }) });
    expect(started.status).toBe(201);
    sessionId = ((await started.json()) as { session: { id: string } }).session.id;
    const store = annotator.workspace.annotations();
    store.create({ id: 'cmp', author: anna, passage: passageIn(annotator.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'comparison', body: 'Compare the reach.', tags: [], comparison: { target: passageIn(annotator.workspace, NOTICE, '283,000 convicted criminal aliens'), relation: 'related' } } }, 'local');
    await whenDoc(editor.ydoc, () => editor.workspace.annotations().get('cmp') !== undefined);
    const seminar = editor.workspace.seminar();
    seminar.addItem({ id: 'item-q', question: 'Should a county opt out?', addedBy: eddie }, 'local');
    seminar.addItem({ id: 'item-cmp', annotationId: 'cmp', addedBy: eddie }, 'local');
    seminar.addItem({ id: 'item-never', question: 'Not reached today', addedBy: eddie }, 'local');
    await whenDoc(annotator.ydoc, () => annotator.workspace.seminar().agenda().length === 3);

    annotator.workspace.agendaThreads().add({ id: 'ans-1', itemId: 'item-q', author: anna, body: 'Only with a vote of its <b>board</b>.' }, 'local');
    await stored((ws) => ws.agendaThreads().of('item-q').length === 1);

    // Under someone else's name, or on an annotation's item (it has a thread of its own): refused.
    const forger = connect('annotator', 'Fred Forger');
    await synced(forger);
    const forged = await refused(forger, () => forger.workspace.agendaThreads().add({ id: 'ans-2', itemId: 'item-q', author: anna, body: 'Not mine' }, 'local'));
    expect(forged).toEqual({ code: CloseCode.Refused, reason: 'change refused: an answer must be recorded under its author’s own name' });
    const other = connect('annotator', 'Olive Other');
    await synced(other);
    const misplaced = await refused(other, () => other.workspace.agendaThreads().add({ id: 'ans-3', itemId: 'item-cmp', author: { id: 'olive-other', name: 'Olive Other' }, body: 'Here?' }, 'local'));
    expect(misplaced.reason).toBe('change refused: only a question of its own on the agenda takes written answers');
    // Nor may anyone delete another's answer.
    const third = connect('annotator', 'Tess Third');
    await synced(third);
    const taken = await refused(third, () => third.ydoc.transact(() => third.ydoc.getMap('agendaReplies').delete(agendaReplyKey('item-q', 'ans-1'))));
    expect(taken.reason).toBe('change refused: only its author can change an answer');
    expect(new Workspace(roomDoc()).agendaThreads().of('item-q').map((r) => r.id)).toEqual(['ans-1']);
  });

  it('counts an item discussed when the facilitator moves on from it, and "Next" is the first not yet discussed after the current one', async () => {
    const seminar = editor.workspace.seminar();
    seminar.setNowDiscussing('item-q', eddie, 'local');
    expect(seminar.nextItem()?.id).toBe('item-cmp');
    seminar.setNowDiscussing('item-cmp', eddie, 'local');
    expect(seminar.item('item-q')).toMatchObject({ discussed: true, discussedIn: sessionId });
    expect(seminar.item('item-never')?.discussed).toBe(false);
    expect(seminar.nextItem()?.id).toBe('item-never');
    await stored((ws) => ws.seminar().item('item-q')?.discussed === true);
  });

  it('writes the summary’s times in the reader’s zone, saying which, and what a comparison compared with; questions count only once discussed', async () => {
    const ended = await fetch(api(`/sessions/${sessionId}/end`), { method: 'POST', headers: headers('editor', eddie.name), body: '{}' });
    expect(ended.status).toBe(200);
    const response = await fetch(api(`/sessions/${sessionId}/summary?tz=Europe/Berlin`), { headers: headers('viewer') });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">[A-Z][a-z]+ \d{1,2}, \d{4}, \d\d:\d\d \(Europe\/Berlin\)<\/time>/);
    expect(html).not.toContain(' UTC');
    // The comparison, with the other passage it compared with.
    expect(html).toContain('283,000 convicted criminal aliens');
    // The question's written answer, escaped.
    expect(html).toContain('Only with a vote of its &lt;b&gt;board&lt;/b&gt;.');
    expect(html).not.toContain('Not reached today');
    expect(html).toContain('Room &lt;one&gt;');
    // The item under discussion when the session ended counts; the one never reached does not.
    expect(html).toContain('2 items discussed');

    const utc = await (await fetch(api(`/sessions/${sessionId}/summary?tz=Not/AZone`), { headers: headers('viewer') })).text();
    expect(utc).toMatch(/\d\d:\d\d UTC<\/time>/);
  });

  it('labels invite links and lists who joined through each', async () => {
    const owner = headers('owner', 'Olga Owner');
    const created = await fetch(api('/invites'), { method: 'POST', headers: owner, body: JSON.stringify({ role: 'annotator', expiresInDays: 2, label: 'Seminar, 3 December' }) });
    expect(created.status).toBe(201);
    const { path } = (await created.json()) as { path: string };
    const token = path.split('/').pop()!;
    const joined = await fetch(`${server.url}/api/invites/${token}/redeem`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crosswalk': '1', origin: server.url }, body: JSON.stringify({ username: 'ines', password: 'a long enough password', displayName: 'Ines Invited' }) });
    expect(joined.status).toBeLessThan(300);
    const { invites } = (await (await fetch(api('/invites'), { headers: owner })).json()) as { invites: { label: string | null; uses: number; usedBy: { name: string }[] }[] };
    expect(invites.find((i) => i.label === 'Seminar, 3 December')).toMatchObject({ uses: 1, usedBy: [{ name: 'Ines Invited' }] });
  });
});

describe('presence colours', () => {
  it('gives every member of a workspace their own colour while there are colours enough', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `member-${i}`);
    expect(new Set(memberColors(ids).values()).size).toBe(10);
    // Early members keep their colour as others join.
    expect(memberColors(ids.slice(0, 3)).get('member-1')).toBe(memberColors(ids).get('member-1'));
  });
});
