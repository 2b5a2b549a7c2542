import type { Origin } from '../origin.js';
import type { Workspace } from '../workspace.js';
import { readAnnotationFile } from './read.js';
import { planImport, summarise, type IdSource, type ImportPreview, type ImportReport } from './plan.js';
import { importedAnnotationId, importedReplyId, newImportId } from './batch.js';

/** What an import of `json` would do, writing nothing. Throws ImportError for a file it cannot read. */
export function previewImport(workspace: Workspace, json: unknown): ImportPreview {
  const { format, candidates } = readAnnotationFile(json);
  // Ids are needed to plan with; none of them is written.
  let n = 0;
  return summarise(planImport(workspace, format, candidates, { annotation: () => `preview-${++n}`, reply: () => `preview-${++n}` }));
}

/**
 * Imports annotations into a workspace, anchoring each by its quote (fuzzy when the text
 * differs a little). Nothing is dropped for want of its text: those are kept as orphans. What is
 * here already (the same annotation, or the same passage, words and author) is left alone, so
 * importing a file twice adds it once. Everything it adds carries the import's id, by which
 * `undoImport` takes it away again.
 */
export function importAnnotations(
  workspace: Workspace,
  json: unknown,
  options: {
    importId?: string;
    /** @deprecated Ids that do not carry the import's id cannot be undone as a whole; leave it out. */
    newId?: () => string;
    origin?: Origin;
  } = {},
): ImportReport {
  const { format, candidates } = readAnnotationFile(json);
  const origin = options.origin ?? 'import';
  const importId = options.importId ?? newImportId(workspace);
  let annotations = 0;
  let replies = 0;
  const ids: IdSource = options.newId
    ? { annotation: options.newId, reply: options.newId }
    : { annotation: (source) => importedAnnotationId(importId, ++annotations, source), reply: (source) => importedReplyId(importId, ++replies, source) };
  const plan = planImport(workspace, format, candidates, ids);
  const store = workspace.annotations();
  const failed = new Map<string, string>();
  workspace.ydoc.transact(() => {
    for (const outcome of plan.outcomes) {
      if (outcome.type !== 'new') continue;
      const { input, resolved, reactions } = outcome.annotation;
      try {
        store.create(input, origin);
      } catch (error) {
        // Planned from the same state in the same turn, so only a broken invariant lands here.
        failed.set(input.id, (error as Error).message);
        continue;
      }
      if (resolved) store.setStatus(input.id, 'resolved', origin);
      for (const r of reactions) store.toggleReaction(input.id, r.by, r.reaction, origin, r.at);
    }
    for (const { annotationId, reply } of plan.replies) {
      if (failed.has(annotationId)) continue;
      try {
        store.addReply(annotationId, reply, origin);
      } catch (error) {
        failed.set(reply.id, (error as Error).message);
      }
    }
  }, origin);
  return { ...summarise(plan, failed), importId };
}
