import * as Y from 'yjs';
import type { z } from 'zod';
import {
  AnchorHistoryEntry,
  AnnotationContent,
  AnnotationRecord,
  AnnotationStatus,
  ModerationMark,
  ReactionRecord,
  Reply,
  WithheldRecord,
  WithheldReply,
  explain,
  type Annotation,
  type Passage,
  type Person,
  type Reaction,
  type ThreadReply,
} from './annotation.js';
import type { Origin } from './origin.js';

/*
 * The layout of one annotation inside the workspace's annotations map: a Y.Map per annotation
 * whose keys separate what its author owns (record) from what any member adds (replies,
 * reactions) so that permissions can be checked per key. These key names are stored format.
 */
const RECORD = 'record';
const STATUS = 'status';
const DELETED = 'deleted';
const REPLIES = 'replies';
const REACTIONS = 'reactions';
const HISTORY = 'history';
// Moderation marks are plain values beside the record, one key per hidden item (the annotation,
// or `hidden:<replyId>`), so that two moderators hiding at once never overwrite each other.
const HIDDEN = 'hidden';
const HIDDEN_REPLY_PREFIX = 'hidden:';

/**
 * Why an author cannot change what a moderator hid: the server keeps its words while it is hidden,
 * and a change written over them could not be shown again whole. The server refuses the same.
 */
export const HIDDEN_ANNOTATION_FROZEN = 'a moderator has hidden this annotation: it cannot be changed until it is shown again';
export const HIDDEN_REPLY_FROZEN = 'a moderator has hidden this reply: it cannot be changed until it is shown again';

/** The keys of an annotation's Y.Map, for code that classifies updates (permissions). */
export const annotationKeys = { RECORD, STATUS, DELETED, REPLIES, REACTIONS, HISTORY, HIDDEN, HIDDEN_REPLY_PREFIX } as const;

/** Thrown when a write would break the model; the message is for a person. */
export class AnnotationError extends Error {
  override name = 'AnnotationError';
}

const now = () => new Date().toISOString();

/**
 * Validated annotations by id, per annotations map. Validation is the costly part of reading
 * (tens of microseconds each), so an entry is re-read only after something inside it changed.
 */
const caches = new WeakMap<Y.Map<Y.Map<unknown>>, Map<string, Annotation | undefined>>();

function cacheFor(map: Y.Map<Y.Map<unknown>>): Map<string, Annotation | undefined> {
  let cache = caches.get(map);
  if (!cache) {
    const created = new Map<string, Annotation | undefined>();
    map.observeDeep((events) => {
      for (const event of events) {
        if (event.target === map) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) created.delete(key);
        else created.delete(String(event.path[0]));
      }
    });
    caches.set(map, created);
    cache = created;
  }
  return cache;
}

/** Typed access to the annotations of a workspace. */
export class Annotations {
  private readonly cache: Map<string, Annotation | undefined>;

  constructor(private readonly map: Y.Map<Y.Map<unknown>>) {
    this.cache = cacheFor(map);
  }

  get ydoc(): Y.Doc {
    return this.map.doc!;
  }

  /** Every annotation that validates, deleted ones included (callers filter). */
  list(): Annotation[] {
    const result: Annotation[] = [];
    this.map.forEach((_, id) => {
      const annotation = this.get(id);
      if (annotation) result.push(annotation);
    });
    return result;
  }

  get(id: string): Annotation | undefined {
    if (this.cache.has(id)) return this.cache.get(id);
    const entry = this.map.get(id);
    const annotation = entry instanceof Y.Map ? read(id, entry) : undefined;
    // Only cache once the entry is integrated: observeDeep is what invalidates it.
    if (entry instanceof Y.Map) this.cache.set(id, annotation);
    return annotation;
  }

  get size(): number {
    return this.map.size;
  }

