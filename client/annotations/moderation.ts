import { createContext } from 'preact';
import { type Annotation, type Annotations, type Person, type Role } from '../../core/index.js';
import { refusalOf } from '../refusal.js';
import type { HiddenWords } from './hidden-words.js';

/** Hiding and showing again; each returns the store's refusal as a sentence, or null. */
export interface ModerationActions {
  hide: (annotation: Annotation) => string | null;
  unhide: (annotation: Annotation) => string | null;
  hideReply: (annotation: Annotation, replyId: string) => string | null;
  unhideReply: (annotation: Annotation, replyId: string) => string | null;
}

export interface Moderation {
  /** Moderators (owners and editors) see hidden items, marked; nobody else ever does. */
  seesHidden: boolean;
  /** Null where nothing may change: not a moderator, or a saved version. */
  actions: ModerationActions | null;
  /** Where moderators fetch the words the server keeps out of the document while hidden. */
  hiddenWords: HiddenWords | null;
}

/*
 * Moderation is the reader's right, the same everywhere in the tree; a context lets the cards and
 * the annotation hooks read it without every component between them passing it along.
 */
export const ModerationContext = createContext<Moderation>({ seesHidden: false, actions: null, hiddenWords: null });

export const isModerator = (role: Role): boolean => role === 'owner' || role === 'editor';

/**
 * What a person in `role` may do about hidden items; actions write to `store` as `me`; hidden
 * words come from `hiddenWords` (none for a saved version: a moderator's copy is whole).
 */
export function moderationFor(role: Role, store: Annotations | null, me: Person, words: HiddenWords | null = null): Moderation {
  if (!isModerator(role)) return { seesHidden: false, actions: null, hiddenWords: null };
  const hiddenWords = words;
  if (!store) return { seesHidden: true, actions: null, hiddenWords };
  return {
    seesHidden: true,
    hiddenWords,
    actions: {
      hide: (a) => refusalOf(() => store.hide(a.id, me, 'local')),
      unhide: (a) => refusalOf(() => store.unhide(a.id, me, 'local')),
      hideReply: (a, replyId) => refusalOf(() => store.hideReply(a.id, replyId, me, 'local')),
      unhideReply: (a, replyId) => refusalOf(() => store.unhideReply(a.id, replyId, me, 'local')),
    },
  };
}

/*
 * The annotations a moderator has hidden, by id, as this page last listed them. Agenda lines
 * (client/seminar/agenda-text.ts) are handed lists that already left hidden annotations out, yet
 * must say that an item's annotation was hidden, not deleted. The ids are no secret: the
 * moderation mark stays in the shared document for everyone; only the words leave it.
 */
const hiddenIds = new Set<string>();

/** Records which of a freshly read list are hidden (called with every annotation, before filtering). */
export function noteHidden(annotations: Annotation[]): void {
  hiddenIds.clear();
  for (const a of annotations) if (a.hidden) hiddenIds.add(a.id);
}

/** Whether the page's last list had this annotation hidden by a moderator. */
export function isHiddenAnnotation(id: string): boolean {
  return hiddenIds.has(id);
}

/**
 * The annotations a reader may see: everything for moderators; for everyone else, hidden
 * annotations and hidden replies are gone, as if never written (cards, highlights, counts, search).
 */
export function visibleAnnotations(annotations: Annotation[], seesHidden: boolean): Annotation[] {
  if (seesHidden) return annotations;
  const result: Annotation[] = [];
  for (const a of annotations) {
    if (a.hidden) continue;
    result.push(a.replies.some((r) => r.hidden) ? { ...a, replies: a.replies.filter((r) => !r.hidden) } : a);
  }
  return result;
}
