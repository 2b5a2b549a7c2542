import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode, Workspace, rootNames, type Role } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { passageIn } from '../support/annotated-workspace.js';
import { connectClient, synced, whenAwareness, whenDoc, writeNotebookParagraph, type TestClient } from '../support/clients.js';
import { encodeRawUpdate, rawItem, syncFrame, type RawUpdate } from '../support/raw-updates.js';

/*
 * Each attack of the enforcement review, over real WebSockets, written by hand as a hostile
 * member would write it. Honest members use the stock provider and are the witnesses: after each
 * attack nothing is stored or broadcast, the refusal is in the audit log, and they keep working.
 */

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const FRAME_LIMIT = 1024 * 1024;

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let owner: TestClient;
let anna: TestClient;
let witness: TestClient;
const opened: TestClient[] = [];
const annaPerson = { id: 'anna-annotator', name: 'Anna Annotator' };

const tokenFor = (role: Role, name: string) => server.credentials.createBearerToken(WORKSPACE, role, name);

function connect(role: Role, name: string): TestClient {
  const client = connectClient(server.url, WORKSPACE, tokenFor(role, name));
  opened.push(client);
  return client;
}

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir, { maxMessageBytes: FRAME_LIMIT, writeLimits: { updatesPerSecond: 50, updateBurst: 300, bytesPerSecond: 64 * 1024, byteBurst: FRAME_LIMIT, growthPerMinute: FRAME_LIMIT } });
  owner = connect('owner', 'Olga Owner');
  anna = connect('annotator', 'Anna Annotator');
  witness = connect('editor', 'Wes Witness');
  await Promise.all([synced(owner), synced(anna), synced(witness)]);
  // The owner corrects a label in the notice, so that the owner's client has items in it.
  owner.ydoc.transact(() => (owner.workspace.documentText(NOTICE).get(2) as Y.XmlElement).setAttribute('label', '¶ 1'));
  anna.workspace.annotations().create({ id: 'annas', author: annaPerson, passage: passageIn(anna.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'critique', body: 'Count them again.', tags: [] } }, 'local');
  anna.workspace.annotations().addReply('annas', { id: 'annas-reply', author: annaPerson, body: 'Still counting.' }, 'local');
  writeNotebookParagraph(anna, 'Anna’s note.');
  await whenDoc(serverDoc(), () => new Workspace(serverDoc()).annotations().get('annas')?.replies.length === 1 && serverDoc().getXmlFragment(rootNames.NOTEBOOK).length > 0);
});

afterAll(async () => {
  for (const c of opened) c.destroy();
  await server.close();
  data.cleanup();
});

const serverDoc = () => server.sync.room(WORKSPACE)!.ydoc;

function storedBytes(): string {
  const rows = server.db.prepare('SELECT data FROM updates WHERE workspace_id = ? ORDER BY id').all(WORKSPACE) as { data: Buffer }[];
  const snapshot = server.db.prepare('SELECT data FROM snapshots WHERE workspace_id = ?').get(WORKSPACE) as { data: Buffer };
  return Buffer.concat([snapshot.data, ...rows.map((r) => r.data)]).toString('base64');
}

const refusals = () => server.accounts.auditLog(WORKSPACE, 10_000).filter((e) => e.action === 'update.refused');