  /** Adds an annotation; validates it first and throws AnnotationError with the reason. */
  create(input: { id: string; author: Person; passage: Passage; content: AnnotationContent; created?: string; updated?: string }, origin: Origin): Annotation {
    // Imports keep the original times; everything else is stamped now.
    const created = input.created ?? now();
    const record = parse(AnnotationRecord, { ...input.content, id: input.id, author: input.author, passage: input.passage, created, updated: input.updated ?? created });
    if (this.map.has(record.id)) throw new AnnotationError(`an annotation "${record.id}" exists already`);
    this.ydoc.transact(() => {
      const entry = new Y.Map<unknown>();
      entry.set(RECORD, record);
      entry.set(STATUS, 'open');
      entry.set(DELETED, false);
      entry.set(REPLIES, new Y.Map());
      entry.set(REACTIONS, new Y.Map());
      entry.set(HISTORY, new Y.Array());
      this.map.set(record.id, entry);
    }, origin);
    return this.get(record.id)!;
  }

  /** Replaces what the author wrote (kind stays). */
  edit(id: string, by: Person, content: AnnotationContent, origin: Origin): void {
    const { entry, annotation } = this.mine(id, by);
    if (content.kind !== annotation.kind) throw new AnnotationError('an annotation cannot change its kind');
    const record = parse(AnnotationRecord, { ...content, id, author: annotation.author, passage: annotation.passage, created: annotation.created, updated: now() });
    this.write(id, origin, () => entry.set(RECORD, record));
  }

  setStatus(id: string, status: AnnotationStatus, origin: Origin): void {
    const entry = this.entry(id);
    this.write(id, origin, () => entry.set(STATUS, AnnotationStatus.parse(status)));
  }

  /** Marks an annotation deleted; it stays in the workspace so that `restore` can undo it. */
  remove(id: string, by: Person, origin: Origin): void {
    const { entry } = this.mine(id, by);
    this.write(id, origin, () => entry.set(DELETED, true));
  }

  restore(id: string, by: Person, origin: Origin): void {
    const { entry } = this.mine(id, by);
    this.write(id, origin, () => entry.set(DELETED, false));
  }

  /** Moves an annotation to a new passage; the old one goes into its history. */
  reattach(id: string, by: Person, passage: Passage, origin: Origin): void {
    const { entry, annotation } = this.mine(id, by);
    const record = parse(AnnotationRecord, { ...stripExtras(annotation), passage, updated: now() });
    const history = parse(AnchorHistoryEntry, { passage: annotation.passage, replacedAt: now(), by });
    this.write(id, origin, () => {
      (entry.get(HISTORY) as Y.Array<unknown>).push([history]);
      entry.set(RECORD, record);
    });
  }

  addReply(id: string, reply: { id: string; author: Person; body: string; created?: string; updated?: string }, origin: Origin): Reply {
    const entry = this.entry(id);
    const created = reply.created ?? now();
    const valid = parse(Reply, { ...reply, created, updated: reply.updated ?? created, deleted: false });
    const replies = entry.get(REPLIES) as Y.Map<unknown>;
    if (replies.has(valid.id)) throw new AnnotationError(`a reply "${valid.id}" exists already`);
    this.write(id, origin, () => replies.set(valid.id, valid));
    return valid;
  }

  editReply(id: string, replyId: string, by: Person, body: string, origin: Origin): void {
    const { replies, reply } = this.myReply(id, replyId, by);
    const valid = parse(Reply, { ...reply, body, updated: now() });
    this.write(id, origin, () => replies.set(replyId, valid));
  }

  /** Deletes or restores a reply (kept as a tombstone so that undo works and threads keep their shape). */
  setReplyDeleted(id: string, replyId: string, by: Person, deleted: boolean, origin: Origin): void {
    const { replies, reply } = this.myReply(id, replyId, by);
    this.write(id, origin, () => replies.set(replyId, { ...reply, deleted, updated: now() }));
  }

  /** Adds a person's reaction, or takes it back if they had already given it. */
  toggleReaction(id: string, by: Person, reaction: Reaction, origin: Origin, at = now()): boolean {
    const reactions = this.entry(id).get(REACTIONS) as Y.Map<unknown>;
    const key = `${by.id}|${reaction}`;
    const had = reactions.has(key);
    this.write(id, origin, () => {
      if (had) reactions.delete(key);
      else reactions.set(key, parse(ReactionRecord, { by, reaction, at }));
    });
    return !had;
  }

