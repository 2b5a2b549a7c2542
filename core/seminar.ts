import * as Y from 'yjs';
import { z } from 'zod';
import { LIMITS, Person, explain } from './annotation.js';
import type { Annotations } from './annotation-store.js';
import type { Origin } from './origin.js';

/*
 * Seminar sessions and their agenda. The agenda's order is a Y.Array of item ids and each item's
 * record lives in a map by id, so that moving an item never loses a concurrent edit of it (a
 * concurrent double move only duplicates an id, which reading drops). Every value is a plain
 * record validated here, by the client before it writes and by the server when it reads an update.
 */

export const SeminarId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id has 1 to 64 letters, digits, hyphens or underscores');

export const SeminarSession = z
  .object({
    id: SeminarId,
    title: z.string().trim().min(1, 'a session needs a title').max(200, 'a session title has at most 200 characters'),
    facilitator: Person,
    startedAt: z.iso.datetime(),
    endedAt: z.iso.datetime().optional(),
  })
  .refine((s) => !s.endedAt || s.endedAt >= s.startedAt, 'a session cannot end before it starts');
export type SeminarSession = z.infer<typeof SeminarSession>;

/** One agenda entry: an annotation to discuss, or a question of its own. */
export const AgendaItem = z
  .object({
    id: SeminarId,
    annotationId: z.string().min(1).max(64).optional(),
    question: z.string().trim().min(1, 'a question needs some text').max(LIMITS.reply, `a question has at most ${LIMITS.reply} characters`).optional(),
    addedBy: Person,
    addedAt: z.iso.datetime(),
    discussed: z.boolean(),
    discussedAt: z.iso.datetime().optional(),
    /** The session it was discussed in, for that session's summary. */
    discussedIn: SeminarId.optional(),
    /** A question sent in anonymously and put on the agenda by a facilitator (`addedBy`): nobody else is named. */
    anonymous: z.boolean().optional(),
  })
  .refine((item) => (item.annotationId === undefined) !== (item.question === undefined), 'an agenda item is either an annotation or a question');
export type AgendaItem = z.infer<typeof AgendaItem>;

/** The item the facilitator has the group on now. */
export const NowDiscussing = z.object({ itemId: SeminarId, by: Person, since: z.iso.datetime() });
export type NowDiscussing = z.infer<typeof NowDiscussing>;

/** The keys of the seminar state map: the item under discussion, who was called on, the item's timer, how many anonymous questions came in. */
export const NOW_DISCUSSING = 'nowDiscussing';
export const SPEAKING = 'speaking';
export const TIMER = 'timer';
export const QUESTIONS_ASKED = 'questionsAsked';

/** Written by the server only: a count, so the facilitator's screen knows to fetch the anonymous questions (their words and authors stay on the server). */
export const QuestionsAsked = z.object({ sessionId: SeminarId, count: z.number().int().min(0) });
export type QuestionsAsked = z.infer<typeof QuestionsAsked>;

/** Thrown when a write would break the model; the message is for a person. */
export class SeminarError extends Error {
  override name = 'SeminarError';
}

export interface SeminarTypes {
  order: Y.Array<unknown>;
  items: Y.Map<unknown>;
  sessions: Y.Map<unknown>;
  state: Y.Map<unknown>;
}

const now = () => new Date().toISOString();

/** Typed access to a workspace's seminar sessions, agenda and "now discussing". */
export class Seminar {
  constructor(
    private readonly types: SeminarTypes,
    private readonly annotations: Annotations,
  ) {}

  private get ydoc(): Y.Doc {
    return this.types.order.doc!;
  }

