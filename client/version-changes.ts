import type { AnnotationChangeKind, AnnotationDifference, EditedField, ReplyChangeKind, ReplyDifference, WorkspaceComparison } from '../core/versions/compare.js';

export const ANNOTATION_CHANGE_LABEL: Record<AnnotationChangeKind, string> = {
  added: 'Added',
  changed: 'Changed',
  resolved: 'Resolved',
  reopened: 'Reopened',
  deleted: 'Deleted',
  restored: 'Restored',
  hidden: 'Hidden',
  unhidden: 'Shown again',
};

export const REPLY_CHANGE_LABEL: Record<ReplyChangeKind, string> = {
  added: 'Replies added',
  changed: 'Replies edited',
  deleted: 'Replies deleted',
  restored: 'Replies restored',
  hidden: 'Replies hidden',
  unhidden: 'Replies shown again',
};

export const FIELD_LABEL: Record<EditedField, string> = {
  body: 'text',
  tags: 'tags',
  relation: 'relation',
  category: 'category',
  citation: 'source',
  target: 'compared passage',
  passage: 'passage',
};

const ANNOTATION_ORDER: AnnotationChangeKind[] = ['added', 'changed', 'resolved', 'reopened', 'deleted', 'restored', 'hidden', 'unhidden'];
const REPLY_ORDER: ReplyChangeKind[] = ['added', 'changed', 'deleted', 'restored', 'hidden', 'unhidden'];

export interface ChangeGroups {
  annotations: { change: AnnotationChangeKind; items: AnnotationDifference[] }[];
  replies: { change: ReplyChangeKind; items: ReplyDifference[] }[];
}

/**
 * A comparison grouped by what happened, in a fixed reading order, empty groups left out. An item
 * with several changes (edited and resolved) is listed under each, so every group is complete.
 */
export function groupChanges(comparison: WorkspaceComparison): ChangeGroups {
  return {
    annotations: ANNOTATION_ORDER.map((change) => ({ change, items: comparison.annotations.filter((a) => a.changes.includes(change)) })).filter((g) => g.items.length > 0),
    replies: REPLY_ORDER.map((change) => ({ change, items: comparison.replies.filter((r) => r.changes.includes(change)) })).filter((g) => g.items.length > 0),
  };
}
