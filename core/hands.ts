import type * as Y from 'yjs';
import { z } from 'zod';
import { Person, explain } from './annotation.js';
import type { Origin } from './origin.js';
import { SeminarError, SeminarId } from './seminar.js';

/*
 * Raised hands: one entry per person, keyed by their id, so that raising twice is one hand and
 * the server can tell whose hand a change touches from its key alone (anyone raises or lowers
 * their own; only the facilitator lowers someone else's, when calling on them).
 */

export const Hand = z.object({
  person: Person,
  raisedAt: z.iso.datetime(),
  /** The session it was raised in: a hand left up does not carry into the next session. */
  sessionId: SeminarId,
});
export type Hand = z.infer<typeof Hand>;

/** Who the facilitator called on last, shown to everyone (it lives in the seminar state map). */
export const Speaking = z.object({ person: Person, calledBy: Person, at: z.iso.datetime(), sessionId: SeminarId });
export type Speaking = z.infer<typeof Speaking>;

const now = () => new Date().toISOString();

/** Typed access to the queue of raised hands. */
export class Hands {
  constructor(
    private readonly map: Y.Map<unknown>,
    private readonly state: Y.Map<unknown>,
    private readonly speakingKey: string,
  ) {}

  /** The hands up in a session, first raised first. */
  queue(sessionId: string): Hand[] {
    const result: Hand[] = [];
    this.map.forEach((value, key) => {
      const parsed = Hand.safeParse(value);
      if (parsed.success && parsed.data.person.id === key && parsed.data.sessionId === sessionId) result.push(parsed.data);
    });
    return result.sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : a.person.id < b.person.id ? -1 : 1));
  }

  raise(person: Person, sessionId: string, origin: Origin): Hand {
    const existing = Hand.safeParse(this.map.get(person.id));
    if (existing.success && existing.data.sessionId === sessionId) return existing.data;
    const hand = parse(Hand, { person, raisedAt: now(), sessionId });
    this.map.doc!.transact(() => this.map.set(person.id, hand), origin);
    return hand;
  }

  lower(personId: string, origin: Origin): void {
    if (this.map.has(personId)) this.map.doc!.transact(() => this.map.delete(personId), origin);
  }

  /** The facilitator calls on the first hand up: it goes down and its person is "speaking". */
  callNext(sessionId: string, by: Person, origin: Origin): Speaking | null {
    const first = this.queue(sessionId)[0];
    if (!first) return null;
    const speaking = parse(Speaking, { person: first.person, calledBy: by, at: now(), sessionId });
    this.map.doc!.transact(() => {
      this.map.delete(first.person.id);
      this.state.set(this.speakingKey, speaking);
    }, origin);
    return speaking;
  }

  /** Who was called on last in this session, if anyone. */
  speaking(sessionId: string): Speaking | null {
    const parsed = Speaking.safeParse(this.state.get(this.speakingKey));
    return parsed.success && parsed.data.sessionId === sessionId ? parsed.data : null;
  }

  observe(listener: () => void): () => void {
    const handler = () => listener();
    this.map.observe(handler);
    this.state.observe(handler);
    return () => {
      this.map.unobserve(handler);
      this.state.unobserve(handler);
    };
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SeminarError(explain(result.error));
}
