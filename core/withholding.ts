import * as Y from 'yjs';
import { z } from 'zod';
import { AnnotationRecord, Reply, type WithheldRecord, type WithheldReply } from './annotation.js';
import { annotationKeys, isWithheld } from './annotation-store.js';
import { Workspace, rootNames } from './workspace.js';
import type { Origin } from './origin.js';
import type { Touch } from './update-check.js';

/*
 * Moderation hides data, not pixels. While an annotation or a reply is hidden, its words are not
 * in the shared document: the server moves them into its own keeping (for moderators and for
 * *Show again*) and leaves a placeholder (WithheldRecord, WithheldReply). Every function here
 * works on a Y.Doc through the annotations' layout; the server decides where the words are kept.
 *
 * An item is concealed while it is hidden or its annotation is: a hidden annotation's thread is
 * as invisible to members as the annotation itself, so its replies' words leave with it.
 */

const { RECORD, REPLIES, HIDDEN, HIDDEN_REPLY_PREFIX } = annotationKeys;

/** The words of one concealed item as kept: the stored record or reply exactly as it was. */
export interface KeptWords {
  annotationId: string;
  /** Null for the annotation's own record. */
  replyId: string | null;
  value: unknown;
}

/** The kept words of hidden items as moderators receive them (`GET …/hidden-content`). */
export const HiddenContent = z.object({
  annotations: z.array(z.object({ annotationId: z.string(), record: AnnotationRecord })),
  replies: z.array(z.object({ annotationId: z.string(), replyId: z.string(), reply: Reply })),
});
export type HiddenContent = z.infer<typeof HiddenContent>;

/** What is concealed in a workspace now: annotation ids, and reply ids per annotation. */
export interface Concealed {
  annotations: Set<string>;
  replies: Map<string, Set<string>>;
}

/** Concealed items of a document, by their moderation marks. */
export function concealedItems(ydoc: Y.Doc): Concealed {
  const store = new Workspace(ydoc).annotations();
  const concealed: Concealed = { annotations: new Set(), replies: new Map() };
  for (const id of store.ids()) {
    const entry = store.rawEntry(id)!;
    if (entry.has(HIDDEN)) concealed.annotations.add(id);
    for (const key of entry.keys()) {
      if (!key.startsWith(HIDDEN_REPLY_PREFIX)) continue;
      const replies = concealed.replies.get(id) ?? new Set<string>();
      replies.add(key.slice(HIDDEN_REPLY_PREFIX.length));
      concealed.replies.set(id, replies);
    }
  }
  return concealed;
}

/** The annotations an update touches (whose words may have to move). */
export function touchedAnnotations(touches: Touch[]): Set<string> {
  const ids = new Set<string>();
  for (const touch of touches) if (touch.root === rootNames.ANNOTATIONS && typeof touch.keys[0] === 'string') ids.add(touch.keys[0]);
  return ids;
}

/**
 * Takes the words of every concealed item among `ids` (all annotations when left out) out of the
 * document, in one transaction. `keep` receives them first, so that a caller who stores them
 * durably before the change reaches its log never loses words. Returns what was taken.
 */
export function withholdConcealed(ydoc: Y.Doc, keep: (words: KeptWords[]) => void, ids?: Iterable<string>, origin: Origin = 'server'): KeptWords[] {
  const store = new Workspace(ydoc).annotations();
  const taken: { words: KeptWords; write: () => void }[] = [];
  for (const id of ids ?? store.ids()) {
    const entry = store.rawEntry(id);
    if (!entry) continue;
    const hidden = entry.has(HIDDEN);
    const record = entry.get(RECORD);
    if (hidden && record !== undefined && !isWithheld(record)) {
      taken.push({ words: { annotationId: id, replyId: null, value: record }, write: () => entry.set(RECORD, recordPlaceholder(id, record)) });
    }
    const replies = entry.get(REPLIES);
    if (!(replies instanceof Y.Map)) continue;
    replies.forEach((reply: unknown, replyId: string) => {
      if (isWithheld(reply) || !(hidden || entry.has(HIDDEN_REPLY_PREFIX + replyId))) return;
      taken.push({ words: { annotationId: id, replyId, value: reply }, write: () => replies.set(replyId, replyPlaceholder(replyId, reply)) });
    });
  }
  if (taken.length === 0) return [];
  const words = taken.map((t) => t.words);
  keep(words);
  Y.transact(ydoc, () => taken.forEach((t) => t.write()), origin);
  return words;
}

/**
 * Puts kept words back into their placeholders, in one transaction: those of items no longer
 * concealed, or every one when `all` (a moderator's whole copy). `kept` answers per annotation.
 * Returns what was put back; a placeholder without kept words stays as it is.
 */
