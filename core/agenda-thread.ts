import type * as Y from 'yjs';
import { z } from 'zod';
import { LIMITS, Person, explain } from './annotation.js';
import type { Origin } from './origin.js';
import { SeminarError, SeminarId } from './seminar.js';

/*
 * Written answers to an agenda question of its own (one that is not an annotation, so has no
 * thread of its own). One flat map keyed "<item id>|<reply id>": a nested map per item would be
 * created by whoever answers first, and two first answers at once would each create one and one
 * would be lost with its words.
 */

export const AgendaReply = z.object({
  id: SeminarId,
  itemId: SeminarId,
  author: Person,
  body: z.string().trim().min(1, 'an answer needs some text').max(LIMITS.reply, `an answer has at most ${LIMITS.reply} characters`),
  created: z.iso.datetime(),
  updated: z.iso.datetime(),
  deleted: z.boolean(),
});
export type AgendaReply = z.infer<typeof AgendaReply>;

/** The key of a reply in the map, and what it says of the reply. */
export const agendaReplyKey = (itemId: string, replyId: string) => `${itemId}|${replyId}`;
export function parseAgendaReplyKey(key: string): { itemId: string; replyId: string } | null {
  const [itemId, replyId, ...rest] = key.split('|');
  return rest.length === 0 && SeminarId.safeParse(itemId).success && SeminarId.safeParse(replyId).success ? { itemId: itemId!, replyId: replyId! } : null;
}

const now = () => new Date().toISOString();

/** Typed access to the answers of agenda questions. */
export class AgendaThreads {
  constructor(private readonly map: Y.Map<unknown>) {}

  /** An item's answers, oldest first, deleted ones included (as in annotation threads, they keep the thread's shape). */
  of(itemId: string): AgendaReply[] {
    return this.all().filter((r) => r.itemId === itemId);
  }

  /** Every valid answer, oldest first. */
  all(): AgendaReply[] {
    const result: AgendaReply[] = [];
    this.map.forEach((value, key) => {
      const parsed = AgendaReply.safeParse(value);
      if (parsed.success && key === agendaReplyKey(parsed.data.itemId, parsed.data.id)) result.push(parsed.data);
    });
    return result.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
  }

  get(itemId: string, replyId: string): AgendaReply | undefined {
    const parsed = AgendaReply.safeParse(this.map.get(agendaReplyKey(itemId, replyId)));
    return parsed.success && parsed.data.itemId === itemId && parsed.data.id === replyId ? parsed.data : undefined;
  }

  add(input: { id: string; itemId: string; author: Person; body: string }, origin: Origin): AgendaReply {
    const at = now();
    const reply = parse({ ...input, created: at, updated: at, deleted: false });
    const key = agendaReplyKey(reply.itemId, reply.id);
    if (this.map.has(key)) throw new SeminarError(`an answer "${reply.id}" exists already`);
    this.map.doc!.transact(() => this.map.set(key, reply), origin);
    return reply;
  }

  /** Deletes or restores one's own answer. */
  setDeleted(itemId: string, replyId: string, by: Person, deleted: boolean, origin: Origin): void {
    const reply = this.get(itemId, replyId);
    if (!reply) throw new SeminarError(`no answer "${replyId}"`);
    if (reply.author.id !== by.id) throw new SeminarError('only its author can delete an answer');
    this.map.doc!.transact(() => this.map.set(agendaReplyKey(itemId, replyId), { ...reply, deleted, updated: now() }), origin);
  }

  observe(listener: () => void): () => void {
    const handler = () => listener();
    this.map.observe(handler);
    return () => this.map.unobserve(handler);
  }
}

function parse(value: unknown): AgendaReply {
  const result = AgendaReply.safeParse(value);
  if (result.success) return result.data;
  throw new SeminarError(explain(result.error));
}