/** A raw, authenticated socket speaking the protocol by hand. */
async function rawSocket(role: Role, name: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }>; send: (frame: Uint8Array) => void }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${WORKSPACE}?token=${tokenFor(role, name)}`);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => {
    ws.once('message', resolve); // the server's sync step 1
    ws.once('error', reject);
  });
  return {
    ws,
    closed,
    send: (frame) => ws.send(frame),
  };
}

function awarenessFrame(entries: [number, number, unknown][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [client, clock, state] of entries) {
    encoding.writeVarUint(inner, client);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** Sends a crafted update and asserts the whole promise: refused, nothing stored or shown, audited, others unaffected. */
async function expectRefused(role: Role, name: string, update: RawUpdate | Uint8Array, reason: RegExp): Promise<void> {
  const before = storedBytes();
  const state = Y.encodeStateAsUpdate(serverDoc());
  const audited = refusals().length;
  const socket = await rawSocket(role, name);
  socket.send(syncFrame(update instanceof Uint8Array ? update : encodeRawUpdate(update)));
  const closed = await socket.closed;
  expect(closed.code).toBe(CloseCode.Refused);
  expect(closed.reason).toMatch(reason);
  expect(storedBytes()).toBe(before);
  expect(Y.encodeStateAsUpdate(serverDoc())).toEqual(state);
  expect(serverDoc().store.pendingStructs).toBeNull();
  expect(serverDoc().store.pendingDs).toBeNull();
  expect(refusals().length).toBe(audited + 1);
  await stillServing(name);
  // The honest member holds exactly what the server holds: nothing of the attack reached it.
  await whenDoc(witness.ydoc, () => Buffer.from(Y.encodeStateVector(witness.ydoc)).equals(Buffer.from(Y.encodeStateVector(serverDoc()))));
}

let honestWrites = 0;
async function stillServing(label: string): Promise<void> {
  const text = `still here after ${label} #${++honestWrites}`;
  writeNotebookParagraph(witness, text);
  await whenDoc(owner.ydoc, () => owner.workspace.notebook().toString().includes(text));
}

/** A stored item of the server's document, found the way an attacker reads it from their copy. */
function itemOf(type: { _item: Y.Item | null }): Y.Item {
  return type._item!;
}

