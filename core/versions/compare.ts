import type * as Y from 'yjs';
import { z } from 'zod';
import { AnnotationKind, AnnotationStatus, ComparisonRelation, Person, type Annotation, type ThreadReply } from '../annotation.js';
import { DocumentId } from '../document-meta.js';
import { Workspace } from '../workspace.js';

export const AnnotationChangeKind = z.enum(['added', 'changed', 'resolved', 'reopened', 'deleted', 'restored', 'hidden', 'unhidden']);
export type AnnotationChangeKind = z.infer<typeof AnnotationChangeKind>;

/** What an edit changed ("changed" says that something did; this says what). */
export const EditedField = z.enum(['body', 'tags', 'relation', 'category', 'citation', 'target', 'passage']);
export type EditedField = z.infer<typeof EditedField>;

/** The parts of an annotation a reader compares, on one side. */
export const AnnotationState = z.object({
  body: z.string(),
  tags: z.array(z.string()),
  status: AnnotationStatus,
  relation: ComparisonRelation.optional(),
});
export type AnnotationState = z.infer<typeof AnnotationState>;

export const AnnotationDifference = z.object({
  annotationId: z.string(),
  documentId: DocumentId,
  kind: AnnotationKind,
  author: Person,
  quote: z.string(),
  pinpoint: z.string().optional(),
  changes: z.array(AnnotationChangeKind).min(1),
  /** Filled when `changes` has "changed". */
  fields: z.array(EditedField),
  before: AnnotationState.optional(),
  after: AnnotationState.optional(),
});
export type AnnotationDifference = z.infer<typeof AnnotationDifference>;

export const ReplyChangeKind = z.enum(['added', 'changed', 'deleted', 'restored', 'hidden', 'unhidden']);
export type ReplyChangeKind = z.infer<typeof ReplyChangeKind>;

export const ReplyDifference = z.object({
  annotationId: z.string(),
  replyId: z.string(),
  author: Person,
  changes: z.array(ReplyChangeKind).min(1),
  before: z.string().optional(),
  after: z.string().optional(),
});
export type ReplyDifference = z.infer<typeof ReplyDifference>;

/** What happened to the annotations and replies between two states of a workspace. */
export const WorkspaceComparison = z.object({
  annotations: z.array(AnnotationDifference),
  replies: z.array(ReplyDifference),
});
export type WorkspaceComparison = z.infer<typeof WorkspaceComparison>;

export interface CompareOptions {
  /**
   * Whether items hidden by moderators are compared. Without it (readers who are not moderators),
   * an item hidden on the later side is left out, and hiding or showing is not reported.
   */
  includeHidden?: boolean;
}

/**
 * Compares the annotations of two states of a workspace (a version and a later version, or the
 * live workspace). An item added and deleted between the two, or deleted on both sides, is not
 * listed. Annotations come in document and creation order, replies in thread order.
 */
export function compareWorkspaces(before: Y.Doc, after: Y.Doc, options: CompareOptions = {}): WorkspaceComparison {
  const old = byId(new Workspace(before).annotations().list());
  const now = byId(new Workspace(after).annotations().list());
  const annotations: AnnotationDifference[] = [];
  const replies: ReplyDifference[] = [];
  const ids = Array.from(new Set([...now.keys(), ...old.keys()]));
  for (const id of ids) {
    const a = old.get(id);
    const b = now.get(id);
    const latest = (b ?? a)!;
    if (!options.includeHidden && latest.hidden) continue;
    const changes = annotationChanges(a, b, options);
    const fields = changes.includes('changed') ? editedFields(a!, b!) : [];
    if (changes.length) {
      annotations.push({
        annotationId: id,
        documentId: latest.passage.documentId,
        kind: latest.kind,
        author: latest.author,
        quote: latest.passage.quote.exact,
        ...(latest.passage.pinpoint ? { pinpoint: latest.passage.pinpoint } : {}),
        changes,
        fields,
        ...(a ? { before: stateOf(a) } : {}),
        ...(b ? { after: stateOf(b) } : {}),
      });
    }
    if (b && !b.deleted) replies.push(...replyDifferences(id, a?.replies ?? [], b.replies, options));
  }
  annotations.sort((x, y) => (x.documentId < y.documentId ? -1 : x.documentId > y.documentId ? 1 : 0) || created(old, now, x.annotationId).localeCompare(created(old, now, y.annotationId)));
  return WorkspaceComparison.parse({ annotations, replies });
}

