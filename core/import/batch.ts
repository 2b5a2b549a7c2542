import { digest as sha256 } from 'lib0/hash/sha256';
import { toHexString } from 'lib0/buffer';
import type { Annotation } from '../annotation.js';
import type { Origin } from '../origin.js';
import type { Workspace } from '../workspace.js';
import { isExternalId } from './read.js';

/*
 * An import is a batch: every annotation and reply it adds has an id that begins with
 * `imp-<importId>-`, so the workspace itself records what each import added (through versions,
 * backups and restores) and undoing one needs no list kept anywhere else. Only imports write as
 * outside people (`external:` ids) and no member can, so an annotation a member gave an id that
 * looks like an import's is never taken for part of one. When the file names an annotation or
 * reply lastingly (see Candidate.sourceId), the rest of the id is a hash of that name, which is
 * how a later import of the same annotation knows it is here.
 */

/** An import's id: 12 hex digits. */
export const IMPORT_ID = /^[0-9a-f]{12}$/;
const ITEM_ID = /^imp-([0-9a-f]{12})-(?:[ar]\d+|s([0-9a-f]{16}))$/;

/** The hash that stands for an annotation's name in the tool it came from. */
export const sourceKeyOf = (sourceId: string) => toHexString(sha256(new TextEncoder().encode(sourceId))).slice(0, 16);

/** The id of the `n`th annotation (or reply) an import adds, named by its source when it has one. */
export const importedAnnotationId = (importId: string, n: number, sourceKey?: string) => `imp-${importId}-${sourceKey ? `s${sourceKey}` : `a${n}`}`;
export const importedReplyId = (importId: string, n: number, sourceKey?: string) => `imp-${importId}-${sourceKey ? `s${sourceKey}` : `r${n}`}`;

/** The source key in the id of something an import added, if it has one. */
export function sourceKeyIn(id: string): string | null {
  return ITEM_ID.exec(id)?.[2] ?? null;
}

/** The import that added the annotation or reply of this id, or null. */
export function importOf(id: string): string | null {
  return ITEM_ID.exec(id)?.[1] ?? null;
}

/** A fresh import id, unused in this workspace. */
export function newImportId(workspace: Workspace): string {
  const used = new Set(workspace.annotations().list().map((a) => importOf(a.id)));
  for (;;) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
    const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    if (!used.has(id)) return id;
  }
}

/** What one import added and is still in the workspace, and what went since. */
export interface ImportContents {
  importId: string;
  /** Its annotations not deleted. */
  annotations: string[];
  /** Its replies not deleted, on any annotation (its own, or one that was here already). */
  replies: { annotationId: string; replyId: string }[];
  /** Replies members wrote since on its annotations: an undo takes them away with their annotation. */
  repliesByOthers: number;
  /** Its annotations and replies deleted already (by an undo). */
  removed: number;
}

const isImported = (id: string, author: { id: string }, importId?: string) => {
  const batch = importOf(id);
  return batch !== null && (importId === undefined || batch === importId) && isExternalId(author.id);
};

/** Every import whose annotations or replies are in the workspace, by import id. */
export function importsIn(workspace: Workspace): Map<string, ImportContents> {
  const found = new Map<string, ImportContents>();
  const contentsOf = (importId: string) => {
    let contents = found.get(importId);
    if (!contents) found.set(importId, (contents = { importId, annotations: [], replies: [], repliesByOthers: 0, removed: 0 }));
    return contents;
  };
  for (const annotation of workspace.annotations().list()) {
    const own = isImported(annotation.id, annotation.author) ? contentsOf(importOf(annotation.id)!) : null;
    if (own) {
      if (annotation.deleted) own.removed += 1;
      else own.annotations.push(annotation.id);
    }
    for (const reply of annotation.replies) {
      if (isImported(reply.id, reply.author)) {
        const contents = contentsOf(importOf(reply.id)!);
        if (reply.deleted || annotation.deleted) contents.removed += 1;
        else contents.replies.push({ annotationId: annotation.id, replyId: reply.id });
      } else if (own && !annotation.deleted && !reply.deleted) own.repliesByOthers += 1;
    }
  }
  return found;
}

/** What an undo removed. */
export interface UndoReport {
  importId: string;
  annotations: number;
  replies: number;
  repliesByOthers: number;
}

/**
 * Undoes an import as a whole: deletes the annotations and replies it added that are still
 * here, and nothing else (a member's annotation keeps its own thread; only the import's replies
 * on it go). Deleted as their outside author would, so they leave every view and export, and
 * no member can bring them back. Zero counts when there is nothing left of it.
 */
export function undoImport(workspace: Workspace, importId: string, origin: Origin): UndoReport {
  if (!IMPORT_ID.test(importId)) throw new Error(`not an import id: ${JSON.stringify(importId)}`);
  const store = workspace.annotations();
  const contents = importsIn(workspace).get(importId);
  const report: UndoReport = { importId, annotations: 0, replies: 0, repliesByOthers: contents?.repliesByOthers ?? 0 };
  if (!contents) return report;
  const byId = new Map<string, Annotation>(store.list().map((a) => [a.id, a]));
  workspace.ydoc.transact(() => {
    for (const { annotationId, replyId } of contents.replies) {
      const reply = byId.get(annotationId)?.replies.find((r) => r.id === replyId);
      if (!reply) continue;
      store.setReplyDeleted(annotationId, replyId, reply.author, true, origin);
      report.replies += 1;
    }
    for (const id of contents.annotations) {
      store.remove(id, byId.get(id)!.author, origin);
      report.annotations += 1;
    }
  }, origin);
  return report;
}

/** An import as the app lists it: what it added and is still here, who imported it, whether it was undone. */
export interface ImportListing {
  importId: string;
  /** When and by whom, from the audit log (null for an import older than what the log keeps). */
  at: string | null;
  by: string | null;
  format: string | null;
  annotations: number;
  replies: number;
  repliesByOthers: number;
  /** Annotations and replies it added that were deleted since (by its undo). */
  removed: number;
  undone: { at: string; by: string } | null;
}