  /**
   * Hides an annotation (moderators: owners and editors, which the server enforces); it stays in
   * the workspace and in `list()`, marked with who hid it and when.
   */
  hide(id: string, by: Person, origin: Origin): void {
    const entry = this.notMine(id, by);
    this.write(id, origin, () => entry.set(HIDDEN, parse(ModerationMark, { by, at: now() })));
  }

  unhide(id: string, by: Person, origin: Origin): void {
    const entry = this.notMine(id, by);
    if (entry.has(HIDDEN)) this.write(id, origin, () => entry.delete(HIDDEN));
  }

  hideReply(id: string, replyId: string, by: Person, origin: Origin): void {
    const entry = this.notMyReply(id, replyId, by);
    this.write(id, origin, () => entry.set(HIDDEN_REPLY_PREFIX + replyId, parse(ModerationMark, { by, at: now() })));
  }

  unhideReply(id: string, replyId: string, by: Person, origin: Origin): void {
    const entry = this.notMyReply(id, replyId, by);
    if (entry.has(HIDDEN_REPLY_PREFIX + replyId)) this.write(id, origin, () => entry.delete(HIDDEN_REPLY_PREFIX + replyId));
  }

  /**
   * The Y.Map of one annotation, for `core/withholding.ts`, which moves words in and out of it
   * under the same layout; nothing else writes to it directly.
   */
  rawEntry(id: string): Y.Map<unknown> | undefined {
    const entry = this.map.get(id);
    return entry instanceof Y.Map ? entry : undefined;
  }

  /**
   * Removes an annotation outright, without a tombstone: only for a copy of the workspace handed
   * to a reader who must not see it (`core/withholding.ts`); the live workspace never does this.
   */
  discard(id: string): void {
    if (this.map.has(id)) this.map.delete(id);
    this.cache.delete(id);
  }

  /** Every annotation id, damaged entries included. */
  ids(): string[] {
    return Array.from(this.map.keys());
  }

  /** Calls `listener` after any change to any annotation. Returns an unsubscribe. */
  observe(listener: () => void): () => void {
    const handler = () => listener();
    this.map.observeDeep(handler);
    return () => this.map.unobserveDeep(handler);
  }

  // Writes drop the cached entry at once, so a read inside an enclosing transaction is fresh too.
  private write(id: string, origin: Origin, change: () => void): void {
    this.ydoc.transact(change, origin);
    this.cache.delete(id);
  }

  private entry(id: string): Y.Map<unknown> {
    const entry = this.map.get(id);
    if (!(entry instanceof Y.Map)) throw new AnnotationError(`no annotation "${id}"`);
    return entry;
  }

  private mine(id: string, by: Person): { entry: Y.Map<unknown>; annotation: Annotation } {
    const entry = this.entry(id);
    const annotation = read(id, entry);
    if (!annotation) throw new AnnotationError(`annotation "${id}" is damaged`);
    if (annotation.author.id !== by.id) throw new AnnotationError('only its author can change an annotation');
    if (annotation.hidden) throw new AnnotationError(HIDDEN_ANNOTATION_FROZEN);
    return { entry, annotation };
  }

  // Moderating one's own words would let an author overrule the moderators.
  private notMine(id: string, by: Person): Y.Map<unknown> {
    const entry = this.entry(id);
    const annotation = read(id, entry);
    if (!annotation) throw new AnnotationError(`annotation "${id}" is damaged`);
    if (annotation.author.id === by.id) throw new AnnotationError('nobody can hide or show their own annotation');
    return entry;
  }

  private notMyReply(id: string, replyId: string, by: Person): Y.Map<unknown> {
    const entry = this.entry(id);
    // A hidden reply's placeholder counts: it is what Show again is pressed on.
    const reply = readReply((entry.get(REPLIES) as Y.Map<unknown>).get(replyId));
    if (!reply) throw new AnnotationError(`no reply "${replyId}"`);
    if (reply.author.id === by.id) throw new AnnotationError('nobody can hide or show their own reply');
    return entry;
  }