function byId(list: Annotation[]): Map<string, Annotation> {
  return new Map(list.map((a) => [a.id, a]));
}

function created(old: Map<string, Annotation>, now: Map<string, Annotation>, id: string): string {
  return (now.get(id) ?? old.get(id))!.created;
}

function annotationChanges(a: Annotation | undefined, b: Annotation | undefined, options: CompareOptions): AnnotationChangeKind[] {
  const visibleBefore = a !== undefined && !a.deleted;
  const visibleAfter = b !== undefined && !b.deleted;
  if (!visibleBefore && !visibleAfter) return [];
  if (!a) return ['added'];
  if (!visibleAfter) return ['deleted'];
  const changes: AnnotationChangeKind[] = [];
  if (!visibleBefore) changes.push('restored');
  if (editedFields(a, b!).length) changes.push('changed');
  if (a.status !== b!.status) changes.push(b!.status === 'resolved' ? 'resolved' : 'reopened');
  if (options.includeHidden && Boolean(a.hidden) !== Boolean(b!.hidden)) changes.push(b!.hidden ? 'hidden' : 'unhidden');
  return changes;
}

function editedFields(a: Annotation, b: Annotation): EditedField[] {
  const fields: EditedField[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (a.body !== b.body) fields.push('body');
  if (!same(a.tags, b.tags)) fields.push('tags');
  if (a.kind === 'comparison' && b.kind === 'comparison') {
    if (a.comparison.relation !== b.comparison.relation) fields.push('relation');
    if (!same(a.comparison.target.quote, b.comparison.target.quote) || a.comparison.target.documentId !== b.comparison.target.documentId) fields.push('target');
  }
  if (a.kind === 'critique' && b.kind === 'critique' && a.category !== b.category) fields.push('category');
  if (a.kind === 'citation' && b.kind === 'citation' && !same(a.citation, b.citation)) fields.push('citation');
  if (!same(a.passage.quote, b.passage.quote) || a.passage.documentId !== b.passage.documentId) fields.push('passage');
  return fields;
}

function stateOf(a: Annotation): AnnotationState {
  return { body: a.body, tags: a.tags, status: a.status, ...(a.kind === 'comparison' ? { relation: a.comparison.relation } : {}) };
}

function replyDifferences(annotationId: string, before: ThreadReply[], after: ThreadReply[], options: CompareOptions): ReplyDifference[] {
  const old = new Map(before.map((r) => [r.id, r]));
  const result: ReplyDifference[] = [];
  const ids = Array.from(new Set([...after.map((r) => r.id), ...before.map((r) => r.id)]));
  for (const id of ids) {
    const a = old.get(id);
    const b = after.find((r) => r.id === id);
    const latest = (b ?? a)!;
    if (!options.includeHidden && latest.hidden) continue;
    const visibleBefore = a !== undefined && !a.deleted;
    const visibleAfter = b !== undefined && !b.deleted;
    const changes: ReplyChangeKind[] = [];
    if (!visibleBefore && !visibleAfter) continue;
    if (!a) changes.push('added');
    else if (!visibleAfter) changes.push('deleted');
    else {
      if (!visibleBefore) changes.push('restored');
      if (a.body !== b!.body) changes.push('changed');
      if (options.includeHidden && Boolean(a.hidden) !== Boolean(b!.hidden)) changes.push(b!.hidden ? 'hidden' : 'unhidden');
    }
    if (changes.length) {
      result.push({ annotationId, replyId: id, author: latest.author, changes, ...(a ? { before: a.body } : {}), ...(b ? { after: b.body } : {}) });
    }
  }
  return result;
}
