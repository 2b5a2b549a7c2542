import { z } from 'zod';
import type { ComparisonRelation } from '../annotation.js';
import { byDate, type DocumentMeta, type DocumentRelationKind } from '../document-meta.js';
import type { MatrixEntry, MatrixRow } from './matrix.js';

/** A day to look at the corpus from: "2021-06-01". */
export const AsOfDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date must look like 2021-06-01')
  .refine((date) => {
    const time = Date.parse(`${date}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(date);
  }, 'no such day in the calendar');
export type AsOfDate = z.infer<typeof AsOfDate>;

/** One document acting on another through a relation its catalogue entry records. */
export interface Act {
  kind: DocumentRelationKind;
  documentId: string;
  date: string;
}

export type Standing =
  | { state: 'not-yet-issued' }
  /**
   * `reinstatedBy`: in force again because a later document reinstated it. `reinstaterEnded`:
   * that document has since been revoked itself; nothing says the reinstatement was undone.
   */
  | { state: 'in-force'; reinstatedBy?: Act; reinstaterEnded?: Act }
  | { state: 'ended'; by: Act };

export interface DocumentAsOf {
  document: DocumentMeta;
  standing: Standing;
  /** Dated only by month, and the day looked at falls in that month: it may not have been issued yet. */
  approximate: boolean;
}

const ENDS: ReadonlySet<DocumentRelationKind> = new Set(['revokes', 'rescinds', 'replaces']);

/** The first day a document can have been issued: a month-only date counts from its first day. */
export function issuedFrom(date: string): string {
  return date.length === 7 ? `${date}-01` : date;
}

export function issuedBy(document: DocumentMeta, asOf: AsOfDate): boolean {
  return issuedFrom(document.date) <= asOf;
}

/**
 * Which documents were in force, not yet issued, or ended (revoked, rescinded, replaced) on a
 * day, from the relations recorded by the documents issued on or before it, applied in date
 * order. A reinstatement brings its target back into force. Revoking a document does not
 * revive what that document had revoked (EO 14159 revoking EO 13993 leaves EO 13768 revoked:
 * only an express reinstatement brings a policy back), and it does not by itself undo a
 * reinstatement the revoked document made: that is reported beside the standing instead, so
 * the reader sees that its basis is gone. An act dated before its target (the November 2014
 * memo replacing the program the April 2015 page describes) applies from the target's issue.
 */
export function documentsAsOf(documents: DocumentMeta[], asOf: AsOfDate): DocumentAsOf[] {
  const sorted = [...documents].sort(byDate);
  const standing = new Map<string, Standing>(sorted.map((d) => [d.id, { state: 'in-force' }]));
  for (const actor of sorted.filter((d) => issuedBy(d, asOf))) {
    for (const relation of actor.relations) {
      const act: Act = { kind: relation.kind, documentId: actor.id, date: actor.date };
      for (const target of relation.targets) {
        const current = standing.get(target);
        if (!current || target === actor.id) continue;
        if (ENDS.has(relation.kind)) standing.set(target, { state: 'ended', by: act });
        else if (relation.kind === 'reinstates' && current.state === 'ended') standing.set(target, { state: 'in-force', reinstatedBy: act });
      }
    }
  }
  return sorted.map((document) => {
    const approximate = document.date.length === 7 && asOf.startsWith(document.date);
    if (!issuedBy(document, asOf)) return { document, standing: { state: 'not-yet-issued' }, approximate };
    const own = standing.get(document.id)!;
    if (own.state === 'in-force' && own.reinstatedBy) {
      const reinstater = standing.get(own.reinstatedBy.documentId);
      if (reinstater?.state === 'ended') return { document, standing: { ...own, reinstaterEnded: reinstater.by }, approximate };
    }
    return { document, standing: own, approximate };
  });
}

/** A passage's status on a day: the relation of the latest comparison with a document issued by then. */
export type PassageStatus = ComparisonRelation | 'no-comparison';

export const PASSAGE_STATUS_LABEL: Record<PassageStatus, string> = {
  retains: 'Retained',
  narrows: 'Narrowed',
  broadens: 'Broadened',
  replaces: 'Replaced',
  rescinds: 'Rescinded',
  reinstates: 'Reinstated',
  contradicts: 'Contradicted',
  implements: 'Implemented',
  related: 'Related',
  'no-comparison': 'No comparison yet',
};

/** A paragraph of the original, with or without comparisons. */
export interface OriginalPassage {
  pinpoint: string | null;
  quote: string;
  start: number;
}

export interface PassageAsOf extends OriginalPassage {
  status: PassageStatus;
  /** The comparison that decided the status. */
  decidedBy: MatrixEntry | null;
}

/**
 * The status of each passage of the original on a day. `rows` are the crosswalk's rows;
 * `paragraphs` (optional) are the original's labelled paragraphs, so that those nobody has
 * compared yet are listed too. Among comparisons with documents issued by that day, the one
 * with the latest document wins; within one document, the most recent comparison.
 */
export function passagesAsOf(rows: MatrixRow[], documents: DocumentMeta[], asOf: AsOfDate, paragraphs: OriginalPassage[] = []): PassageAsOf[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const result: PassageAsOf[] = rows.map((row) => {
    let decidedBy: MatrixEntry | null = null;
    for (const entry of row.entries) {
      const document = byId.get(entry.documentId);
      if (!document || !issuedBy(document, asOf)) continue;
      if (!decidedBy || laterThan(entry, decidedBy, byId)) decidedBy = entry;
    }
    return { pinpoint: row.pinpoint, quote: row.quote, start: row.start, status: decidedBy?.relation ?? 'no-comparison', decidedBy };
  });
  const compared = new Set(rows.map((r) => r.pinpoint).filter((p) => p !== null));
  for (const p of paragraphs) {
    if (p.pinpoint === null || !compared.has(p.pinpoint)) result.push({ ...p, status: 'no-comparison', decidedBy: null });
  }
  return result.sort((a, b) => a.start - b.start);
}

function laterThan(a: MatrixEntry, b: MatrixEntry, byId: Map<string, DocumentMeta>): boolean {
  const order = byDate(byId.get(a.documentId)!, byId.get(b.documentId)!);
  return order !== 0 ? order > 0 : a.created >= b.created;
}
