import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, Workspace, annotationKeys, rootNames, type Role } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { passageIn } from '../support/annotated-workspace.js';
import { connectClient, synced, whenAwareness, whenDoc, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const api = (path: string) => `${server.url}/api/workspaces/${WORKSPACE}${path}`;

// Bearer identities are known by the slug of their name.
const eddie = { id: 'eddie-editor', name: 'Eddie Editor' };
const anna = { id: 'anna-annotator', name: 'Anna Annotator' };
const olga = { id: 'olga-owner', name: 'Olga Owner' };

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let editor: TestClient;
let annotator: TestClient;
let owner: TestClient;
const opened: TestClient[] = [];

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  [editor, annotator, owner] = [connect('editor', eddie.name), connect('annotator', anna.name), connect('owner', olga.name)];
  await Promise.all([synced(editor), synced(annotator), synced(owner)]);
  const store = annotator.workspace.annotations();
  store.create({ id: 'crit', author: anna, passage: passageIn(annotator.workspace, NOTICE, '283,000 convicted criminal aliens'), content: { kind: 'critique', body: 'Removal is **not** conviction.', tags: ['numbers'] } }, 'local');
  store.addReply('crit', { id: 'r-kept', author: anna, body: 'Compare the FY2013 figures.' }, 'local');
  store.addReply('crit', { id: 'r-hidden', author: anna, body: 'An aside nobody needs.' }, 'local');
  store.create({ id: 'later', author: anna, passage: passageIn(annotator.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Not for today.', tags: [] } }, 'local');
  editor.workspace.annotations().create({ id: 'eds', author: eddie, passage: passageIn(editor.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'critique', body: 'The editor’s own.', tags: [] } }, 'local');
  await whenDoc(owner.ydoc, () => owner.workspace.annotations().size === 3 && owner.workspace.annotations().get('crit')!.replies.length === 2);
  owner.workspace.annotations().toggleReaction('crit', olga, 'agree', 'local');
  await stored((ws) => ws.annotations().get('crit')!.reactions.length === 1);
});

afterAll(async () => {
  for (const c of opened) c.destroy();
  await server.close();
  data.cleanup();
});

function connect(role: Role, name: string): TestClient {
  const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, role, name));
  opened.push(client);
  return client;
}


async function stored(check: (ws: Workspace) => boolean): Promise<void> {
  const ydoc = server.sync.room(WORKSPACE)!.ydoc;
  await whenDoc(ydoc, () => check(new Workspace(ydoc)));
}

