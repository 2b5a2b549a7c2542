import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode, Workspace, agendaReplyKey, memberColors, type Role } from '../../core/index.js';
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

describe('the seminar leader’s tools, over real connections', () => {
  let sessionId: string;
  const post = (path: string, role: Role, name: string, payload: unknown) => fetch(api(path), { method: 'POST', headers: headers(role, name), body: JSON.stringify(payload) });

  it('lets anyone who annotates raise and lower their own hand; only the facilitator lowers another’s, by calling on them', async () => {
    const started = await post('/sessions', 'editor', eddie.name, { title: 'Tools' });
    expect(started.status).toBe(201);
    sessionId = ((await started.json()) as { session: { id: string } }).session.id;
    await whenDoc(annotator.ydoc, () => annotator.workspace.seminar().activeSession()?.id === sessionId);

    annotator.workspace.hands().raise(anna, sessionId, 'local');
    const bea = connect('annotator', 'Bea Second');
    await synced(bea);
    bea.workspace.hands().raise({ id: 'bea-second', name: 'Bea Second' }, sessionId, 'local');
    await stored((ws) => ws.hands().queue(sessionId).length === 2);
    expect(new Workspace(roomDoc()).hands().queue(sessionId).map((h) => h.person.id)).toEqual(['anna-annotator', 'bea-second']);

    // Raising someone else's hand, or lowering it, is refused.
    const mallory = connect('annotator', 'Mallory Meddler');
    await synced(mallory);
    const raisedForOther = await refused(mallory, () => mallory.workspace.hands().raise({ id: 'zoe-absent', name: 'Zoe Absent' }, sessionId, 'local'));
    expect(raisedForOther.reason).toBe('change refused: you can only raise your own hand');
    const meddler = connect('annotator', 'Mel Meddler');
    await synced(meddler);
    const lowered = await refused(meddler, () => meddler.workspace.hands().lower('bea-second', 'local'));
    expect(lowered.reason).toBe('change refused: only the facilitator can lower someone else’s hand');
    // An editor who does not facilitate cannot call on people either.
    const other = connect('editor', 'Ed Other');
    await synced(other);
    const called = await refused(other, () => other.workspace.hands().callNext(sessionId, { id: 'ed-other', name: 'Ed Other' }, 'local'));
    expect(called.reason).toMatch(/only the facilitator/);

    // The facilitator calls the first hand: it goes down and Anna is speaking.
    editor.workspace.hands().callNext(sessionId, eddie, 'local');
    await stored((ws) => ws.hands().queue(sessionId).length === 1);
    expect(new Workspace(roomDoc()).hands().speaking(sessionId)?.person).toEqual(anna);
    // Bea lowers her own.
    bea.workspace.hands().lower('bea-second', 'local');
    await stored((ws) => ws.hands().queue(sessionId).length === 0);
  });

  it('keeps the timer the facilitator’s, counted from one instant on every screen', async () => {
    const seminar = editor.workspace.seminar();
    seminar.addItem({ id: 'item-timed', question: 'How long?', addedBy: eddie }, 'local');
    seminar.setNowDiscussing('item-timed', eddie, 'local');
    editor.workspace.timer().start('item-timed', 300, 'local', 1_000_000);
    await whenDoc(annotator.ydoc, () => annotator.workspace.timer().current()?.itemId === 'item-timed');
    const { secondsLeft } = await import('../../core/index.js');
    expect(secondsLeft(annotator.workspace.timer().current()!, 1_000_000 + 61_000)).toBe(239);
    const setter = connect('annotator', 'Tim Timer');
    await synced(setter);
    const timed = await refused(setter, () => setter.workspace.timer().stop('local'));
    expect(timed.reason).toBe('change refused: only owners and editors can run seminar sessions and change the agenda');
  });

  it('takes one vote per member through the server, and keeps an anonymous poll’s voters out of the document', async () => {
    editor.workspace.polls().open({ id: 'poll-1', sessionId, itemId: 'item-timed', question: 'Agree?', anonymous: true, openedBy: eddie }, 'local');
    await stored((ws) => ws.polls().get('poll-1') !== undefined);
    expect((await post('/polls/poll-1/vote', 'annotator', anna.name, { option: 0 })).status).toBe(200);
    expect((await post('/polls/poll-1/vote', 'annotator', anna.name, { option: 1 })).status).toBe(200);
    expect((await post('/polls/poll-1/vote', 'viewer', 'Vic Viewer', { option: 1 })).status).toBe(200);
    expect((await post('/polls/poll-1/vote', 'annotator', anna.name, { option: 7 })).status).toBe(400);
    await whenDoc(annotator.ydoc, () => annotator.workspace.polls().tally('poll-1').counts.join() === '0,2,0');
    // Nothing in the shared document says who voted: not their ids, not their names.
    const everything = JSON.stringify(annotator.ydoc.toJSON());
    expect(everything).not.toContain('anna-annotator|');
    expect(JSON.stringify(annotator.ydoc.getMap('polls').toJSON())).not.toMatch(/anna|vic/i);

    // Writing a tally, or someone else's poll, through the document is refused.
    const stuffer = connect('editor', 'Stu Stuffer');
    await synced(stuffer);
    const stuffed = await refused(stuffer, () => stuffer.workspace.polls().setTally({ pollId: 'poll-1', counts: [99, 0, 0] }, 'local'));
    expect(stuffed.reason).toBe('change refused: votes are counted by the server');
    const voter = connect('annotator', 'Val Voter');
    await synced(voter);
    const opened = await refused(voter, () => voter.workspace.polls().open({ id: 'poll-x', sessionId, itemId: null, question: 'Mine?', anonymous: false, openedBy: { id: 'val-voter', name: 'Val Voter' } }, 'local'));
    expect(opened.reason).toBe('change refused: only owners and editors can open and close polls');

    // A named poll lists who chose what; a closed one takes no more votes.
    editor.workspace.polls().open({ id: 'poll-2', sessionId, itemId: null, question: 'Named?', options: ['Yes', 'No'], anonymous: false, openedBy: eddie }, 'local');
    await stored((ws) => ws.polls().get('poll-2') !== undefined && ws.polls().get('poll-1')?.closedAt !== undefined);
    expect((await post('/polls/poll-1/vote', 'annotator', anna.name, { option: 0 })).status).toBe(409);
    expect((await post('/polls/poll-2/vote', 'annotator', anna.name, { option: 0 })).status).toBe(200);
    await whenDoc(annotator.ydoc, () => annotator.workspace.polls().tally('poll-2').counts.join() === '1,0');
    expect(annotator.workspace.polls().tally('poll-2').voters?.[0]).toEqual([anna]);
  });

  it('shows anonymous questions to moderators without their authors, and puts one on the agenda anonymously', async () => {
    expect((await post(`/sessions/${sessionId}/questions`, 'viewer', 'Quiet Viewer', { body: 'Who audits the <script>data</script>?' })).status).toBe(201);
    await whenDoc(editor.ydoc, () => editor.workspace.seminar().questionsAsked(sessionId) === 1);
    expect((await fetch(api(`/sessions/${sessionId}/questions`), { headers: headers('annotator', anna.name) })).status).toBe(403);
    const listed = (await (await fetch(api(`/sessions/${sessionId}/questions`), { headers: headers('editor', eddie.name) })).json()) as { questions: { id: string; body: string }[] };
    expect(listed.questions).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toMatch(/quiet/i);
    const put = await post(`/sessions/${sessionId}/questions/${listed.questions[0]!.id}/agenda`, 'editor', eddie.name, {});
    expect(put.status).toBe(200);
    const { itemId } = (await put.json()) as { itemId: string };
    await whenDoc(annotator.ydoc, () => annotator.workspace.seminar().item(itemId) !== undefined);
    expect(annotator.workspace.seminar().item(itemId)).toMatchObject({ question: 'Who audits the <script>data</script>?', anonymous: true, addedBy: eddie });
    expect(JSON.stringify(annotator.ydoc.toJSON())).not.toMatch(/quiet/i);
  });

  it('records attendance from connections, silent viewers included, in participation and its CSV', async () => {
    const silent = connect('viewer', 'Sid Silent');
    await synced(silent);
    const report = (await (await fetch(api('/participation'), { headers: headers('editor', eddie.name) })).json()) as { sessions: { session: { id: string }; attendance: { person: { id: string }; role: string; minutes: number }[] }[] };
    const attendance = report.sessions.find((s) => s.session.id === sessionId)!.attendance;
    expect(attendance.map((a) => a.person.id)).toEqual(expect.arrayContaining(['sid-silent', 'anna-annotator', 'eddie-editor']));
    expect(attendance.find((a) => a.person.id === 'sid-silent')?.role).toBe('viewer');
    const csv = await (await fetch(api('/participation?format=csv'), { headers: headers('editor', eddie.name) })).text();
    expect(csv).toMatch(new RegExp(`^attendance,${sessionId},Tools,.*,sid-silent,Sid Silent,.*,viewer,`, 'm'));
  });

  it('hands the facilitation over to another editor, and only to one', async () => {
    const toAnnotator = await post(`/sessions/${sessionId}/handover`, 'editor', eddie.name, { to: 'anna-annotator' });
    expect(toAnnotator.status).toBe(400);
    const byOther = await post(`/sessions/${sessionId}/handover`, 'editor', 'Ed Other', { to: 'ed-other' });
    expect(byOther.status).toBe(403);

    // To an editor: the session names them, and only their claim to facilitate is passed on now.
    const erin = server.accounts.createUser({ username: 'erin', password: null, displayName: 'Erin Editor', id: 'erin-editor' });
    server.accounts.addMember(WORKSPACE, erin.id, 'editor');
    const handed = await post(`/sessions/${sessionId}/handover`, 'editor', eddie.name, { to: 'erin-editor' });
    expect(handed.status).toBe(200);
    await whenDoc(annotator.ydoc, () => annotator.workspace.seminar().activeSession()?.facilitator.id === 'erin-editor');
    expect(annotator.workspace.seminar().activeSession()?.facilitator).toEqual({ id: 'erin-editor', name: 'Erin Editor' });
    // Eddie no longer facilitates: calling on people is Erin's now.
    annotator.workspace.hands().raise(anna, sessionId, 'local');
    await whenDoc(editor.ydoc, () => editor.workspace.hands().queue(sessionId).length === 1);
    const former = await refused(editor, () => editor.workspace.hands().callNext(sessionId, eddie, 'local'));
    expect(former.reason).toMatch(/only the facilitator/);
  });

  it('prints the agenda with its passages, user text escaped', async () => {
    const response = await fetch(api('/agenda/handout'), { headers: headers('viewer') });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<mark>3,181 jurisdictions</mark>');
    expect(html).toContain('Who audits the &lt;script&gt;data&lt;/script&gt;?');
    expect(html).toContain('@media print');
  });
});