export function restoreWords(ydoc: Y.Doc, kept: (annotationId: string) => KeptWords[], options: { ids?: Iterable<string>; all?: boolean; origin?: Origin } = {}): KeptWords[] {
  const store = new Workspace(ydoc).annotations();
  const restored: { words: KeptWords; write: () => void }[] = [];
  for (const id of options.ids ?? store.ids()) {
    const entry = store.rawEntry(id);
    if (!entry || !hasPlaceholder(entry)) continue;
    const hidden = entry.has(HIDDEN);
    const replies = entry.get(REPLIES);
    for (const words of kept(id)) {
      if (words.replyId === null) {
        if ((hidden && !options.all) || !isWithheld(entry.get(RECORD))) continue;
        restored.push({ words, write: () => entry.set(RECORD, words.value) });
      } else if (replies instanceof Y.Map) {
        const replyId = words.replyId;
        if ((!options.all && (hidden || entry.has(HIDDEN_REPLY_PREFIX + replyId))) || !isWithheld(replies.get(replyId))) continue;
        restored.push({ words, write: () => replies.set(replyId, words.value) });
      }
    }
  }
  if (restored.length) Y.transact(ydoc, () => restored.forEach((r) => r.write()), options.origin ?? 'server');
  return restored.map((r) => r.words);
}

/**
 * Removes concealed items outright, for a reader who is not a moderator (a version they download):
 * those concealed in `ydoc` and those in `alsoConcealed` (concealed in the live workspace now).
 * For such a reader a hidden item is as if never written, so nothing of it is left, not even a
 * placeholder. With `ydoc` collecting garbage, its encoded state then holds none of their words.
 */
export function removeConcealed(ydoc: Y.Doc, alsoConcealed?: Concealed, origin: Origin = 'server'): void {
  const store = new Workspace(ydoc).annotations();
  const here = concealedItems(ydoc);
  const annotations = new Set([...here.annotations, ...(alsoConcealed?.annotations ?? [])]);
  const replies = new Map(here.replies);
  for (const [id, ids] of alsoConcealed?.replies ?? []) replies.set(id, new Set([...(replies.get(id) ?? []), ...ids]));
  Y.transact(
    ydoc,
    () => {
      for (const id of annotations) store.discard(id);
      for (const [id, replyIds] of replies) {
        const entry = annotations.has(id) ? undefined : store.rawEntry(id);
        const thread = entry?.get(REPLIES);
        if (!entry || !(thread instanceof Y.Map)) continue;
        for (const replyId of replyIds) {
          if (thread.has(replyId)) thread.delete(replyId);
          if (entry.has(HIDDEN_REPLY_PREFIX + replyId)) entry.delete(HIDDEN_REPLY_PREFIX + replyId);
        }
      }
    },
    origin,
  );
}

/** A copy of a document with `transform` applied, garbage collected: its state is safe to hand out. */
export function transformedCopy(ydoc: Y.Doc, transform: (copy: Y.Doc) => void): Y.Doc {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
  transform(copy);
  return copy;
}

function hasPlaceholder(entry: Y.Map<unknown>): boolean {
  if (isWithheld(entry.get(RECORD))) return true;
  const replies = entry.get(REPLIES);
  if (!(replies instanceof Y.Map)) return false;
  for (const reply of replies.values()) if (isWithheld(reply)) return true;
  return false;
}

// Only fields that carry no words are copied; see WithheldRecord for which and why.
function recordPlaceholder(id: string, value: unknown): WithheldRecord | { withheld: true; id: string } {
  const parsed = AnnotationRecord.safeParse(value);
  if (!parsed.success) return { withheld: true, id };
  const r = parsed.data;
  const base = { withheld: true as const, id: r.id, kind: r.kind, author: r.author, created: r.created, updated: r.updated, passage: r.passage };
  switch (r.kind) {
    case 'critique':
      return { ...base, ...(r.category ? { category: r.category } : {}) };
    case 'comparison':
      return { ...base, comparison: r.comparison };
    case 'citation':
      return { ...base, citation: { source: { type: r.citation.source.type }, ...(r.citation.sourcePassage ? { sourcePassage: r.citation.sourcePassage } : {}) } };
    case 'question':
      return base;
  }
}

function replyPlaceholder(replyId: string, value: unknown): WithheldReply | { withheld: true; id: string } {
  const parsed = Reply.safeParse(value);
  if (!parsed.success) return { withheld: true, id: replyId };
  const { id, author, created, updated, deleted } = parsed.data;
  return { withheld: true, id, author, created, updated, deleted };
}
