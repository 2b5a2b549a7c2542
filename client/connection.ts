import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { CloseCode, Workspace } from '../core/index.js';
import type { Identity } from './identity.js';

export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'synced' }
  | { state: 'offline' }
  | { state: 'refused'; code: number; reason: string };

/** Where a person is in the workspace, shared through awareness (never stored). */
export interface Location {
  view: 'document' | 'notebook';
  documentId?: string;
}

/** Active: used the page lately. Idle: the page is open but untouched for a while. Away: another tab or window is in front. */
export type Activity = 'active' | 'idle' | 'away';

export interface PresenceState {
  user: Identity;
  location?: Location;
  activity?: Activity;
}

/** One workspace's live connection: the Y.Doc, its provider and awareness. */
export class Connection {
  readonly ydoc = new Y.Doc();
  readonly workspace = new Workspace(this.ydoc);
  readonly provider: WebsocketProvider;
  private status: ConnectionStatus = { state: 'connecting' };
  private readonly listeners = new Set<(status: ConnectionStatus) => void>();

  constructor(readonly workspaceId: string) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    // The session cookie authenticates the socket; no token in the URL.
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/sync`, workspaceId, this.ydoc);
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.setStatus({ state: 'synced' });
    });
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected' && this.status.state !== 'refused') this.setStatus({ state: 'offline' });
      if (status === 'connecting' && this.status.state === 'offline') this.setStatus({ state: 'connecting' });
    });
    this.provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
      this.setStatus({ state: 'refused', code, reason: reason || describeClose(code) });
    });
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  get current(): ConnectionStatus {
    return this.status;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setIdentity(user: Identity): void {
    this.awareness.setLocalStateField('user', user);
  }

  setLocation(location: Location): void {
    this.awareness.setLocalStateField('location', location);
  }

  setActivity(activity: Activity): void {
    if (this.awareness.getLocalState()?.activity !== activity) this.awareness.setLocalStateField('activity', activity);
  }

  destroy(): void {
    this.provider.destroy();
    this.ydoc.destroy();
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

function describeClose(code: number): string {
  switch (code) {
    case CloseCode.Unauthorized:
      return 'Your session has ended. Open your sign-in link again.';
    case CloseCode.Forbidden:
      return 'You are not a member of this workspace.';
    case CloseCode.NotFound:
      return 'There is no such workspace.';
    default:
      return `The server closed the connection (code ${code}).`;
  }
}