  /** Every valid session, oldest first. */
  sessions(): SeminarSession[] {
    const result: SeminarSession[] = [];
    this.types.sessions.forEach((value, key) => {
      const parsed = SeminarSession.safeParse(value);
      if (parsed.success && parsed.data.id === key) result.push(parsed.data);
    });
    return result.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : 1));
  }

  session(id: string): SeminarSession | undefined {
    const parsed = SeminarSession.safeParse(this.types.sessions.get(id));
    return parsed.success && parsed.data.id === id ? parsed.data : undefined;
  }

  /** The session under way (not ended), if any. */
  activeSession(): SeminarSession | undefined {
    return this.sessions()
      .filter((s) => !s.endedAt)
      .at(-1);
  }

  startSession(input: { id: string; title: string; facilitator: Person; startedAt?: string }, origin: Origin): SeminarSession {
    const session = parse(SeminarSession, { ...input, startedAt: input.startedAt ?? now() });
    if (this.types.sessions.has(session.id)) throw new SeminarError(`a session "${session.id}" exists already`);
    const active = this.activeSession();
    if (active) throw new SeminarError(`“${active.title}” is still under way: end it first`);
    this.ydoc.transact(() => this.types.sessions.set(session.id, session), origin);
    return session;
  }

  endSession(id: string, origin: Origin, endedAt = now()): SeminarSession {
    const session = this.session(id);
    if (!session) throw new SeminarError(`no session "${id}"`);
    if (session.endedAt) throw new SeminarError(`“${session.title}” has already ended`);
    const ended = parse(SeminarSession, { ...session, endedAt });
    const current = this.nowDiscussing();
    this.ydoc.transact(() => {
      // The item the group was on when the session ended was discussed in it.
      if (current && !this.item(current.itemId)!.discussed) this.setDiscussed(current.itemId, true, origin, id);
      this.types.sessions.set(id, ended);
      this.types.state.delete(NOW_DISCUSSING);
      this.types.state.delete(TIMER);
    }, origin);
    return ended;
  }

  /** How many anonymous questions came in during a session (their words stay on the server). */
  questionsAsked(sessionId: string): number {
    const parsed = QuestionsAsked.safeParse(this.types.state.get(QUESTIONS_ASKED));
    return parsed.success && parsed.data.sessionId === sessionId ? parsed.data.count : 0;
  }

  setQuestionsAsked(sessionId: string, count: number, origin: Origin): void {
    const value = parse(QuestionsAsked, { sessionId, count });
    this.ydoc.transact(() => this.types.state.set(QUESTIONS_ASKED, value), origin);
  }

  /** Hands the running session to another facilitator (the server checks they may lead it). */
  handOver(id: string, to: Person, origin: Origin): SeminarSession {
    const session = this.session(id);
    if (!session) throw new SeminarError(`no session "${id}"`);
    if (session.endedAt) throw new SeminarError(`“${session.title}” has already ended`);
    const handed = parse(SeminarSession, { ...session, facilitator: to });
    this.ydoc.transact(() => this.types.sessions.set(id, handed), origin);
    return handed;
  }

  /** The agenda in order: each item once, records that fail validation left out. */
  agenda(): AgendaItem[] {
    const seen = new Set<string>();
    const result: AgendaItem[] = [];
    for (const id of this.types.order.toArray()) {
      if (typeof id !== 'string' || seen.has(id)) continue;
      seen.add(id);
      const item = this.item(id);
      if (item) result.push(item);
    }
    return result;
  }

  item(id: string): AgendaItem | undefined {
    const parsed = AgendaItem.safeParse(this.types.items.get(id));
    return parsed.success && parsed.data.id === id ? parsed.data : undefined;
  }

  /** Adds an item at `index` (the end by default). An annotation must exist and be on the agenda once. */
  addItem(input: { id: string; annotationId?: string; question?: string; addedBy: Person; anonymous?: boolean }, origin: Origin, index?: number): AgendaItem {
    const item = parse(AgendaItem, { ...input, addedAt: now(), discussed: false });
    if (this.types.items.has(item.id)) throw new SeminarError(`an agenda item "${item.id}" exists already`);
    if (item.annotationId !== undefined) {
      if (!this.annotations.get(item.annotationId)) throw new SeminarError(`no annotation "${item.annotationId}"`);
      if (this.agenda().some((i) => i.annotationId === item.annotationId)) throw new SeminarError('that annotation is on the agenda already');
    }
    this.ydoc.transact(() => {
      this.types.items.set(item.id, item);
      this.types.order.insert(this.rawIndex(index ?? Infinity), [item.id]);
    }, origin);
    return item;
  }

  /** Moves an item to `index` of the agenda as read (clamped to its ends). */
  moveItem(id: string, index: number, origin: Origin): void {
    if (!this.item(id)) throw new SeminarError(`no agenda item "${id}"`);
    if (!Number.isInteger(index) || index < 0) throw new SeminarError('a position is a whole number from 0');
    this.ydoc.transact(() => {
      this.deleteFromOrder(id);
      this.types.order.insert(this.rawIndex(index), [id]);
    }, origin);
  }

  /** Marks an item discussed (in the session under way, unless another is named) or not. */
  setDiscussed(id: string, discussed: boolean, origin: Origin, sessionId = this.activeSession()?.id): AgendaItem {
    const item = this.item(id);
    if (!item) throw new SeminarError(`no agenda item "${id}"`);
    if (sessionId !== undefined && !this.session(sessionId)) throw new SeminarError(`no session "${sessionId}"`);
    const { discussedAt: _a, discussedIn: _i, ...rest } = item;
    const next = parse(AgendaItem, discussed ? { ...rest, discussed, discussedAt: now(), ...(sessionId ? { discussedIn: sessionId } : {}) } : { ...rest, discussed });
    this.ydoc.transact(() => this.types.items.set(id, next), origin);
    return next;
  }

  removeItem(id: string, origin: Origin): void {
    if (!this.types.items.has(id)) throw new SeminarError(`no agenda item "${id}"`);
    this.ydoc.transact(() => {
      this.deleteFromOrder(id);
      this.types.items.delete(id);
      if (this.nowDiscussing()?.itemId === id) this.types.state.delete(NOW_DISCUSSING);
    }, origin);
  }

  /** The item the group is on now, while it is still on the agenda. */
  nowDiscussing(): NowDiscussing | null {
    const parsed = NowDiscussing.safeParse(this.types.state.get(NOW_DISCUSSING));
    return parsed.success && this.item(parsed.data.itemId) ? parsed.data : null;
  }

  setNowDiscussing(itemId: string | null, by: Person, origin: Origin): void {
    if (itemId === null) {
      this.ydoc.transact(() => this.types.state.delete(NOW_DISCUSSING), origin);
      return;
    }
    if (!this.item(itemId)) throw new SeminarError(`no agenda item "${itemId}"`);
    const value = parse(NowDiscussing, { itemId, by, since: now() });
    const previous = this.nowDiscussing();
    const session = this.activeSession();
    this.ydoc.transact(() => {
      // Moving on is having discussed: otherwise "Next" and the summary depend on ticking by hand.
      if (previous && previous.itemId !== itemId && session && !this.item(previous.itemId)!.discussed) this.setDiscussed(previous.itemId, true, origin, session.id);
      this.types.state.set(NOW_DISCUSSING, value);
    }, origin);
  }

  /** The item "Next" goes to: the first not yet discussed after the current one, else the first before it. */
  nextItem(): AgendaItem | undefined {
    return nextItem(this.agenda(), this.nowDiscussing()?.itemId ?? null);
  }

  /** Calls `listener` after any change to sessions, agenda or "now discussing". Returns an unsubscribe. */
  observe(listener: () => void): () => void {
    const handler = () => listener();
    const types = [this.types.order, this.types.items, this.types.sessions, this.types.state];
    for (const type of types) type.observe(handler);
    return () => {
      for (const type of types) type.unobserve(handler);
    };
  }

  private deleteFromOrder(id: string): void {
    const raw = this.types.order.toArray();
    for (let i = raw.length - 1; i >= 0; i--) if (raw[i] === id) this.types.order.delete(i, 1);
  }

  // The raw array may hold duplicates and ids without records; positions are counted as read.
  private rawIndex(index: number): number {
    const visible = this.agenda();
    if (index >= visible.length) return this.types.order.length;
    const target = visible[index]!.id;
    return this.types.order.toArray().indexOf(target);
  }
}

/** The first item not yet discussed after `currentId` (wrapping round to the start), never the current one. */
export function nextItem(agenda: AgendaItem[], currentId: string | null): AgendaItem | undefined {
  return upcomingItems(agenda, currentId)[0];
}

/** The items after `currentId` still to discuss, in the order "Next" would take them. */
export function upcomingItems(agenda: AgendaItem[], currentId: string | null): AgendaItem[] {
  const at = currentId === null ? -1 : agenda.findIndex((i) => i.id === currentId);
  return [...agenda.slice(at + 1), ...agenda.slice(0, Math.max(at, 0))].filter((i) => !i.discussed && i.id !== currentId);
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SeminarError(explain(result.error));
}