const noticeText = () => serverDoc().getXmlFragment(rootNames.DOCUMENT_TEXT_PREFIX + NOTICE);
const firstStringItem = (fragment: Y.XmlFragment): Y.Item => {
  for (let item = ((fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText)._start; item; item = item.right) if (item.content instanceof Y.ContentString && !item.deleted) return item;
  throw new Error('no text');
};
const annotationMap = () => serverDoc().getMap(rootNames.ANNOTATIONS).get('annas') as Y.Map<unknown>;
const mallory = 9_000_001;
const vic = 9_000_020;

describe('crafted updates over the stock protocol', () => {
  it('a resent item with another declared parent and a delete set naming it does not delete the real item', async () => {
    const record = annotationMap()._map.get('record')!;
    const reply = (annotationMap().get('replies') as Y.Map<unknown>)._map.get('annas-reply')!;
    const text = firstStringItem(noticeText());
    for (const target of [record, reply]) {
      await expectRefused('annotator', 'Mallory Annotator', {
        sections: [{ client: target.id.client, structs: [rawItem(target.id, new Y.ContentString('x'), { parent: rootNames.NOTEBOOK })] }],
        ds: [{ client: target.id.client, ranges: [[target.id.clock, 1]] }],
      }, /only its author|someone else/);
    }
    // A viewer, through the delete set alone: a reply and forty characters of the locked notice.
    await expectRefused('viewer', 'Vic Viewer', { sections: [], ds: [{ client: reply.id.client, ranges: [[reply.id.clock, 1]] }] }, /viewers/);
    await expectRefused('viewer', 'Vic Viewer', { sections: [], ds: [{ client: text.id.client, ranges: [[text.id.clock, 40]] }] }, /viewers/);
    expect(new Workspace(serverDoc()).annotations().get('annas')?.replies.map((r) => r.id)).toEqual(['annas-reply']);
  });

  it('a new item placed through a neighbour lands where Yjs puts it, and is judged there', async () => {
    const text = firstStringItem(noticeText());
    const info = serverDoc().getMap(rootNames.WORKSPACE)._map.get('title')!;
    const meta = serverDoc().getMap(rootNames.DOCUMENTS)._map.get(NOTICE)!;
    const record = annotationMap()._map.get('record')!;
    const cases: [string, Y.Item, Y.Item['content'], RegExp][] = [
      ['text into the locked notice', text, new Y.ContentString('EVIL'), /annotators cannot edit the text/],
      ['a rename of the workspace', info, new Y.ContentAny(['Owned']), /only owners can change the workspace/],
      ['an unlocked notice', meta, new Y.ContentAny([{ ...(meta.content as Y.ContentAny).arr[0], locked: false }]), /only owners and editors/],
      ['another member’s record', record, new Y.ContentAny([{ ...(record.content as Y.ContentAny).arr[0], body: 'Forged.' }]), /only its author/],
    ];
    for (const [, target, content, reason] of cases) {
      // A duplicate of the target declared in the notebook, and a new item whose only place is that duplicate.
      await expectRefused('annotator', 'Mallory Annotator', {
        sections: [
          { client: mallory, structs: [rawItem(Y.createID(mallory, 0), content, { origin: Y.createID(target.id.client, target.id.clock + target.length - 1) })] },
          { client: target.id.client, structs: [rawItem(target.id, new Y.ContentString('x'), { parent: rootNames.NOTEBOOK })] },
        ],
        ds: [],
      }, reason);
    }
    expect(new Workspace(serverDoc()).info()?.title).not.toBe('Owned');
    expect(new Workspace(serverDoc()).document(NOTICE)?.locked).toBe(true);
  });

  it('a mark the schema lacks, or an element, never enters a text, whoever sends it', async () => {
    const notebook = serverDoc().getXmlFragment(rootNames.NOTEBOOK);
    const paragraph = notebook.get(0) as Y.XmlElement;
    const textItem = itemOf(paragraph.get(0) as Y.XmlText);
    const formatAt = (client: number, key: string, value: unknown) => ({
      sections: [{ client, structs: [rawItem(Y.createID(client, 0), new Y.ContentFormat(key, value as object), { parent: textItem.id })] }],
      ds: [],
    });
    await expectRefused('owner', 'Olga Owner', formatAt(9_000_010, 'blink', {}), /not a mark/);
    await expectRefused('annotator', 'Mallory Annotator', formatAt(mallory, 'link', { href: 42 }), /attributes this workspace cannot show/);
    await expectRefused('editor', 'Eve Editor', {
      sections: [{ client: 9_000_011, structs: [rawItem(Y.createID(9_000_011, 0), new Y.ContentType(new Y.XmlElement('script')), { parent: rootNames.NOTEBOOK })] }],
      ds: [],
    }, /is not part of a text/);
    await expectRefused('editor', 'Eve Editor', {
      sections: [{ client: 9_000_011, structs: [rawItem(Y.createID(9_000_011, 0), new Y.ContentAny(['x" onclick="alert(1)']), { parent: itemOf(paragraph).id, parentSub: 'onclick' })] }],
      ds: [],
    }, /has no attribute/);
  });

  it('an overlapping struct is placed after the server’s last item of its client, as Yjs does', async () => {
    // Mallory writes a notebook paragraph under her client id, then resends its last clock and
    // more, declaring the notice as parent: Yjs places the new part after her last item.
    const mal = await rawSocket('annotator', 'Mallory Annotator');
    const own = new Y.Doc();
    own.clientID = mallory + 1;
    Y.applyUpdate(own, Y.encodeStateAsUpdate(serverDoc()));
    const before = Y.encodeStateVector(own);
    own.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Mallory’s line')]);
      own.getXmlFragment(rootNames.NOTEBOOK).insert(0, [paragraph]);
    });
    mal.send(syncFrame(Y.encodeStateAsUpdate(own, before)));
    await whenDoc(owner.ydoc, () => owner.workspace.notebook().toString().includes('Mallory’s line'));
    mal.ws.close();
    const state = Y.getState(serverDoc().store, mallory + 1);
    const overlap = rawItem(Y.createID(mallory + 1, state - 1), new Y.ContentString('e!'), { parent: rootNames.DOCUMENT_TEXT_PREFIX + NOTICE });
    const noticeBefore = noticeText().toString();
    const again = await rawSocket('annotator', 'Mallory Annotator');
    again.send(syncFrame(encodeRawUpdate({ sections: [{ client: mallory + 1, structs: [overlap] }], ds: [] })));
    await whenDoc(owner.ydoc, () => owner.workspace.notebook().toString().includes('Mallory’s line!'));
    again.ws.close();
    expect(noticeText().toString()).toBe(noticeBefore);
    // Under the owner's client id, whose last item is in the notice, the same is refused outright.
    const ownerClient = owner.ydoc.clientID;
    const ownerState = Y.getState(serverDoc().store, ownerClient);
    await expectRefused('annotator', 'Mallory Annotator', { sections: [{ client: ownerClient, structs: [rawItem(Y.createID(ownerClient, ownerState - 1), new Y.ContentString('ab'), { parent: rootNames.NOTEBOOK })] }], ds: [] }, /belongs to someone else/);
  });

  it('a client id belongs to the member who first wrote with it: an offline member’s work survives someone taking her next clocks', async () => {
    anna.provider.disconnect();
    anna.workspace.annotations().create({ id: 'offline', author: annaPerson, passage: passageIn(anna.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Written on the train.', tags: [] } }, 'local');
    const client = anna.ydoc.clientID;
    const next = Y.getState(serverDoc().store, client);
    await expectRefused('annotator', 'Mallory Annotator', { sections: [{ client, structs: [rawItem(Y.createID(client, next), new Y.ContentAny(['x']), { parent: rootNames.NOTEBOOK })] }], ds: [] }, /belongs to someone else/);
    // A garbage struct is a write too, even from a viewer (refused before it is decoded).
    await expectRefused('viewer', 'Vic Viewer', { sections: [{ client, structs: [new Y.GC(Y.createID(client, next), 5)] }], ds: [] }, /viewers/);
    await expectRefused('editor', 'Eve Editor', { sections: [{ client, structs: [new Y.GC(Y.createID(client, next), 5)] }], ds: [] }, /belongs to someone else/);
    anna.provider.connect();
    await whenDoc(serverDoc(), () => new Workspace(serverDoc()).annotations().get('offline') !== undefined);
    await whenDoc(owner.ydoc, () => owner.workspace.annotations().get('offline')?.body === 'Written on the train.');
  });

  it('one message cannot stall the server: huge lengths and long chains are refused at once', async () => {
    // 33 bytes: one deleted item of length 2^40 and a delete set over it.
    const huge = encodeRawUpdate({ sections: [{ client: vic, structs: [rawItem(Y.createID(vic, 0), new Y.ContentDeleted(2 ** 40), { parent: rootNames.NOTEBOOK })] }], ds: [{ client: vic, ranges: [[0, 2 ** 40]] }] });
    expect(huge.byteLength).toBeLessThan(40);
    for (const role of ['viewer', 'annotator'] as Role[]) {
      // Refused, and the honest edit right after it goes through (a server stepping through 2^40
      // clocks never answers it); how fast is measured by `npm run bench`.
      await expectRefused(role, role === 'viewer' ? 'Vic Viewer' : 'Mallory Annotator', huge, role === 'viewer' ? /viewers/ : /larger than one change may be/);
    }
    const chain = Array.from({ length: 40_000 }, (_, i) => rawItem(Y.createID(mallory + 2, i), new Y.ContentAny([i]), i === 0 ? { parent: rootNames.NOTEBOOK } : { origin: Y.createID(mallory + 2, i - 1) }));
    const chainUpdate = encodeRawUpdate({ sections: [{ client: mallory + 2, structs: chain }], ds: [] });
    expect(chainUpdate.byteLength).toBeLessThan(FRAME_LIMIT);
    await expectRefused('annotator', 'Mallory Annotator', chainUpdate, /parts, more than/);
  });

  it('keeps nothing that cannot be placed', async () => {
    await expectRefused('annotator', 'Mallory Annotator', { sections: [{ client: mallory + 3, structs: [rawItem(Y.createID(mallory + 3, 2 ** 52), new Y.ContentString('ghost'), { parent: rootNames.NOTEBOOK })] }], ds: [] }, /does not have/);
    const text = firstStringItem(noticeText());
    await expectRefused('annotator', 'Mallory Annotator', { sections: [{ client: mallory + 3, structs: [rawItem(Y.createID(mallory + 3, 0), new Y.ContentString('ghost'), { origin: Y.createID(text.id.client, 2 ** 52) })] }], ds: [] }, /does not have/);
    await expectRefused('annotator', 'Mallory Annotator', { sections: [], ds: [{ client: text.id.client, ranges: [[2 ** 40, 5]] }] }, /does not have/);
  });

  it('a member’s write quota refuses the excess with a reason, and others keep working', async () => {
    const socket = await rawSocket('annotator', 'Quentin Quota');
    const big = (i: number) => {
      const doc = new Y.Doc();
      doc.clientID = 9_100_000;
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(`${i}`.padEnd(FRAME_LIMIT - 200, 'x'))]);
      doc.getXmlFragment(rootNames.NOTEBOOK).insert(0, [paragraph]);
      return Y.encodeStateAsUpdate(doc);
    };
    socket.send(syncFrame(big(0)));
    socket.send(syncFrame(big(1)));
    const closed = await socket.closed;
    expect(closed.code).toBe(CloseCode.TooFast);
    expect(closed.reason).toMatch(/too much sent at once|a minute/);
    await stillServing('a quota');
    expect(refusals().at(-1)?.detail).toMatchObject({ role: 'annotator' });

    // Thousands of tiny updates: the burst is taken, the rest refused, and nobody waits for them.
    const flood = await rawSocket('annotator', 'Flora Flood');
    const doc = new Y.Doc();
    doc.clientID = 9_200_000;
    const text = new Y.XmlText();
    const frames: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => frames.push(syncFrame(update)));
    doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [text]);
      doc.getXmlFragment(rootNames.NOTEBOOK).insert(0, [paragraph]);
    });
    for (let i = 0; i < 5_000; i++) text.insert(text.length, 'f');
    for (const frame of frames) flood.send(frame);
    await stillServing('a flood of tiny updates');
    expect((await flood.closed).code).toBe(CloseCode.TooFast);
    const taken = Y.getState(serverDoc().store, 9_200_000);
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(400);
  });
});

