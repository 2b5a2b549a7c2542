import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { restoreWords, unrenderableItems, withholdConcealed, type KeptWords } from '../core/index.js';
import type { StoredWorkspace, UpdateStore } from './update-store.js';
import type { HiddenContentStore } from './hidden-content-store.js';

/** y-websocket message types (first varuint of every frame). */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;

/** Anything that can receive frames: a WebSocket in production, the same in tests. */
export interface Peer {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

// Marks the transaction that replays the stored log, so that it is not logged again.
const LOADING = Symbol('loading');

export interface RoomOptions {
  compactAfterUpdates: number;
  onError: (error: unknown, context: string) => void;
  /** The log refused a write: the room's memory holds changes the disk lacks, and must go. */
  onBroken: () => void;
  /** Where the words of hidden items are kept while they are out of the document. */
  hidden: HiddenContentStore;
}

/**
 * The stored state of a workspace does not load (a corrupt snapshot or update). Only that
 * workspace is out of service; nothing stored is changed, so an administrator can restore it.
 */
export class WorkspaceUnreadable extends Error {
  override name = 'WorkspaceUnreadable';
  readonly status = 503;

  constructor(
    readonly workspaceId: string,
    readonly cause: unknown,
  ) {
    super(`the stored data of the workspace “${workspaceId}” could not be read; it is kept as it is for an administrator to restore`);
  }
}

/** Fills an empty Y.Doc with a workspace's stored snapshot and log; throws WorkspaceUnreadable (and destroys the doc) if they do not load. */
export function loadStored(ydoc: Y.Doc, id: string, stored: StoredWorkspace, origin: unknown = null): void {
  try {
    Y.transact(
      ydoc,
      () => {
        if (stored.snapshot) Y.applyUpdate(ydoc, stored.snapshot, origin);
        for (const update of stored.updates) Y.applyUpdate(ydoc, update, origin);
      },
      origin,
    );
    // A stored log never leaves anything waiting: if it does, part of it is missing.
    if (ydoc.store.pendingStructs || ydoc.store.pendingDs) throw new Error('the stored updates refer to content that is not stored');
  } catch (error) {
    ydoc.destroy();
    throw new WorkspaceUnreadable(id, error);
  }
}

/** Thrown by `flush()` when the log refuses a write: the caller must not report success. */
export class StoreFailure extends Error {
  override name = 'StoreFailure';
}

/**
 * One open workspace: its Y.Doc, its awareness and its connected peers.
 *
 * Invariant: every update is appended to the store before any peer is sent it,
 * so a peer can never have seen an update that a restart would lose.
 *
 * Group commit: the updates applied while the server handles one batch of incoming frames are
 * logged as one merged update in one insert, then sent as one frame. Under load that divides the
 * inserts and the sends (the server's main cost: one write per peer per frame) by the batch size;
 * when the room is quiet a batch is one update and waits for nothing but the end of the turn.
 * Anything that shows the document's state to someone else calls `flush()` first.
 */
export class Room {
  readonly ydoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  /** Each peer with the awareness client ids it controls. */
  private readonly peers = new Map<Peer, Set<number>>();
  /** The peer that introduced each awareness client id: only it may change that presence. */
  private readonly presenceOwners = new Map<number, Peer>();
  /** The member each Yjs client id belongs to (see `claimClients`). */
  private readonly clientOwners: Map<number, string>;
  private lastUpdateId: number;
  private sinceCompaction: number;
  private compactionScheduled = false;
  private pending: Uint8Array[] = [];
  private flushScheduled = false;
  /** Set when the log refused a write: what is in memory must never be shown or compacted. */
  private broken = false;

  constructor(
    readonly id: string,
    private readonly store: UpdateStore,
    private readonly options: RoomOptions,
  ) {
    const stored = store.load(id);
    loadStored(this.ydoc, id, stored, LOADING);
    this.lastUpdateId = stored.lastUpdateId;
    this.clientOwners = store.clientOwners(id);
    // The server writes imports under the room's own client id: one nobody has written with.
    while (this.clientOwners.has(this.ydoc.clientID) || Y.getState(this.ydoc.store, this.ydoc.clientID) > 0) this.ydoc.clientID = Math.floor(Math.random() * 2 ** 32);
    this.sinceCompaction = stored.updates.length;
    this.awareness.setLocalState(null);
    this.ydoc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    const unreadable = unrenderableItems(this.ydoc);
    if (unreadable.length) Y.transact(this.ydoc, (tr) => unreadable.forEach((item) => item.delete(tr)), 'server');
    // Items hidden before the server withheld words (or whose words a crash left in the log).
    this.moderate();
  }

  /**
   * Keeps the words of hidden items out of the shared document (core/withholding.ts): takes out
   * those of items now hidden (kept in the store first), puts back those of items shown again
   * (forgotten once they are in the log). Among `ids`, or in every annotation. Words taken out
   * also leave the log at once: the room compacts, so the next load is the snapshot without them.
   */
  moderate(ids?: Iterable<string>): void {
    if (this.broken) return;
    const which = ids === undefined ? undefined : Array.from(ids);
    let taken: KeptWords[];
    let restored: KeptWords[];
    try {
      taken = withholdConcealed(this.ydoc, (words) => this.options.hidden.keep(this.id, words), which);
      restored = restoreWords(this.ydoc, (annotationId) => this.options.hidden.ofAnnotation(this.id, annotationId), { ids: which });
    } catch (error) {
      // Words that could not be kept must not be shown either: nothing since the last flush is.
      this.fail(error, `keeping the words of hidden items of ${this.id}`);
    }
    if (taken.length === 0 && restored.length === 0) return;
    this.flush();
    if (restored.length) this.options.hidden.forget(this.id, restored);
    if (taken.length) this.compact();
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** Starts the y-websocket handshake with a new peer. */
  join(peer: Peer): void {
    this.flush();
    this.peers.set(peer, new Set());
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MessageType.Sync);
    syncProtocol.writeSyncStep1(step1, this.ydoc);
    peer.send(encoding.toUint8Array(step1));
    const states = this.awareness.getStates();
    if (states.size > 0) peer.send(this.awarenessFrame(Array.from(states.keys())));
  }

