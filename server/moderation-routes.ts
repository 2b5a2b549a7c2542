import express, { type Router } from 'express';
import * as Y from 'yjs';
import { AnnotationRecord, HiddenContent, Reply, concealedItems, removeConcealed, restoreWords, transformedCopy, type Concealed } from '../core/index.js';
import type { Principal } from './credentials.js';
import type { HiddenContentStore } from './hidden-content-store.js';
import { membersOnly, readWorkspace, type RouteDeps } from './routes.js';

/** Owners and editors: they hide, show again, and read what is hidden. */
export const isModerator = (principal: Principal): boolean => principal.role === 'owner' || principal.role === 'editor';

/**
 * Copies of a workspace's state as a reader may have them. Moderators get the whole state, the
 * kept words of hidden items put back; anyone else gets no trace of an item hidden in that state
 * or hidden now. Either copy collects garbage, so its encoded state holds only what it shows.
 */
export class ReaderCopies {
  constructor(
    private readonly deps: Pick<RouteDeps, 'sync' | 'store'>,
    private readonly hidden: HiddenContentStore,
  ) {}

  /** The live workspace with every hidden item's words in it (for a version, or a moderator). */
  whole(workspaceId: string, ydoc: Y.Doc): Y.Doc {
    return transformedCopy(ydoc, (copy) => restoreWords(copy, (annotationId) => this.hidden.ofAnnotation(workspaceId, annotationId), { all: true }));
  }

  /** What is hidden in the live workspace now. */
  concealedNow(workspaceId: string): Concealed {
    const { ydoc, release } = readWorkspace(this.deps.sync, this.deps.store, workspaceId);
    try {
      return concealedItems(ydoc);
    } finally {
      release();
    }
  }

  /** Makes `ydoc` (a copy of the reader's own) fit for `principal`: unchanged for moderators. */
  restrict(workspaceId: string, ydoc: Y.Doc, principal: Principal): void {
    if (!isModerator(principal)) removeConcealed(ydoc, this.concealedNow(workspaceId));
  }
}

/** `GET /api/workspaces/:id/hidden-content`: the kept words of hidden items, for moderators only. */
export function moderationRoutes(deps: RouteDeps, hidden: HiddenContentStore): Router {
  const router = express.Router();
  const path = '/api/workspaces/:id/hidden-content';
  router.use(path, membersOnly(deps));
  router.get(path, (req, res) => {
    if (!isModerator(req.principal!)) return void res.status(403).json({ error: 'only owners and editors can read what a moderator hid' });
    const content: HiddenContent = { annotations: [], replies: [] };
    for (const { annotationId, replyId, value } of hidden.all(String(req.params.id))) {
      if (replyId === null) {
        const record = AnnotationRecord.safeParse(value);
        if (record.success) content.annotations.push({ annotationId, record: record.data });
      } else {
        const reply = Reply.safeParse(value);
        if (reply.success) content.replies.push({ annotationId, replyId, reply: reply.data });
      }
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(content);
  });
  return router;
}