const headers = (role: Role, name = `${role} caller`) => ({ authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, role, name)}`, 'content-type': 'application/json' });

/**
 * Runs a change that the server must refuse, and resolves with the close it sends. The client is
 * done with then: reconnecting, it would offer the refused change again.
 */
async function refused(client: TestClient, change: () => void): Promise<{ code: number; reason: string }> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve));
  change();
  const result = await closed;
  client.provider.destroy();
  warn.mockRestore();
  return result;
}

describe('a seminar session', () => {
  let sessionId: string;

  it('is started by owners and editors through the API, one at a time', async () => {
    for (const role of ['annotator', 'viewer'] as const) {
      const response = await fetch(api('/sessions'), { method: 'POST', headers: headers(role), body: JSON.stringify({ title: 'Not allowed' }) });
      expect([response.status, (await response.json()).error]).toEqual([403, 'only owners and editors can run seminar sessions']);
    }
    const bad = await fetch(api('/sessions'), { method: 'POST', headers: headers('editor', eddie.name), body: JSON.stringify({ title: '' }) });
    expect([bad.status, (await bad.json()).error]).toEqual([400, 'title: a session needs a title']);
    const response = await fetch(api('/sessions'), { method: 'POST', headers: headers('editor', eddie.name), body: JSON.stringify({ title: 'Seminar, 3 December' }) });
    expect(response.status).toBe(201);
    const { session } = await response.json();
    expect(session).toMatchObject({ title: 'Seminar, 3 December', facilitator: eddie });
    sessionId = session.id;
    await whenDoc(editor.ydoc, () => editor.workspace.seminar().activeSession()?.id === sessionId);
    const again = await fetch(api('/sessions'), { method: 'POST', headers: headers('owner'), body: JSON.stringify({ title: 'Twice' }) });
    expect([again.status, (await again.json()).error]).toEqual([409, '“Seminar, 3 December” is still under way: end it first']);
    expect(server.accounts.auditLog(WORKSPACE, 5).some((e) => e.action === 'session.started' && e.detail.session === sessionId)).toBe(true);
  });

  it('passes on where the facilitator is only from the facilitator: a claim from anyone else arrives empty', async () => {
    const where = (by: string, documentId: string) => ({ sessionId, facilitatorId: by, documentId, besideId: null, blockId: null, spotlight: { documentId, start: 0, end: 10 }, at: Date.now() });
    const stateOf = (client: TestClient) => annotator.provider.awareness.getStates().get(client.provider.awareness.clientID) as { facilitating?: { documentId: string } | null; user?: { name: string } } | undefined;
    // The annotator pretends to be the facilitator, with a time no one could beat.
    annotator.provider.awareness.setLocalState({ user: { name: 'Anna' }, facilitating: { ...where(eddie.id, 'eo-14159'), at: 9e15 } });
    editor.provider.awareness.setLocalState({ user: { name: 'Eddie' }, facilitating: where(eddie.id, NOTICE) });
    // The server writes each member's own account name over whatever the client says.
    await whenAwareness(owner, () => owner.provider.awareness.getStates().get(annotator.provider.awareness.clientID)?.user?.name === anna.name);
    await whenAwareness(owner, () => owner.provider.awareness.getStates().get(editor.provider.awareness.clientID)?.facilitating?.documentId === NOTICE);
    expect(owner.provider.awareness.getStates().get(annotator.provider.awareness.clientID)?.facilitating).toBeNull();
    expect(stateOf(editor)?.facilitating?.documentId).toBe(NOTICE);
    annotator.provider.awareness.setLocalState({ user: { name: 'Anna' } });
    editor.provider.awareness.setLocalState({ user: { name: 'Eddie' } });
  });

  it('has an agenda the editor runs live, which annotators only read', async () => {
    const seminar = editor.workspace.seminar();
    seminar.addItem({ id: 'item-crit', annotationId: 'crit', addedBy: eddie }, 'local');
    seminar.addItem({ id: 'item-later', annotationId: 'later', addedBy: eddie }, 'local');
    seminar.addItem({ id: 'item-question', question: 'Is <script>alert("x")</script> a removal?', addedBy: eddie }, 'local', 0);
    seminar.moveItem('item-question', 1, 'local');
    seminar.setNowDiscussing('item-crit', eddie, 'local');
    seminar.setDiscussed('item-crit', true, 'local');
    seminar.setDiscussed('item-question', true, 'local');
    await whenDoc(annotator.ydoc, () => annotator.workspace.seminar().item('item-question')?.discussed === true);
    expect(annotator.workspace.seminar().agenda().map((i) => i.id)).toEqual(['item-crit', 'item-question', 'item-later']);
    expect(annotator.workspace.seminar().nowDiscussing()?.itemId).toBe('item-crit');
    annotator.workspace.annotations().addReply('crit', { id: 'r-live', author: anna, body: 'Said in the room.' }, 'local');
    await stored((ws) => ws.annotations().get('crit')!.replies.some((r) => r.id === 'r-live'));

    const intruder = connect('annotator', 'Ivan Intruder');
    await synced(intruder);
    const { code, reason } = await refused(intruder, () => intruder.workspace.seminar().moveItem('item-later', 0, 'local'));
    expect([code, reason]).toEqual([CloseCode.Refused, 'change refused: only owners and editors can run seminar sessions and change the agenda']);
    expect(owner.workspace.seminar().agenda().map((i) => i.id)).toEqual(['item-crit', 'item-question', 'item-later']);
  });

  it('takes a facilitator’s agenda edits made offline, values written over included, when they reconnect', async () => {
    const refusalsBefore = server.accounts.auditLog(WORKSPACE).filter((e) => e.action === 'update.refused').length;
    editor.provider.disconnect();
    const seminar = editor.workspace.seminar();
    seminar.setDiscussed('item-later', true, 'local');
    seminar.setDiscussed('item-later', false, 'local');
    seminar.moveItem('item-later', 0, 'local');
    seminar.setNowDiscussing('item-later', eddie, 'local');
    editor.provider.connect();
    await whenDoc(owner.ydoc, () => owner.workspace.seminar().nowDiscussing()?.itemId === 'item-later');
    expect(owner.workspace.seminar().agenda().map((i) => i.id)).toEqual(['item-later', 'item-crit', 'item-question']);
    expect(owner.workspace.seminar().item('item-later')?.discussed).toBe(false);
    expect(server.accounts.auditLog(WORKSPACE).filter((e) => e.action === 'update.refused')).toHaveLength(refusalsBefore);
  });

  it('hides for moderators only, with every hide and unhide in the audit log', async () => {
    editor.workspace.annotations().hideReply('crit', 'r-hidden', eddie, 'local');
    await stored((ws) => ws.annotations().get('crit')!.replies.find((r) => r.id === 'r-hidden')!.hidden !== null);
    editor.workspace.annotations().hide('later', eddie, 'local');
    await stored((ws) => ws.annotations().get('later')!.hidden !== null);
    // Hidden, not gone: everyone's store still lists it, marked.
    await whenDoc(annotator.ydoc, () => annotator.workspace.annotations().get('later')!.hidden !== null);
    expect(annotator.workspace.annotations().get('later')!.hidden).toMatchObject({ by: eddie });
    const log = server.accounts.auditLog(WORKSPACE, 2);
    expect(log.map((e) => [e.action, e.actor, e.detail])).toEqual([
      ['annotation.hidden', eddie.id, { role: 'editor', annotation: 'later' }],
      ['reply.hidden', eddie.id, { role: 'editor', annotation: 'crit', reply: 'r-hidden' }],
    ]);

    // Annotators cannot hide; authors cannot show their own again.
    const { code } = await refused(annotator, () => annotator.workspace.annotations().hide('eds', anna, 'local'));
    expect(code).toBe(CloseCode.Refused);
    owner.workspace.annotations().hide('eds', olga, 'local');
    await whenDoc(editor.ydoc, () => editor.workspace.annotations().get('eds')!.hidden !== null);
    // As a hostile client would: the typed store refuses it, so write the map directly.
    const raw = () => editor.ydoc.transact(() => (editor.ydoc.getMap(rootNames.ANNOTATIONS).get('eds') as Y.Map<unknown>).delete(annotationKeys.HIDDEN), 'local');
    const own = await refused(editor, raw);
    expect(own.reason).toBe('change refused: nobody can hide or show their own annotations or replies');
    expect(server.accounts.auditLog(WORKSPACE, 1)[0]).toMatchObject({ action: 'update.refused', actor: eddie.id });

    owner.workspace.annotations().unhide('eds', olga, 'local');
    await stored((ws) => ws.annotations().get('eds')!.hidden === null);
    expect(server.accounts.auditLog(WORKSPACE, 1)[0]).toMatchObject({ action: 'annotation.unhidden', actor: olga.id, detail: { role: 'owner', annotation: 'eds' } });
    expect(server.accounts.auditLog(WORKSPACE, 10).filter((e) => e.action === 'annotation.hidden').map((e) => e.actor)).toEqual([olga.id, eddie.id]);
  });

  it('leaves hidden items out of exports', async () => {
    const csv = await (await fetch(api('/export?format=csv'), { headers: headers('viewer') })).text();
    expect(csv).toContain('Compare the FY2013 figures.');
    expect(csv).not.toContain('An aside nobody needs.');
    expect(csv).not.toContain('Not for today.');
  });

  it('ends through the API, which saves a version of the workspace as it ended', async () => {
    const refusedEnd = await fetch(api(`/sessions/${sessionId}/end`), { method: 'POST', headers: headers('annotator') });
    expect(refusedEnd.status).toBe(403);
    const response = await fetch(api(`/sessions/${sessionId}/end`), { method: 'POST', headers: headers('editor', eddie.name) });
    expect(response.status).toBe(200);
    const { session, version } = await response.json();
    expect(session.endedAt).toEqual(expect.any(String));
    expect(version).toMatchObject({ reason: 'session-end', sessionId, name: 'Seminar, 3 December (end of session)', createdBy: eddie });
    const bytes = new Uint8Array(await (await fetch(api(`/versions/${version.id}`), { headers: headers('viewer') })).arrayBuffer());
    const saved = new Y.Doc();
    Y.applyUpdate(saved, bytes);
    const seminar = new Workspace(saved).seminar();
    expect(seminar.session(sessionId)?.endedAt).toBe(session.endedAt);
    expect(seminar.nowDiscussing()).toBeNull();
    // The item under discussion when the session ended (item-later) was discussed in it.
    expect(seminar.agenda().filter((i) => i.discussed).map((i) => i.id)).toEqual(['item-later', 'item-crit', 'item-question']);
    await whenDoc(owner.ydoc, () => owner.workspace.seminar().activeSession() === undefined);

    const twice = await fetch(api(`/sessions/${sessionId}/end`), { method: 'POST', headers: headers('editor', eddie.name) });
    expect(twice.status).toBe(409);
    const unknown = await fetch(api('/sessions/s-nothing/end'), { method: 'POST', headers: headers('editor', eddie.name) });
    expect(unknown.status).toBe(404);
  });

  it('has a summary of what was discussed, with threads and reactions, user text escaped', async () => {
    const response = await fetch(api(`/sessions/${sessionId}/summary`), { headers: headers('viewer') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="secure-communities-session-s-[0-9a-f]+-\d{4}-\d{2}-\d{2}\.html"$/);
    const html = await response.text();
    expect(html).toContain('<h1>Seminar, 3 December</h1>');
    expect(html).toContain('2 items discussed');
    expect(html).toContain('283,000 convicted criminal aliens');
    expect(html).toContain('Removal is <strong>not</strong> conviction.');
    expect(html).toContain('Compare the FY2013 figures.');
    expect(html).toContain('Said in the room.');
    expect(html).toContain('agree 1');
    expect(html).toContain('Is &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; a removal?');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('An aside nobody needs.');
    expect(html).not.toContain('Not for today.');
    expect(html.indexOf('283,000')).toBeLessThan(html.indexOf('Is &lt;script'));
    const missing = await fetch(api('/sessions/s-nothing/summary'), { headers: headers('viewer') });
    expect(missing.status).toBe(404);
  });

  it('counts participation per member and per session, for owners and editors, as JSON or CSV', async () => {
    expect((await fetch(api('/participation'), { headers: headers('viewer') })).status).toBe(403);
    expect((await fetch(api('/participation'), { headers: headers('annotator') })).status).toBe(403);
    const response = await fetch(api('/participation'), { headers: headers('editor') });
    expect(response.status).toBe(200);
    const report = await response.json();
    const annaRow = report.overall.find((m: { person: { id: string } }) => m.person.id === anna.id);
    expect(annaRow).toMatchObject({ annotations: { critique: 1, question: 1, total: 2 }, replies: 3, reactions: 0 });
    expect(report.overall.find((m: { person: { id: string } }) => m.person.id === olga.id)).toMatchObject({ reactions: 1 });
    expect(report.sessions.map((s: { session: { id: string } }) => s.session.id)).toEqual([sessionId]);
    // Only the reply said in the room falls inside the session.
    const inSession = report.sessions[0].members.find((m: { person: { id: string } }) => m.person.id === anna.id);
    expect(inSession).toMatchObject({ annotations: { total: 0 }, replies: 1, reactions: 0 });

    const csvResponse = await fetch(api('/participation?format=csv'), { headers: headers('owner') });
    expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = Papa.parse<Record<string, string>>(await csvResponse.text(), { header: true }).data;
    expect(rows.find((r) => r.scope === 'overall' && r.member_id === anna.id)).toMatchObject({ critiques: '1', questions: '1', replies: '3' });
    expect(rows.find((r) => r.scope === 'session' && r.session_id === sessionId && r.member_id === anna.id)).toMatchObject({ annotations: '0', replies: '1' });
    const bad = await fetch(api('/participation?format=xlsx'), { headers: headers('owner') });
    expect(bad.status).toBe(400);
  });
});
