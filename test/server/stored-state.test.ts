import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { rootNames } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, writeNotebookParagraph } from '../support/clients.js';

/*
 * What a server does with stored state it cannot use: a corrupt workspace is out of service on
 * its own (a clear close and a clear HTTP error, nothing rewritten), and text no reader can show,
 * stored before such writes were refused, is removed when the workspace loads.
 */

const WORKSPACE = 'secure-communities';
let data: ReturnType<typeof tempDataDir>;
let server: CrosswalkServer;

beforeEach(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
});

afterEach(async () => {
  await server.close();
  data.cleanup();
});

/** Stops the server, changes its database by hand, starts it again on the same data. */
async function restartAfter(change: (db: Database.Database) => void): Promise<void> {
  await server.close();
  const db = new Database(path.join(data.dir, 'crosswalk.sqlite'));
  change(db);
  db.close();
  server = await startTestServer(data.dir);
}

function closeOf(workspace: string, token: string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${workspace}?token=${token}`);
    ws.on('message', () => ws.close(1000));
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

describe('stored state the server cannot use', () => {
  it('a corrupt snapshot takes only its workspace out of service, with a clear reason, and changes nothing stored', async () => {
    const seeded = (server.db.prepare('SELECT data FROM snapshots WHERE workspace_id = ?').get(WORKSPACE) as { data: Buffer }).data;
    server.store.createWorkspace('second', 'Second', new Uint8Array(seeded));
    let corrupt: Buffer = Buffer.alloc(0);
    await restartAfter((db) => {
      db.prepare('UPDATE snapshots SET data = substr(data, 1, 200) WHERE workspace_id = ?').run(WORKSPACE);
      corrupt = (db.prepare('SELECT data FROM snapshots WHERE workspace_id = ?').get(WORKSPACE) as { data: Buffer }).data;
    });
    const token = server.credentials.createBearerToken(WORKSPACE, 'owner', 'Olga');
    const closed = await closeOf(WORKSPACE, token);
    expect(closed.code).toBe(1011);
    expect(closed.reason).toMatch(/stored data could not be read/);
    const exported = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/export?format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(exported.status).toBe(503);
    expect((await exported.json()).error).toMatch(/could not be read; it is kept as it is/);

    // The other workspace works; the corrupt one is as it was, for whoever restores it.
    const other = connectClient(server.url, 'second', server.credentials.createBearerToken('second', 'editor', 'Eddie'));
    await synced(other);
    writeNotebookParagraph(other, 'the other workspace works');
    await whenDoc(server.sync.room('second')!.ydoc, () => server.sync.room('second')!.ydoc.getXmlFragment(rootNames.NOTEBOOK).toString().includes('works'));
    other.destroy();
    expect((server.db.prepare('SELECT data FROM snapshots WHERE workspace_id = ?').get(WORKSPACE) as { data: Buffer }).data.equals(corrupt)).toBe(true);
  });

  it('removes, when it loads, text that no reader can show, and keeps the rest', async () => {
    const planted = new Y.Doc();
    const client = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'owner', 'Olga'));
    await synced(client);
    Y.applyUpdate(planted, Y.encodeStateAsUpdate(client.ydoc));
    client.destroy();
    const before = Y.encodeStateVector(planted);
    planted.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText('kept words');
      paragraph.insert(0, [text]);
      text.format(0, 4, { blink: {} });
      const script = new Y.XmlElement('script');
      script.insert(0, [new Y.XmlText('alert(1)')]);
      planted.getXmlFragment(rootNames.NOTEBOOK).insert(0, [paragraph, script]);
      paragraph.setAttribute('onclick', 'alert(1)');
    });
    const update = Y.encodeStateAsUpdate(planted, before);
    await restartAfter((db) => db.prepare('INSERT INTO updates (workspace_id, data) VALUES (?, ?)').run(WORKSPACE, Buffer.from(update)));

    const reader = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Vic'));
    await synced(reader);
    const notebook = reader.workspace.notebook().toString();
    reader.destroy();
    expect(notebook).toContain('kept words');
    expect(notebook).not.toMatch(/script|blink|onclick/);
    // And the removal is stored: it holds after another restart.
    await restartAfter(() => {});
    const again = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Vic'));
    await synced(again);
    expect(again.workspace.notebook().toString()).not.toMatch(/script|blink|onclick/);
    again.destroy();
  });
});
