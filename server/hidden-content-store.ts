import type { KeptWords } from '../core/index.js';
import type { Db } from './database.js';

/**
 * The words of hidden items, per workspace, while they are out of the shared document. Each
 * is the stored record or reply exactly as it was, so that *Show again* puts back the same value.
 */
export class HiddenContentStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      keep: db.prepare('INSERT INTO hidden_content (workspace_id, annotation_id, reply_id, value, kept_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value, kept_at = excluded.kept_at'),
      ofAnnotation: db.prepare('SELECT annotation_id AS annotationId, reply_id AS replyId, value FROM hidden_content WHERE workspace_id = ? AND annotation_id = ?'),
      all: db.prepare('SELECT annotation_id AS annotationId, reply_id AS replyId, value FROM hidden_content WHERE workspace_id = ? ORDER BY annotation_id, reply_id'),
      forget: db.prepare('DELETE FROM hidden_content WHERE workspace_id = ? AND annotation_id = ? AND reply_id = ?'),
      removeAll: db.prepare('DELETE FROM hidden_content WHERE workspace_id = ?'),
    };
  }

  /** Keeps words, replacing what was kept of the same item (its newer words). Durable once it returns. */
  keep(workspaceId: string, words: KeptWords[]): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const w of words) this.s.keep.run(workspaceId, w.annotationId, w.replyId ?? '', JSON.stringify(w.value), at);
    })();
  }

  /** What is kept of one annotation: its record and its replies. */
  ofAnnotation(workspaceId: string, annotationId: string): KeptWords[] {
    return (this.s.ofAnnotation.all(workspaceId, annotationId) as Row[]).map(toWords);
  }

  all(workspaceId: string): KeptWords[] {
    return (this.s.all.all(workspaceId) as Row[]).map(toWords);
  }

  /** Drops words that are back in the document (call once that change is in the log). */
  forget(workspaceId: string, words: KeptWords[]): void {
    this.db.transaction(() => {
      for (const w of words) this.s.forget.run(workspaceId, w.annotationId, w.replyId ?? '');
    })();
  }

  /** Forgets every kept word of a workspace (a restore replacing its state). */
  removeAll(workspaceId: string): void {
    this.s.removeAll.run(workspaceId);
  }
}

type Row = { annotationId: string; replyId: string; value: string };

function toWords(row: Row): KeptWords {
  return { annotationId: row.annotationId, replyId: row.replyId === '' ? null : row.replyId, value: JSON.parse(row.value) as unknown };
}
