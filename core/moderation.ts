import { annotationKeys } from './annotation-store.js';
import { rootNames } from './workspace.js';
import type { Touch } from './update-check.js';

/** An annotation or reply hidden or shown again by an update (for the audit log). */
export interface ModerationChange {
  action: 'hidden' | 'unhidden';
  annotationId: string;
  replyId?: string;
}

/**
 * The hides and unhides among an update's touches. Re-marking an item writes a new mark over the
 * old one (an insert and a delete of the same key): that stays "hidden".
 */
export function moderationChanges(touches: Touch[]): ModerationChange[] {
  const marks = new Map<string, ModerationChange>();
  for (const touch of touches) {
    if (touch.root !== rootNames.ANNOTATIONS || touch.keys.length !== 2) continue;
    const [annotationId, key] = touch.keys;
    if (typeof annotationId !== 'string' || typeof key !== 'string') continue;
    let replyId: string | undefined;
    if (key.startsWith(annotationKeys.HIDDEN_REPLY_PREFIX)) replyId = key.slice(annotationKeys.HIDDEN_REPLY_PREFIX.length);
    else if (key !== annotationKeys.HIDDEN) continue;
    const id = `${annotationId}\u0000${key}`;
    if (touch.change === 'insert') marks.set(id, { action: 'hidden', annotationId, ...(replyId ? { replyId } : {}) });
    else if (!marks.has(id)) marks.set(id, { action: 'unhidden', annotationId, ...(replyId ? { replyId } : {}) });
  }
  return Array.from(marks.values());
}
