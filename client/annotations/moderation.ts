import { createContext } from 'preact';
import { AnnotationError, type Annotation, type Annotations, type Person, type Role } from '../../core/index.js';

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
  const guard = (run: () => void): string | null => {
    try {
      run();
      return null;
    } catch (error) {
      if (error instanceof AnnotationError) return error.message;
      throw error;
    }
  };
  return {
    seesHidden: true,
    actions: {
      hide: (a) => guard(() => store.hide(a.id, me, 'local')),
      unhide: (a) => guard(() => store.unhide(a.id, me, 'local')),
      hideReply: (a, replyId) => guard(() => store.hideReply(a.id, replyId, me, 'local')),
      unhideReply: (a, replyId) => guard(() => store.unhideReply(a.id, replyId, me, 'local')),
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
