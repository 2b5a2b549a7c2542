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
 * day, from the relations recorded by the documents issued on or before it, applied in the order
 * they take effect (a relation's own date, else its document's). A reinstatement brings its
 * target back into force. Revoking a document does not revive what that document had revoked
 * (EO 14159 revoking EO 13993 leaves EO 13768 revoked: only an express reinstatement brings a
 * policy back), and it does not by itself undo a reinstatement the revoked document made: that is
 * reported beside the standing instead, so the reader sees that its basis is gone. An act dated
 * before its target (the November 2014 memo replacing the program the April 2015 page describes)
 * applies from the target's issue.
 */
export function documentsAsOf(documents: DocumentMeta[], asOf: AsOfDate): DocumentAsOf[] {
  const sorted = [...documents].sort(byDate);
  const standing = new Map<string, Standing>(sorted.map((d) => [d.id, { state: 'in-force' }]));
  const acts: { act: Act; targets: string[]; from: string }[] = [];
  for (const actor of sorted) {
    for (const relation of actor.relations) {
      const from = effectiveFrom(actor.date, relation.date);
      if (from > asOf) continue;
      acts.push({ act: { kind: relation.kind, documentId: actor.id, date: from === issuedFrom(actor.date) ? actor.date : relation.date! }, targets: relation.targets, from });
    }
  }
  // A stable sort: acts taking effect on one day keep the documents' reading order.
  acts.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (const { act, targets } of acts) {
    for (const target of targets) {
      const current = standing.get(target);
      if (!current || target === act.documentId) continue;
      if (ENDS.has(act.kind)) standing.set(target, { state: 'ended', by: act });
      else if (act.kind === 'reinstates' && current.state === 'ended') standing.set(target, { state: 'in-force', reinstatedBy: act });
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

// An act cannot bind before its document is issued, whatever date it names.
function effectiveFrom(documentDate: string, relationDate: string | undefined): string {
  const issued = issuedFrom(documentDate);
  const named = relationDate ? issuedFrom(relationDate) : issued;
  return named > issued ? named : issued;
}

/**
 * A passage's status on a day: the relation of the latest comparison with a document issued and
 * still in force then; `lapsed` when its only comparisons by then are with documents that had
 * been revoked, rescinded or replaced; `no-comparison` when nobody has compared it with a
 * document issued by then.
 */
export type PassageStatus = ComparisonRelation | 'lapsed' | 'no-comparison';

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
  lapsed: 'No comparison in force',
  'no-comparison': 'No comparison yet',
};

/** A paragraph of the original, with or without comparisons. */
export interface OriginalPassage {
  pinpoint: string | null;
  quote: string;
  start: number;
}

/** A comparison that no longer speaks for the day: what it said, and what ended its document. */
export interface Lapsed {
  entry: MatrixEntry;
  endedBy: Act;
}

export interface PassageAsOf extends OriginalPassage {
  status: PassageStatus;
  /** The comparison that decided the status: always with a document in force that day. */
  decidedBy: MatrixEntry | null;
  /**
   * The latest comparison with a document issued by then but no longer in force, when it is
   * later than the one that decided (or nothing did): the reader sees what the passage was and
   * why that no longer holds, instead of a revoked order's word taken for the day's.
   */
  lapsed: Lapsed | null;
}

/**
 * The status of each passage of the original on a day. `rows` are the crosswalk's rows;
 * `paragraphs` (optional) are the original's labelled paragraphs, so that those nobody has
 * compared yet are listed too. A comparison speaks for the day only if its document was issued
 * by then and is still in force (EO 13993 narrowing ¶ 2 says nothing about 2025, after EO 14159
 * revoked it). Among those, the one with the latest document wins; within one document, the most
 * recent comparison.
 */
export function passagesAsOf(rows: MatrixRow[], documents: DocumentMeta[], asOf: AsOfDate, paragraphs: OriginalPassage[] = []): PassageAsOf[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const standings = new Map(documentsAsOf(documents, asOf).map((s) => [s.document.id, s.standing]));
  const result: PassageAsOf[] = rows.map((row) => {
    let decidedBy: MatrixEntry | null = null;
    let lapsed: Lapsed | null = null;
    for (const entry of row.entries) {
      const standing = standings.get(entry.documentId);
      if (!standing || standing.state === 'not-yet-issued') continue;
      if (standing.state === 'ended') {
        if (!lapsed || laterThan(entry, lapsed.entry, byId)) lapsed = { entry, endedBy: standing.by };
      } else if (!decidedBy || laterThan(entry, decidedBy, byId)) decidedBy = entry;
    }
    if (lapsed && decidedBy && !laterThan(lapsed.entry, decidedBy, byId)) lapsed = null;
    const status: PassageStatus = decidedBy?.relation ?? (lapsed ? 'lapsed' : 'no-comparison');
    // A paragraph compared more than once reads with the words of the comparison that decides it.
    const speaking: MatrixEntry | null = decidedBy ?? (lapsed as Lapsed | null)?.entry ?? null;
    const quote = speaking ? speaking.passage.quote.exact : row.quote;
    return { pinpoint: row.pinpoint, quote, start: row.start, status, decidedBy, lapsed };
  });
  const compared = new Set(rows.map((r) => r.pinpoint).filter((p) => p !== null));
  for (const p of paragraphs) {
    if (p.pinpoint === null || !compared.has(p.pinpoint)) result.push({ ...p, status: 'no-comparison', decidedBy: null, lapsed: null });
  }
  return result.sort((a, b) => a.start - b.start);
}

function laterThan(a: MatrixEntry, b: MatrixEntry, byId: Map<string, DocumentMeta>): boolean {
  const order = byDate(byId.get(a.documentId)!, byId.get(b.documentId)!);
  return order !== 0 ? order > 0 : a.created >= b.created;
}