describe('presence colours', () => {
  it('are distinct for the members of a workspace as the server relays them', async () => {
    // Six more members (fewer than ten in all), three by three sharing the colour their ids hash to.
    const names = [0, 13, 22, 1, 12, 21].map((i) => `Member Number${i}`);
    for (const name of names) {
      const id = name.toLowerCase().replace(' ', '-');
      server.accounts.createUser({ username: id, password: null, displayName: name, id });
      server.accounts.addMember(WORKSPACE, id, 'annotator');
    }
    const clients = names.map((name) => connect('annotator', name));
    await Promise.all(clients.map(synced));
    for (const c of clients) c.provider.awareness.setLocalStateField('location', { view: 'notebook' });
    const watcher = clients[0]!;
    const colours = () => [...watcher.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string; color: string } }).user).filter((u) => u && names.includes(u.name));
    await whenAwareness(watcher, () => colours().length === names.length - 1);
    expect(new Set(colours().map((u) => u!.color)).size).toBe(names.length - 1);
  });

  it('gives every member of a workspace their own colour while there are colours enough', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `member-${i}`);
    expect(new Set(memberColors(ids).values()).size).toBe(10);
    // Early members keep their colour as others join.
    expect(memberColors(ids.slice(0, 3)).get('member-1')).toBe(memberColors(ids).get('member-1'));
  });
});