  /** Forgets a peer and the presence it carried. */
  leave(peer: Peer): void {
    const clients = this.peers.get(peer);
    if (!clients) return;
    this.peers.delete(peer);
    for (const id of clients) this.presenceOwners.delete(id);
    if (clients.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(clients), null);
  }

  /**
   * Whether `peer` may set the presence of awareness client `id`: its own, or (when `claim`) a
   * new one while it has fewer than `cap`, which it then owns until it leaves or removes it.
   */
  mayPresent(peer: Peer, id: number, cap: number, claim: boolean): boolean {
    const owner = this.presenceOwners.get(id);
    if (owner) return owner === peer;
    const own = this.peers.get(peer);
    if (!claim || id === this.awareness.clientID) return false;
    if (!own || own.size >= cap) return false;
    own.add(id);
    this.presenceOwners.set(id, peer);
    return true;
  }

  /**
   * Why `userId` may not write under these Yjs client ids, or null. An id is the member's who
   * first wrote with it; one that has written before without an owner (the server's, or from
   * before ids were recorded) is nobody's to take. Call `claimClients` once the update is accepted.
   */
  clientRefusal(clients: number[], userId: string): string | null {
    for (const client of clients) {
      const owner = this.clientOwners.get(client);
      if (owner === undefined ? Y.getState(this.ydoc.store, client) > 0 || client === this.ydoc.clientID : owner !== userId) {
        return 'the change is written under a Yjs client id that belongs to someone else';
      }
    }
    return null;
  }

  /** Records the new client ids of an accepted update as the member's, durably. */
  claimClients(clients: number[], userId: string): void {
    for (const client of clients) {
      if (this.clientOwners.has(client)) continue;
      this.store.claimClient(this.id, client, userId);
      this.clientOwners.set(client, userId);
    }
  }

  /** Full awareness state, for a peer that asks for it. */
  awarenessFrame(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  /** Writes the whole document as one snapshot and drops the log it replaces. */
  compact(): void {
    this.flush();
    this.compactionScheduled = false;
    if (this.sinceCompaction === 0) return;
    this.store.compact(this.id, Y.encodeStateAsUpdate(this.ydoc), this.lastUpdateId);
    this.sinceCompaction = 0;
  }

  /** Closes every peer and releases the document. Compacts first so the next load is one read. */
  destroy(code = 1001, reason = 'the server is closing this workspace'): void {
    for (const peer of Array.from(this.peers.keys())) peer.close(code, reason);
    this.peers.clear();
    try {
      if (!this.broken) this.compact();
    } catch (error) {
      this.options.onError(error, `compacting ${this.id}`);
    }
    this.ydoc.off('update', this.onUpdate);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOADING) return;
    this.pending.push(update);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the frames of this turn of the event loop have been handled, not before.
    setImmediate(() => {
      try {
        this.flush();
      } catch {
        // Reported, and the room unloaded, by flush itself.
      }
    });
  };

  /**
   * Logs the updates applied since the last flush as one, then sends that to every peer. If the
   * log refuses it, nobody is sent it: every peer is closed and the room unloaded without
   * compacting, so the next load comes from the disk and the writers, on reconnecting, offer
   * their changes again. Throws StoreFailure then.
   */
  readonly flush = (): void => {
    if (this.broken) throw new StoreFailure(`the workspace ${this.id} could not store a change`);
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const update = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending);
    this.pending = [];
    try {
      this.lastUpdateId = this.store.append(this.id, update);
    } catch (error) {
      this.fail(error, `storing an update of ${this.id}`);
    }
    // Encoded once, sent to every peer (the writer too: its echo confirms durability).
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, update);
    const frame = encoding.toUint8Array(encoder);
    for (const peer of this.peers.keys()) peer.send(frame);

    this.sinceCompaction += 1;
    if (this.sinceCompaction >= this.options.compactAfterUpdates && !this.compactionScheduled) {
      this.compactionScheduled = true;
      setImmediate(() => {
        try {
          this.compact();
        } catch (error) {
          this.options.onError(error, `compacting ${this.id}`);
        }
      });
    }
  };

  private fail(error: unknown, context: string): never {
    this.broken = true;
    this.options.onError(error, context);
    for (const peer of Array.from(this.peers.keys())) peer.close(1011, 'the server could not store a change; reconnecting');
    this.options.onBroken();
    throw new StoreFailure(`the workspace ${this.id} could not store a change`);
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
  ): void => {
    const changed = added.concat(updated, removed);
    // Removed by its owner, or timed out: the id is free again.
    for (const id of removed) {
      this.peers.get(this.presenceOwners.get(id)!)?.delete(id);
      this.presenceOwners.delete(id);
    }
    const frame = this.awarenessFrame(changed);
    for (const peer of this.peers.keys()) peer.send(frame);
  };
}
