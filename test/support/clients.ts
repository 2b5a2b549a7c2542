import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { Workspace } from '../../core/index.js';

export interface TestClient {
  ydoc: Y.Doc;
  workspace: Workspace;
  provider: WebsocketProvider;
  destroy(): void;
}

/**
 * A stock y-websocket provider in Node, as a program would connect. `onFrame` sees every frame
 * the server sends, as received (what a member's developer tools would show).
 */
export function connectClient(serverUrl: string, workspaceId: string, token: string | null, options: { onFrame?: (frame: Uint8Array) => void } = {}): TestClient {
  const ydoc = new Y.Doc();
  const { onFrame } = options;
  const Socket = onFrame
    ? class RecordingSocket extends WebSocket {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          this.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => onFrame!(new Uint8Array(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer))));
        }
      }
    : WebSocket;
  const provider = new WebsocketProvider(serverUrl.replace(/^http/, 'ws') + '/sync', workspaceId, ydoc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    params: token ? { token } : {},
    disableBc: true,
  });
  return {
    ydoc,
    workspace: new Workspace(ydoc),
    provider,
    destroy: () => {
      provider.destroy();
      ydoc.destroy();
    },
  };
}

export function synced(client: TestClient): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const handler = (isSynced: boolean) => {
      if (!isSynced) return;
      client.provider.off('sync', handler);
      resolve();
    };
    client.provider.on('sync', handler);
  });
}

/** Resolves when `check` holds, re-testing on each update of the doc (no sleeps). */
export function whenDoc(ydoc: Y.Doc, check: () => boolean): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve) => {
    const handler = () => {
      if (!check()) return;
      ydoc.off('update', handler);
      resolve();
    };
    ydoc.on('update', handler);
  });
}

/** Resolves when `check` holds, re-testing on each awareness change. */
export function whenAwareness(client: TestClient, check: () => boolean): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve) => {
    const handler = () => {
      if (!check()) return;
      client.provider.awareness.off('change', handler);
      resolve();
    };
    client.provider.awareness.on('change', handler);
  });
}

/** Appends a paragraph with `text` to the notebook, as the editor would. */
export function writeNotebookParagraph(client: TestClient, text: string): void {
  client.ydoc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    const notebook = client.workspace.notebook();
    notebook.insert(notebook.length, [paragraph]);
  }, 'local');
}
