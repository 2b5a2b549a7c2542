import type * as Y from 'yjs';
import { z } from 'zod';
import { Person, explain } from './annotation.js';
import type { Origin } from './origin.js';
import { SeminarError, SeminarId } from './seminar.js';

/*
 * Quick polls on the item under discussion. The facilitator writes the poll into the document;
 * votes go to the server (POST …/polls/:id/vote), which keeps one per member in its database
 * and writes back only the tally: for an anonymous poll the counts, for a named one the counts
 * and who chose what. So nobody reading the shared document, or a version of it, learns how
 * anyone voted in an anonymous poll, and a member cannot vote twice by writing the document.
 */

export const DEFAULT_POLL_OPTIONS = ['Agree', 'Disagree', 'Unsure'] as const;

export const Poll = z.object({
  id: SeminarId,
  sessionId: SeminarId,
  /** The agenda item it is about, when there was one under discussion. */
  itemId: SeminarId.nullable(),
  question: z.string().trim().min(1, 'a poll needs a question').max(300, 'a poll question has at most 300 characters'),
  options: z.array(z.string().trim().min(1, 'an option needs some text').max(80, 'an option has at most 80 characters')).min(2, 'a poll needs at least two options').max(6, 'a poll has at most six options'),
  anonymous: z.boolean(),
  openedBy: Person,
  openedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().optional(),
});
export type Poll = z.infer<typeof Poll>;

/** Written by the server only. `voters[i]` lists who chose option i, for a named poll. */
export const PollTally = z.object({
  pollId: SeminarId,
  counts: z.array(z.number().int().min(0)).max(6),
  voters: z.array(z.array(Person)).max(6).optional(),
});
export type PollTally = z.infer<typeof PollTally>;

/** A vote as the route takes it. */
export const PollVote = z.object({ option: z.number().int().min(0).max(5) });

export const TALLY_PREFIX = 'tally:';
export const isTallyKey = (key: string) => key.startsWith(TALLY_PREFIX);

const now = () => new Date().toISOString();

/** Typed access to polls and their tallies. */
export class Polls {
  constructor(private readonly map: Y.Map<unknown>) {}

  all(): Poll[] {
    const result: Poll[] = [];
    this.map.forEach((value, key) => {
      if (isTallyKey(key)) return;
      const parsed = Poll.safeParse(value);
      if (parsed.success && parsed.data.id === key) result.push(parsed.data);
    });
    return result.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id < b.id ? -1 : 1));
  }

  get(id: string): Poll | undefined {
    const parsed = Poll.safeParse(this.map.get(id));
    return parsed.success && parsed.data.id === id ? parsed.data : undefined;
  }

  /** The poll to show in a session: the open one, else the last one. */
  latest(sessionId: string): Poll | undefined {
    const polls = this.all().filter((p) => p.sessionId === sessionId);
    return polls.find((p) => !p.closedAt) ?? polls.at(-1);
  }

  tally(id: string): PollTally {
    const parsed = PollTally.safeParse(this.map.get(TALLY_PREFIX + id));
    const options = this.get(id)?.options.length ?? 0;
    if (!parsed.success || parsed.data.pollId !== id) return { pollId: id, counts: Array.from({ length: options }, () => 0) };
    return parsed.data;
  }

  /** Opens a poll, closing any other open one of the session: one question at a time. */
  open(input: { id: string; sessionId: string; itemId: string | null; question: string; options?: string[]; anonymous: boolean; openedBy: Person }, origin: Origin): Poll {
    const poll = parse(Poll, { ...input, options: input.options?.length ? input.options : [...DEFAULT_POLL_OPTIONS], openedAt: now() });
    if (this.map.has(poll.id)) throw new SeminarError(`a poll "${poll.id}" exists already`);
    this.map.doc!.transact(() => {
      for (const other of this.all()) if (other.sessionId === poll.sessionId && !other.closedAt) this.map.set(other.id, { ...other, closedAt: poll.openedAt });
      this.map.set(poll.id, poll);
    }, origin);
    return poll;
  }

  close(id: string, origin: Origin): void {
    const poll = this.get(id);
    if (!poll) throw new SeminarError(`no poll "${id}"`);
    if (!poll.closedAt) this.map.doc!.transact(() => this.map.set(id, { ...poll, closedAt: now() }), origin);
  }

  /** The server writes a poll's tally from its own record of the votes. */
  setTally(tally: PollTally, origin: Origin): void {
    const valid = parse(PollTally, tally);
    this.map.doc!.transact(() => this.map.set(TALLY_PREFIX + valid.pollId, valid), origin);
  }

  observe(listener: () => void): () => void {
    const handler = () => listener();
    this.map.observe(handler);
    return () => this.map.unobserve(handler);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SeminarError(explain(result.error));
}