describe('crafted awareness', () => {
  it('a member sets only the presence it introduced, under its account’s name and colour, a few at most', async () => {
    anna.provider.awareness.setLocalStateField('location', { view: 'notebook' });
    await whenAwareness(owner, () => owner.provider.awareness.getStates().get(anna.provider.awareness.clientID)?.location?.view === 'notebook');
    const annaId = anna.provider.awareness.clientID;
    const socket = await rawSocket('annotator', 'Mallory Annotator');
    const many: [number, number, unknown][] = Array.from({ length: 2_000 }, (_, i) => [7_000_000 + i, 1, { user: { name: 'Olga Owner', color: 'red; position:fixed; inset:0' }, location: { view: 'notebook' } }]);
    socket.send(awarenessFrame([[annaId, 1_000_000, { user: { name: 'Anna' }, location: { view: 'document', documentId: 'evil' } }], ...many]));
    socket.send(awarenessFrame([[annaId, 1_000_001, null]]));
    await whenAwareness(witness, () => witness.provider.awareness.getStates().has(7_000_000));
    const states = witness.provider.awareness.getStates();
    expect(states.get(annaId)?.location).toEqual({ view: 'notebook' });
    expect(anna.provider.awareness.getStates().get(annaId)?.location).toEqual({ view: 'notebook' });
    const fromMallory = Array.from(states.entries()).filter(([id]) => id >= 7_000_000 && id < 7_002_000);
    expect(fromMallory.length).toBeLessThanOrEqual(4);
    for (const [, state] of fromMallory) expect(state.user).toEqual({ name: 'Mallory Annotator', color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    socket.ws.close();
    await whenAwareness(witness, () => !witness.provider.awareness.getStates().has(7_000_000));
  });
});

describe('after the attacks', () => {
  it('a restarted server holds exactly what the honest members saw, and nothing of what was refused', async () => {
    await whenDoc(witness.ydoc, () => Buffer.from(Y.encodeStateVector(witness.ydoc)).equals(Buffer.from(Y.encodeStateVector(serverDoc()))));
    const seen = Y.encodeStateVector(witness.ydoc);
    const noticeSeen = witness.workspace.documentText(NOTICE).toString();
    for (const client of opened) client.provider.disconnect();
    await server.close();
    server = await startTestServer(data.dir, { maxMessageBytes: FRAME_LIMIT });
    const reader = connect('viewer', 'Rita Reader');
    await synced(reader);
    expect(Y.encodeStateVector(reader.ydoc)).toEqual(seen);
    expect(reader.workspace.documentText(NOTICE).toString()).toBe(noticeSeen);
    for (const refused of [mallory, mallory + 2, mallory + 3, vic, 9_000_010, 9_000_011]) expect(Y.getState(reader.ydoc.store, refused)).toBe(0);
    expect(reader.workspace.annotations().get('annas')).toMatchObject({ body: 'Count them again.', author: annaPerson });
    expect(reader.workspace.info()?.title).not.toBe('Owned');
    expect(reader.workspace.document(NOTICE)?.locked).toBe(true);
  });
});
