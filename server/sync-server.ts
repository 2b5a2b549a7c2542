import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '../core/index.js';
import { MessageType, Room, type Peer } from './room.js';
import type { UpdateStore } from './update-store.js';
import type { Principal } from './credentials.js';

export interface SyncServerOptions {
  store: UpdateStore;
  /** Resolves the request's session cookie or bearer token; null when there is neither. */
  authenticate: (request: IncomingMessage, url: URL) => Principal | null;
  idleUnloadMs: number;
  compactAfterUpdates: number;
  maxMessageBytes: number;
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

  constructor(private readonly options: SyncServerOptions) {
    super();
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
    this.pinger = setInterval(() => this.pingAll(), PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /** Workspaces currently in memory. */
  loadedWorkspaces(): string[] {
    return Array.from(this.rooms.keys());
  }

  /** The in-memory room of a workspace, if loaded. */
  room(id: string): Room | undefined {
    return this.rooms.get(id);
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
    const principal = this.options.authenticate(request, url);
    if (!principal) return ws.close(CloseCode.Unauthorized, 'sign in required: no valid session cookie or token');
    if (principal.workspaceId !== workspaceId) return ws.close(CloseCode.Forbidden, 'you are not a member of this workspace');
    if (!this.options.store.hasWorkspace(workspaceId)) return ws.close(CloseCode.NotFound, `no workspace "${workspaceId}"`);

    const room = this.open(workspaceId);
    const peer: Peer = {
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) return ws.close(CloseCode.BadMessage, 'expected a binary y-websocket frame');
      this.receive(room, peer, ws, toBytes(data));
    });
    ws.on('close', () => {
      room.leave(peer);
      if (room.peerCount === 0) this.scheduleUnload(workspaceId);
    });
    ws.on('error', (error) => this.options.onError(error, `connection to ${workspaceId}`));
    room.join(peer);
  }

  private receive(room: Room, peer: Peer, ws: WebSocket, frame: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(frame);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.Sync: {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MessageType.Sync);
          syncProtocol.readSyncMessage(decoder, encoder, room.ydoc, peer);
          if (encoding.length(encoder) > 1) peer.send(encoding.toUint8Array(encoder));
          break;
        }
        case MessageType.Awareness:
          awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), peer);
          break;
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
    for (const ws of this.wss.clients) {
      if (!this.alive.delete(ws)) ws.terminate();
      else ws.ping();
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
