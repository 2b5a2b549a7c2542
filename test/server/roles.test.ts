import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, Workspace, annotationKeys, rootNames, suggestionKey, type Role } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { passageIn } from '../support/annotated-workspace.js';
import { connectClient, synced, whenAwareness, whenDoc, writeNotebookParagraph, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';
const NOTICE = 'secure-communities-ice-2015';
const ROLES: Role[] = ['owner', 'editor', 'annotator', 'viewer'];

let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;
let observer: TestClient;
const opened: TestClient[] = [];
// Sources another member added to the library.
let theirSource = '';
let theirDuplicate = '';

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  observer = connect('owner', 'Olga Observer');
  await synced(observer);
  // Someone else's annotation, for the cells that act on another member's work.
  observer.workspace.annotations().create(
    { id: 'theirs', author: { id: 'olga-observer', name: 'Olga Observer' }, passage: passageIn(observer.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Which jurisdictions?', tags: [] } },
    'local',
  );
  // And one a moderator has hidden: its words are out of the shared document while it is.
  observer.workspace.annotations().create(
    { id: 'hidden-one', author: { id: 'hana-author', name: 'Hana Author' }, passage: passageIn(observer.workspace, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Hidden words.', tags: [] } },
    'local',
  );
  observer.workspace.annotations().hide('hidden-one', { id: 'olga-observer', name: 'Olga Observer' }, 'local');
  const olga = { id: 'olga-observer', name: 'Olga Observer' };
  [theirSource, theirDuplicate] = observer.workspace
    .library()
    .add([{ type: 'report', title: 'Secure Communities: a report' }, { type: 'report', title: 'Secure communities — a report' }], olga, 'local')
    .map((s) => s.id);
  await whenStored(() => server.sync.room(WORKSPACE)!.ydoc, (ws) => ws.annotations().get('theirs') !== undefined && ws.annotations().get('hidden-one')?.withheld === true && ws.library().get(theirDuplicate) !== undefined);
});

afterAll(async () => {
  for (const c of [observer, ...opened]) c.destroy();
  await server.close();
  data.cleanup();
});

function connect(role: Role, name: string): TestClient {
  const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, role, name));
  opened.push(client);
  return client;
}


async function whenStored(doc: () => Y.Doc, check: (ws: Workspace) => boolean): Promise<void> {
  const ydoc = doc();
  await whenDoc(ydoc, () => check(new Workspace(ydoc)));
}

/** Everything stored of the workspace, byte for byte. */
function storedBytes(): string {
  const rows = server.db.prepare('SELECT data FROM updates WHERE workspace_id = ? ORDER BY id').all(WORKSPACE) as { data: Buffer }[];
  const snapshot = server.db.prepare('SELECT data FROM snapshots WHERE workspace_id = ?').get(WORKSPACE) as { data: Buffer };
  return Buffer.concat([snapshot.data, ...rows.map((r) => r.data)]).toString('base64');
}

interface Action {
  name: string;
  allowed: Role[];
  act: (client: TestClient, name: string) => void;
  /** How the observer sees that the change landed. */
  landed: (ws: Workspace, name: string) => boolean;
}

const firstText = (ws: Workspace) => (ws.documentText(NOTICE).get(1) as Y.XmlElement).get(0) as Y.XmlText;

const ACTIONS: Action[] = [
  {
    name: 'edit the notebook',
    allowed: ['owner', 'editor', 'annotator'],
    act: (c, name) => writeNotebookParagraph(c, `note by ${name}`),
    landed: (ws, name) => ws.notebook().toString().includes(`note by ${name}`),
  },
  {
    name: 'edit the locked notice',
    allowed: ['owner'],
    act: (c, name) => c.ydoc.transact(() => firstText(c.workspace).insert(0, `[${name}] `), 'local'),
    landed: (ws, name) => firstText(ws).toString().includes(`[${name}]`),
  },
  {
    name: 'create an annotation of their own',
    allowed: ['owner', 'editor', 'annotator'],
    act: (c, name) =>
      c.workspace.annotations().create({ id: `own-${name}`, author: { id: name.toLowerCase(), name }, passage: passageIn(c.workspace, NOTICE, '283,000'), content: { kind: 'critique', body: 'Mine.', tags: [] } }, 'local'),
    landed: (ws, name) => ws.annotations().get(`own-${name}`) !== undefined,
  },
  {
    name: 'rewrite the body of another member’s annotation',
    allowed: ['owner'],
    act: (c, name) => {
      // As a hostile client would: the typed store refuses it, so write the record directly.
      const entry = c.ydoc.getMap(rootNames.ANNOTATIONS).get('theirs') as Y.Map<unknown>;
      const record = { ...(entry.get(annotationKeys.RECORD) as object), body: `rewritten by ${name}` };
      c.ydoc.transact(() => entry.set(annotationKeys.RECORD, record), 'local');
    },
    landed: (ws, name) => ws.annotations().get('theirs')?.body === `rewritten by ${name}`,
  },
  {
    name: 'reply to another member’s annotation',
    allowed: ['owner', 'editor', 'annotator'],
    act: (c, name) => c.workspace.annotations().addReply('theirs', { id: `reply-${name}`, author: { id: name.toLowerCase(), name }, body: `Reply from ${name}` }, 'local'),
    landed: (ws, name) => ws.annotations().get('theirs')?.replies.some((r) => r.id === `reply-${name}`) === true,
  },
  {
    name: 'react to another member’s annotation',
    allowed: ['owner', 'editor', 'annotator'],
    act: (c, name) => void c.workspace.annotations().toggleReaction('theirs', { id: name.toLowerCase(), name }, 'agree', 'local'),
    landed: (ws, name) => ws.annotations().get('theirs')?.reactions.some((r) => r.by.id === name.toLowerCase()) === true,
  },
  {
    name: 'dismiss an alignment suggestion',
    allowed: ['owner', 'editor', 'annotator'],
    act: (c, name) => c.workspace.dismissedSuggestions().dismiss(suggestionKey(NOTICE, name, 'eo-14159', 'x'), { id: name.toLowerCase(), name }, 'local'),
    landed: (ws, name) => ws.dismissedSuggestions().has(suggestionKey(NOTICE, name, 'eo-14159', 'x')),
  },
  {
    name: 'dismiss a suggestion in another member’s name',
    allowed: ['owner'],
    act: (c, name) => c.workspace.dismissedSuggestions().dismiss(suggestionKey(NOTICE, name, 'eo-14159', 'y'), { id: 'olga-observer', name: 'Olga Observer' }, 'local'),
    landed: (ws, name) => ws.dismissedSuggestions().has(suggestionKey(NOTICE, name, 'eo-14159', 'y')),
  },
  {
    name: 'add a question to the seminar agenda',
    allowed: ['owner', 'editor'],
    act: (c, name) => void c.workspace.seminar().addItem({ id: `item-${name}`, question: `Asked by ${name}`, addedBy: { id: name.toLowerCase(), name } }, 'local'),
    landed: (ws, name) => ws.seminar().item(`item-${name}`) !== undefined,
  },
  {
    name: 'start and end a seminar session by writing the document directly',
    allowed: ['owner'],
    act: (c, name) => {
      c.workspace.seminar().startSession({ id: `session-${name}`, title: `Led by ${name}`, facilitator: { id: name.toLowerCase(), name } }, 'local');
      c.workspace.seminar().endSession(`session-${name}`, 'local');
    },
    landed: (ws, name) => ws.seminar().session(`session-${name}`)?.endedAt !== undefined,
  },
  {
    name: 'hide another member’s annotation',
    allowed: ['owner', 'editor'],
    act: (c, name) => c.workspace.annotations().hide('theirs', { id: name.toLowerCase(), name }, 'local'),
    landed: (ws, name) => ws.annotations().get('theirs')?.hidden?.by.id === name.toLowerCase(),
  },
  {
    name: 'add a source to the library',
    allowed: ['owner', 'editor', 'annotator'],
    act: (c, name) => void c.workspace.library().add([{ type: 'report', title: `Read by ${name}` }], { id: name.toLowerCase(), name }, 'local'),
    landed: (ws, name) => ws.library().list().some((s) => s.item.title === `Read by ${name}`),
  },
  {
    name: 'add a source to the library in another member’s name',
    allowed: ['owner'],
    act: (c, name) => void c.workspace.library().add([{ type: 'report', title: `Forged by ${name}` }], { id: 'olga-observer', name: 'Olga Observer' }, 'local'),
    landed: (ws, name) => ws.library().list().some((s) => s.item.title === `Forged by ${name}`),
  },
  {
    name: 'correct a source another member added',
    allowed: ['owner', 'editor'],
    act: (c, name) => void c.workspace.library().update(theirSource, { type: 'report', title: `Corrected by ${name}` }, { id: name.toLowerCase(), name }, 'local'),
    landed: (ws, name) => ws.library().get(theirSource)?.item.title === `Corrected by ${name}`,
  },
  {
    name: 'merge another member’s duplicate source into theirs',
    allowed: ['owner', 'editor'],
    act: (c, name) => c.workspace.library().merge(theirSource, [theirDuplicate], { id: name.toLowerCase(), name }, 'local'),
    landed: (ws, name) => ws.library().get(theirDuplicate)?.editedBy?.id === name.toLowerCase(),
  },
  {
    name: 'write a malformed record into the library',
    allowed: ['owner'],
    act: (c, name) => c.ydoc.transact(() => c.ydoc.getMap(rootNames.SOURCES).set(`src-bad${name.toLowerCase().replace(/[^a-z0-9]/g, '')}`, { id: 'not-a-source', item: { type: 'report' } }), 'local'),
    landed: (ws, name) => ws.ydoc.getMap(rootNames.SOURCES).has(`src-bad${name.toLowerCase().replace(/[^a-z0-9]/g, '')}`),
  },
  {
    // Moderators discuss what they hid (their replies are withheld with it); nobody else touches it.
    name: 'reply to an annotation a moderator hid',
    allowed: ['owner', 'editor'],
    act: (c, name) => c.workspace.annotations().addReply('hidden-one', { id: `reply-${name.toLowerCase().replace(/\W+/g, '-')}`, author: { id: name.toLowerCase(), name }, body: `Said by ${name}` }, 'local'),
    landed: (ws, name) => ws.annotations().get('hidden-one')?.replies.some((r) => r.id === `reply-${name.toLowerCase().replace(/\W+/g, '-')}` && r.withheld === true) === true,
  },
  {
    name: 'change the workspace title',
    allowed: ['owner'],
    act: (c, name) => c.workspace.setInfo({ ...c.workspace.info()!, title: `Retitled by ${name}` }, 'local'),
    landed: (ws, name) => ws.info()?.title === `Retitled by ${name}`,
  },
];

describe('role × action over real connections', () => {
  for (const action of ACTIONS) {
    for (const role of ROLES) {
      const allowed = action.allowed.includes(role);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action.name}`, async () => {
        const name = `${role}${action.name.length}${Math.random().toString(36).slice(2, 6)}`;
        const client = connect(role, name);
        await synced(client);
        const before = storedBytes();
        const roomDoc = server.sync.room(WORKSPACE)!.ydoc;
        const stateBefore = Y.encodeStateVector(roomDoc);

        if (allowed) {
          action.act(client, name);
          await whenStored(() => observer.ydoc, (ws) => action.landed(ws, name));
          expect(action.landed(new Workspace(roomDoc), name)).toBe(true);
          expect(storedBytes()).not.toBe(before);
        } else {
          // The stock provider reports y-protocols' permission-denied message on the console.
          const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
          const closed = new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve));
          action.act(client, name);
          const { code, reason } = await closed;
          expect(code).toBe(CloseCode.Refused);
          expect(reason).toMatch(/^change refused: /);
          expect(warn).toHaveBeenCalledWith(expect.stringContaining(`Permission denied to access`));
          warn.mockRestore();
          expect(storedBytes()).toBe(before);
          expect(Y.encodeStateVector(roomDoc)).toEqual(stateBefore);
          expect(action.landed(new Workspace(roomDoc), name)).toBe(false);
          expect(action.landed(observer.workspace, name)).toBe(false);
          const audit = server.accounts.auditLog(WORKSPACE, 1)[0]!;
          expect(audit).toMatchObject({ action: 'update.refused', actor: name.toLowerCase() });
        }
        // Whatever happened, the others keep working.
        writeNotebookParagraph(observer, `still working after ${name}`);
        await whenStored(() => roomDoc, (ws) => ws.notebook().toString().includes(`still working after ${name}`));
      });
    }
  }

  for (const role of ROLES) {
    it(`${role} reads the workspace and shares presence`, async () => {
      const client = connect(role, `${role}-reader`);
      await synced(client);
      expect(client.workspace.documentText(NOTICE).toString()).toContain('3,181 jurisdictions');
      client.provider.awareness.setLocalStateField('user', { name: `${role}-reader`, color: '#123456' });
      await whenAwareness(observer, () => Array.from(observer.provider.awareness.getStates().values()).some((s) => s.user?.name === `${role}-reader`));
    });

    it(`${role} ${role === 'owner' ? 'may' : 'may not'} manage members and invites`, async () => {
      const token = server.credentials.createBearerToken(WORKSPACE, role, `${role}-manager`);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const members = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/members`, { headers });
      const invite = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/invites`, { method: 'POST', headers, body: JSON.stringify({ role: 'viewer', expiresInDays: 1 }) });
      if (role === 'owner') {
        expect(members.status).toBe(200);
        expect(invite.status).toBe(201);
      } else {
        expect(members.status).toBe(403);
        expect(invite.status).toBe(403);
        expect(await invite.json()).toEqual({ error: 'only owners can manage members and invites' });
      }
    });
  }

  it('refuses a member of nothing at connection time', async () => {
    const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken('elsewhere', 'owner', 'Stranger'));
    opened.push(client);
    const closed = await new Promise<{ code: number }>((resolve) => client.provider.once('closed', resolve));
    expect(closed.code).toBe(CloseCode.Forbidden);
  });
});
