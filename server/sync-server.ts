import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import {
  CloseCode,
  Facilitation,
  Workspace,
  checkUpdate,
  colorFor,
  isWorkspaceRoot,
  moderationChanges,
  presenceLimits,
  structClientCount,
  touchedAnnotations,
  unrenderable,
  type ModerationChange,
  type Role,
} from '../core/index.js';
import { MessageType, Room, WorkspaceUnreadable, type Peer } from './room.js';
import { relayPresence } from './presence-relay.js';
import { TokenBucket, WriteQuota, type WriteLimits } from './write-quota.js';
import type { UpdateStore } from './update-store.js';
import type { Identity, Principal } from './credentials.js';
import { refusal } from './permissions.js';
import type { HiddenContentStore } from './hidden-content-store.js';

export interface SyncServerOptions {
  store: UpdateStore;
  /** The words of hidden items, kept out of the shared document. */
  hidden: HiddenContentStore;
  /** Resolves the request's session cookie or bearer token; null when there is neither. */
  authenticate: (request: IncomingMessage, url: URL) => Identity | null;
  /** The identity's current role in a workspace (re-read for every update, so changes apply at once). */
  roleOf: (identity: Identity, workspaceId: string) => Role | null;
  /** Whether a cookie-authenticated connection comes from our own pages. */
  originAllowed: (request: IncomingMessage) => boolean;
  /** Records a refused update. */
  onRefused: (principal: Principal, reason: string) => void;
  /** Records annotations and replies hidden or shown again by an applied update. */
  onModerated: (principal: Principal, changes: ModerationChange[]) => void;
  /** The account's current display name (presence shows it, whatever the client says). */
  displayName: (userId: string) => string | null;
  /** Records a connection to a workspace (attendance); returns what to call when it closes. */
  onJoin?: (workspaceId: string, principal: Principal, name: string) => () => void;
  /** The colour presence shows for a member of a workspace (distinct within it); the id's own colour when left out. */
  colorOf?: (workspaceId: string, userId: string) => string;
  idleUnloadMs: number;
  compactAfterUpdates: number;
  maxMessageBytes: number;
  writeLimits: WriteLimits;
  onError: (error: unknown, context: string) => void;
}

const SYNC_PATH = /^\/sync\/([a-z0-9][a-z0-9-]{0,79})$/;
const PING_INTERVAL_MS = 30_000;

/**
 * The sync endpoint, `ws://HOST:PORT/sync/<workspaceId>`, speaking the y-websocket
 * protocol so that the stock WebsocketProvider connects unchanged.
 * Emits `load` and `unload` (workspace id) as rooms come and go.
 */
export class SyncServer extends EventEmitter {
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, Room>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly pinger: NodeJS.Timeout;
  /** Connections that answered the last ping; the others are dead and get terminated. */
  private readonly alive = new WeakSet<WebSocket>();
  /** Open connections with who holds them, so that a removed member can be cut off at once. */
  private readonly connections = new Map<WebSocket, Principal>();
  private readonly quota: WriteQuota;