  private myReply(id: string, replyId: string, by: Person): { replies: Y.Map<unknown>; reply: Reply } {
    const entry = this.entry(id);
    const replies = entry.get(REPLIES) as Y.Map<unknown>;
    const listed = readReply(replies.get(replyId));
    if (!listed) throw new AnnotationError(`no reply "${replyId}"`);
    if (listed.author.id !== by.id) throw new AnnotationError('only its author can change a reply');
    if (entry.has(HIDDEN) || entry.has(HIDDEN_REPLY_PREFIX + replyId)) throw new AnnotationError(HIDDEN_REPLY_FROZEN);
    const parsed = Reply.safeParse(replies.get(replyId));
    if (!parsed.success) throw new AnnotationError(`reply "${replyId}" is damaged`);
    return { replies, reply: parsed.data };
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AnnotationError(explain(result.error));
}

function stripExtras(annotation: Annotation): AnnotationRecord {
  const { status: _s, deleted: _d, hidden: _m, withheld: _w, replies: _r, reactions: _x, history: _h, ...record } = annotation;
  return record as AnnotationRecord;
}

// A damaged or hostile entry is skipped, never thrown: one bad annotation must not blank the list.
function read(id: string, entry: Y.Map<unknown>): Annotation | undefined {
  const record = readRecord(entry.get(RECORD));
  if (!record.success || record.data.id !== id) return undefined;
  const status = AnnotationStatus.safeParse(entry.get(STATUS));
  const replies: ThreadReply[] = [];
  const repliesMap = entry.get(REPLIES);
  if (repliesMap instanceof Y.Map) {
    repliesMap.forEach((value) => {
      const reply = readReply(value);
      if (reply) replies.push({ ...reply, hidden: markOf(entry, HIDDEN_REPLY_PREFIX + reply.id) });
    });
  }
  replies.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
  const reactions: ReactionRecord[] = [];
  const reactionsMap = entry.get(REACTIONS);
  if (reactionsMap instanceof Y.Map) {
    reactionsMap.forEach((value) => {
      const reaction = ReactionRecord.safeParse(value);
      if (reaction.success) reactions.push(reaction.data);
    });
  }
  const history: AnchorHistoryEntry[] = [];
  const historyArray = entry.get(HISTORY);
  if (historyArray instanceof Y.Array) {
    for (const value of historyArray.toArray()) {
      const item = AnchorHistoryEntry.safeParse(value);
      if (item.success) history.push(item.data);
    }
  }
  return {
    ...record.data,
    status: status.success ? status.data : 'open',
    deleted: entry.get(DELETED) === true,
    hidden: markOf(entry, HIDDEN),
    replies,
    reactions,
    history,
  };
}

/** Whether a stored record or reply is a placeholder whose words the server keeps. */
export function isWithheld(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { withheld?: unknown }).withheld === true;
}

// A withheld record reads as its annotation with empty words, so that moderators' cards, highlights
// and counts still have it; `withheld` tells every reader that the words are elsewhere.
function readRecord(value: unknown): { success: true; data: AnnotationRecord & { withheld?: true } } | { success: false } {
  if (!isWithheld(value)) return AnnotationRecord.safeParse(value);
  const stub = WithheldRecord.safeParse(value);
  if (!stub.success) return { success: false };
  const { withheld, kind, category, comparison, citation, ...rest } = stub.data;
  const words = { body: '', tags: [] as string[] };
  const content: AnnotationContent | undefined =
    kind === 'critique' ? { kind, ...words, ...(category ? { category } : {}) }
    : kind === 'question' ? { kind, ...words }
    : kind === 'comparison' ? comparison && { kind, ...words, comparison }
    : citation && { kind, ...words, citation: { source: { type: citation.source.type, title: '' }, ...(citation.sourcePassage ? { sourcePassage: citation.sourcePassage } : {}) } };
  return content ? { success: true, data: { ...rest, ...content, withheld } } : { success: false };
}

function readReply(value: unknown): ThreadReply | undefined {
  if (isWithheld(value)) {
    const stub = WithheldReply.safeParse(value);
    return stub.success ? { ...stub.data, body: '', hidden: null } : undefined;
  }
  const reply = Reply.safeParse(value);
  return reply.success ? { ...reply.data, hidden: null } : undefined;
}

function markOf(entry: Y.Map<unknown>, key: string): ModerationMark | null {
  const mark = ModerationMark.safeParse(entry.get(key));
  return mark.success ? mark.data : null;
}
