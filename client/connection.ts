import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { CloseCode, Workspace, type Facilitation } from '../core/index.js';
import type { Identity } from './identity.js';
import { documentPath } from './router.js';

export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'synced' }
  /** `reason`: the server asked this client to slow down (its changes are kept and sent again). */
  | { state: 'offline'; reason?: string }
  | { state: 'refused'; code: number; reason: string };

/** Where a person is in the workspace, shared through awareness (never stored). */
export interface Location {
  view: 'document' | 'notebook';
  documentId?: string;
  /** The paragraph at the top of their reader ("¶ 7", "Sec. 10(b)"). */
  pinpoint?: string;
}

/** Active: used the page lately. Idle: the page is open but untouched for a while. Away: another tab or window is in front. */
export type Activity = 'active' | 'idle' | 'away';

export type { Facilitation, Spotlight } from '../core/index.js';

export interface PresenceState {
  user: Identity;
  location?: Location;
  activity?: Activity;
  facilitating?: Facilitation | null;
  /** The session whose facilitator this person follows. */
  following?: string | null;
}

/**
 * What a view of a workspace reads: the live connection, or a saved version opened read-only.
 * The reader, the desk and the annotation hooks need no more than this.
 */
export interface WorkspaceSource {
  readonly workspaceId: string;
  readonly ydoc: Y.Doc;
  readonly workspace: Workspace;
  readonly awareness: Awareness;
  /** The address of a document of this source: in the live workspace, or inside the version. */
  documentPath(documentId: string, besideId?: string | null, focusId?: string | null): string;
}

/** One workspace's live connection: the Y.Doc, its provider and awareness. */
export class Connection implements WorkspaceSource {
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
      if (status === 'disconnected' && this.status.state !== 'refused' && this.status.state !== 'offline') this.setStatus({ state: 'offline' });
      if (status === 'connecting' && this.status.state === 'offline') this.setStatus({ state: 'connecting' });
    });
    this.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
      if (event?.code === CloseCode.TooFast) this.setStatus({ state: 'offline', reason: event.reason.replace(/^change refused: /, '') });
    });
    this.provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
      this.setStatus({ state: 'refused', code, reason: reason || describeClose(code) });
    });
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  documentPath(documentId: string, besideId?: string | null, focusId?: string | null): string {
    return documentPath(this.workspaceId, documentId, besideId, focusId);
  }

  get current(): ConnectionStatus {
    return this.status;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A projector is a screen, not a person: it publishes no presence, and nothing it sets later brings one back. */
  private silent = false;
  setSilent(): void {
    this.silent = true;
    this.awareness.setLocalState(null);
  }

  setIdentity(user: Identity): void {
    if (!this.silent) this.awareness.setLocalStateField('user', user);
  }

  setLocation(location: Location): void {
    this.awareness.setLocalStateField('location', location);
  }

  setFacilitating(facilitation: Facilitation | null): void {
    this.awareness.setLocalStateField('facilitating', facilitation);
  }

  setFollowing(sessionId: string | null): void {
    if ((this.awareness.getLocalState()?.following ?? null) !== sessionId) this.awareness.setLocalStateField('following', sessionId);
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
