import { createContext } from 'preact';
import { type Annotation, type Annotations, type Person, type Role } from '../../core/index.js';
import { refusalOf } from '../refusal.js';

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
}

/*
 * Moderation is the reader's right, the same everywhere in the tree; a context lets the cards and
 * the annotation hooks read it without every component between them passing it along.
 */
export const ModerationContext = createContext<Moderation>({ seesHidden: false, actions: null });

export const isModerator = (role: Role): boolean => role === 'owner' || role === 'editor';

/** What a person in `role` may do about hidden items; actions write to `store` as `me`. */
export function moderationFor(role: Role, store: Annotations | null, me: Person): Moderation {
  if (!isModerator(role)) return { seesHidden: false, actions: null };
  if (!store) return { seesHidden: true, actions: null };
  return {
    seesHidden: true,
    actions: {
      hide: (a) => refusalOf(() => store.hide(a.id, me, 'local')),
      unhide: (a) => refusalOf(() => store.unhide(a.id, me, 'local')),
      hideReply: (a, replyId) => refusalOf(() => store.hideReply(a.id, replyId, me, 'local')),
      unhideReply: (a, replyId) => refusalOf(() => store.unhideReply(a.id, replyId, me, 'local')),
    },
  };
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