  constructor(private readonly options: SyncServerOptions) {
    super();
    this.quota = new WriteQuota(options.writeLimits);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
    this.pinger = setInterval(() => this.pingAll(), PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /** Workspaces currently in memory. */
  loadedWorkspaces(): string[] {
    return Array.from(this.rooms.keys());
  }

  /** The in-memory room of a workspace, if loaded, with every update applied to it logged. */
  room(id: string): Room | undefined {
    const room = this.rooms.get(id);
    room?.flush();
    return room;
  }

  /** Handles an HTTP upgrade; returns false when the path is not ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/sync/')) return false;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request, url));
    return true;
  }

  /** Closes every connection and unloads every room (compacting each). */
  close(): void {
    clearInterval(this.pinger);
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    for (const id of Array.from(this.rooms.keys())) this.unload(id, 1001, 'the server is shutting down');
    this.wss.close();
  }

  // Refusals happen after the handshake so that the client receives a close code and a
  // reason it can show, rather than a bare failed upgrade.
  private accept(ws: WebSocket, request: IncomingMessage, url: URL): void {
    const match = SYNC_PATH.exec(url.pathname);
    if (!match) return ws.close(CloseCode.NotFound, 'no such workspace address');
    const workspaceId = match[1]!;
    const identity = this.options.authenticate(request, url);
    if (!identity) return ws.close(CloseCode.Unauthorized, 'sign in required: no valid session cookie or token');
    if (identity.via === 'session' && !this.options.originAllowed(request)) return ws.close(CloseCode.Forbidden, 'connection refused: it does not come from this site');
    if (!this.options.store.hasWorkspace(workspaceId)) return ws.close(CloseCode.NotFound, `no workspace "${workspaceId}"`);
    const role = this.options.roleOf(identity, workspaceId);
    if (!role) return ws.close(CloseCode.Forbidden, 'you are not a member of this workspace');
    const principal: Principal = { ...identity, role, workspaceId };
    this.connections.set(ws, principal);

    let room: Room;
    try {
      room = this.open(workspaceId);
    } catch (error) {
      this.connections.delete(ws);
      this.options.onError(error, `loading ${workspaceId}`);
      return ws.close(1011, truncateReason(error instanceof WorkspaceUnreadable ? 'this workspace’s stored data could not be read; ask its owner' : 'the workspace could not be opened'));
    }
    const peer: Peer = {
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    this.alive.add(ws);
    const left = this.options.onJoin?.(workspaceId, principal, this.options.displayName(principal.userId) ?? principal.name);
    ws.on('pong', () => this.alive.add(ws));
    // Awareness messages: lossy by nature, so over the rate they are dropped, not answered.
    const presence = new TokenBucket(presenceLimits.messageBurst, presenceLimits.messagesPerSecond, Date.now());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Frames already received when the connection was refused are not looked at.
      if (ws.readyState !== ws.OPEN) return;
      if (!isBinary) return ws.close(CloseCode.BadMessage, 'expected a binary y-websocket frame');
      this.receive(room, peer, ws, principal, presence, toBytes(data));
    });
    ws.on('close', () => {
      left?.();
      this.connections.delete(ws);
      room.leave(peer);
      if (room.peerCount === 0) this.scheduleUnload(workspaceId);
    });
    ws.on('error', (error) => this.options.onError(error, `connection to ${workspaceId}`));
    room.join(peer);
  }

  private receive(room: Room, peer: Peer, ws: WebSocket, principal: Principal, presence: TokenBucket, frame: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(frame);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.Sync: {
          const step = decoding.readVarUint(decoder);
          if (step === syncProtocol.messageYjsSyncStep1) {
            // The reply carries the document's state: nothing in it may be unlogged.
            room.flush();
            const encoder = encoding.createEncoder();
            encoding.writeVarUint(encoder, MessageType.Sync);
            syncProtocol.readSyncStep1(decoder, encoder, room.ydoc);
            peer.send(encoding.toUint8Array(encoder));
          } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
            this.applyUpdate(room, peer, ws, principal, decoding.readVarUint8Array(decoder));
          } else {
            ws.close(CloseCode.BadMessage, `unknown sync step ${step}`);
          }
          break;
        }
        case MessageType.Awareness: {
          const update = decoding.readVarUint8Array(decoder);
          if (!presence.take(1, Date.now())) break;
          const relayed = relayPresence(update, {
            mayPresent: (clientId, claim) => room.mayPresent(peer, clientId, presenceLimits.clientsPerConnection, claim),
            user: { name: this.options.displayName(principal.userId) ?? principal.name, color: this.options.colorOf?.(room.id, principal.userId) ?? colorFor(principal.userId) },
            // Only the running session's facilitator may say where followers go.
            mayFacilitate: (claim) => {
              const parsed = Facilitation.safeParse(claim);
              const active = new Workspace(room.ydoc).seminar().activeSession();
              return parsed.success && active !== undefined && active.facilitator.id === principal.userId && parsed.data.facilitatorId === principal.userId && parsed.data.sessionId === active.id;
            },
          });
          if (relayed) awarenessProtocol.applyAwarenessUpdate(room.awareness, relayed, peer);
          break;
        }
        case MessageType.QueryAwareness:
          peer.send(room.awarenessFrame(Array.from(room.awareness.getStates().keys())));
          break;
        case MessageType.Auth:
          break;
        default:
          ws.close(CloseCode.BadMessage, `unknown message type ${type}`);
      }
    } catch (error) {
      this.options.onError(error, `decoding a message for ${room.id}`);
      ws.close(CloseCode.BadMessage, 'the message could not be decoded');
    }
  }

  /**
   * Applies a client's update if everything in it is allowed. In order of cost: the writer's role
   * (a viewer's update that brings anything is refused undecoded), their write quota, then what
   * the update does as Yjs would do it (`checkUpdate`: nothing pending, nothing over budget), the
   * client ids it writes under, whether every reader can show what it brings, and the role's
   * rules for each change. A refused update is not applied, stored or broadcast: the writer is
   * told why (a y-protocols permission-denied message, then a close with the reason), the refusal
   * goes to the audit log, and the writer resyncs from the server when it reconnects.
   */
  private applyUpdate(room: Room, peer: Peer, ws: WebSocket, principal: Principal, update: Uint8Array): void {
    const role = this.options.roleOf(principal, principal.workspaceId);
    if (!role) return ws.close(CloseCode.Forbidden, 'you are no longer a member of this workspace');
    const refuse = (reason: string, code: number = CloseCode.Refused) => {
      this.options.onRefused({ ...principal, role }, reason);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Auth);
      authProtocol.writePermissionDenied(encoder, reason);
      peer.send(encoding.toUint8Array(encoder));
      ws.close(code, truncateReason(`change refused: ${reason}`));
    };
    const viewerMessage = 'viewers can read and follow along, but not change anything';
    if (role === 'viewer' && structClientCount(update) !== 0) return refuse(viewerMessage);
    const member = `${principal.workspaceId}\u0000${principal.userId}`;
    const overQuota = this.quota.admit(member, update.byteLength);
    if (overQuota) return refuse(overQuota, CloseCode.TooFast);

    const check = checkUpdate(room.ydoc, update);
    if (!check.ok) return refuse(check.reason);
    if (check.empty) return;
    const { touches, clients } = check;
    const reason =
      (role === 'viewer' ? viewerMessage : null) ??
      room.clientRefusal(clients, principal.userId) ??
      (touches.find((t) => !isWorkspaceRoot(t.root)) ? 'that part of the workspace does not exist' : null) ??
      firstOf(touches, unrenderable) ??
      (role === 'owner' ? null : refusal(room.ydoc, { userId: principal.userId, role }, touches));
    if (reason) return refuse(reason);
    const overGrowth = this.quota.grow(member, check.update.byteLength);
    if (overGrowth) return refuse(overGrowth, CloseCode.TooFast);

    room.claimClients(clients, principal.userId);
    Y.applyUpdate(room.ydoc, check.update, peer);
    // Right after, in the same turn: nobody is sent the document while a hidden item's words are in it.
    const annotations = touchedAnnotations(touches);
    if (annotations.size) room.moderate(annotations);
    // Owners are not checked against roles, but what they hide or show is recorded like anyone else's.
    const moderated = moderationChanges(touches);
    if (moderated.length) this.options.onModerated({ ...principal, role }, moderated);
  }

  /**
   * Runs `change` on a workspace's live document (loading it if needed), so that a server-side
   * write (an import) is logged and broadcast like any other update.
   */
  withRoom<T>(id: string, change: (room: Room) => T): T {
    const room = this.open(id);
    room.flush();
    try {
      return change(room);
    } finally {
      // The caller answers once this returns: its change is on disk by then.
      room.flush();
      if (room.peerCount === 0) this.scheduleUnload(id);
    }
  }

  /** Closes every connection of a person to a workspace (removed member, changed role). */
  disconnect(workspaceId: string, userId: string, reason: string): number {
    return this.disconnectWhere((p) => p.workspaceId === workspaceId && p.userId === userId, CloseCode.Forbidden, reason);
  }

  /** Closes every connection whose holder matches (a session ended elsewhere, in any workspace). */
  disconnectWhere(matches: (principal: Principal) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const [ws, principal] of this.connections) {
      if (!matches(principal)) continue;
      ws.close(code, truncateReason(reason));
      closed += 1;
    }
    return closed;
  }

  private open(id: string): Room {
    const timer = this.unloadTimers.get(id);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(id);
    }
    let room = this.rooms.get(id);
    if (!room) {
      room = new Room(id, this.options.store, {
        compactAfterUpdates: this.options.compactAfterUpdates,
        onError: this.options.onError,
        onBroken: () => this.unload(id, 1011, 'the server could not store a change; reconnecting'),
        hidden: this.options.hidden,
      });
      this.rooms.set(id, room);
      this.emit('load', id);
    }
    return room;
  }

  private scheduleUnload(id: string): void {
    if (this.unloadTimers.has(id)) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(id);
      if (this.rooms.get(id)?.peerCount === 0) this.unload(id);
    }, this.options.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(id, timer);
  }

  private unload(id: string, code?: number, reason?: string): void {
    const room = this.rooms.get(id);
    if (!room) return;
    this.rooms.delete(id);
    room.destroy(code, reason);
    this.emit('unload', id);
  }

  private pingAll(): void {
    this.quota.sweep();
    for (const ws of this.wss.clients) {
      if (!this.alive.delete(ws)) ws.terminate();
      else ws.ping();
    }
  }
}

function firstOf<T>(items: T[], reasonOf: (item: T) => string | null): string | null {
  for (const item of items) {
    const reason = reasonOf(item);
    if (reason) return reason;
  }
  return null;
}

// Close reasons are limited to 123 bytes by the WebSocket protocol.
function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason);
  return bytes.length <= 123 ? reason : `${bytes.subarray(0, 119).toString().replace(/\uFFFD+$/, '')}…`;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
