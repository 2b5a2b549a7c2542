import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '../../core/index.js';
import type { CrosswalkServer } from '../../server/app.js';
import { startTestServer, tempDataDir } from '../support/server.js';
import { connectClient, synced, whenDoc, writeNotebookParagraph, type TestClient } from '../support/clients.js';

const WORKSPACE = 'secure-communities';

/** Everything the log holds of the workspace, as one document. */
function storedNotebook(server: CrosswalkServer): string {
  const ydoc = new Y.Doc();
  const snapshot = server.db.prepare('SELECT data FROM snapshots WHERE workspace_id = ?').get(WORKSPACE) as { data: Buffer } | undefined;
  if (snapshot) Y.applyUpdate(ydoc, snapshot.data);
  for (const row of server.db.prepare('SELECT data FROM updates WHERE workspace_id = ? ORDER BY id').all(WORKSPACE) as { data: Buffer }[]) Y.applyUpdate(ydoc, row.data);
  return new Workspace(ydoc).notebook().toString();
}

describe('when the log refuses a write', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: CrosswalkServer;
  let writer: TestClient;
  let reader: TestClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { compactAfterUpdates: 10_000 });
    writer = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'editor', 'Writer'));
    reader = connectClient(server.url, WORKSPACE, server.credentials.createBearerToken(WORKSPACE, 'viewer', 'Reader'));
    await Promise.all([synced(writer), synced(reader)]);
  });
  afterAll(async () => {
    writer?.destroy();
    reader?.destroy();
    await server?.close();
    data?.cleanup();
  });

  it('shows the change to nobody, answers HTTP writes with an error, and takes the change again once the disk works', async () => {
    // A real SQLite refusal, as a full disk would give.
    server.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON updates BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const closed = new Promise<number>((resolve) => reader.provider.ws?.addEventListener('close', (e) => resolve((e as CloseEvent).code)));
    writeNotebookParagraph(writer, 'written while the disk was full');
    expect(await closed).toBe(1011);
    expect(reader.workspace.notebook().toString()).not.toContain('written while the disk was full');
    expect(server.sync.loadedWorkspaces()).not.toContain(WORKSPACE);

    const imported = await fetch(`${server.url}/api/workspaces/${WORKSPACE}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.credentials.createBearerToken(WORKSPACE, 'owner', 'Owner')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Not now', date: '2020-01-01', format: 'text', content: 'A text.' }),
    });
    expect(imported.status).toBe(500);

    server.db.exec('DROP TRIGGER refuse');
    // The providers reconnect by themselves; the writer offers its change again.
    await whenDoc(reader.ydoc, () => reader.workspace.notebook().toString().includes('written while the disk was full'));
    expect(storedNotebook(server)).toContain('written while the disk was full');
    expect(new Workspace(reader.ydoc).document('not-now-2020-01-01')).toBeUndefined();
  });
});
