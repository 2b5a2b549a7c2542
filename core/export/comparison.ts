import type { Comparison, ComparisonRelation, Passage } from '../annotation.js';
import type { DocumentMeta } from '../document-meta.js';
// From matrix.js itself: crosswalk's index reaches back into export/csv.ts, and csv.ts reads comparisons.
import { actingSide } from '../crosswalk/matrix.js';
import { RELATION_PHRASE } from './labels.js';

/** One side of a comparison: a passage and the document it is in. */
export interface ComparisonSide {
  documentId: string;
  title: string;
  passage: Passage;
}

/**
 * A comparison as a sentence reads it: `actor` does `relation` to `acted`, whichever side the
 * annotation was written from. `annotated` says which of the two holds the annotation's own passage.
 */
export interface ComparisonReading {
  relation: ComparisonRelation;
  actor: ComparisonSide;
  acted: ComparisonSide;
  annotated: 'actor' | 'acted';
}

/** Reads a comparison as the crosswalk does (`actingSide` in core/crosswalk/matrix.ts). */
export function readComparison(passage: Passage, comparison: Comparison, documents: ReadonlyMap<string, DocumentMeta>): ComparisonReading {
  const side = (p: Passage): ComparisonSide => ({ documentId: p.documentId, title: documents.get(p.documentId)?.title ?? p.documentId, passage: p });
  const own = side(passage);
  const other = side(comparison.target);
  const ownActs = actingSide(passage.documentId, comparison.target.documentId, [...documents.values()]) === 'passage';
  return ownActs
    ? { relation: comparison.relation, actor: own, acted: other, annotated: 'actor' }
    : { relation: comparison.relation, actor: other, acted: own, annotated: 'acted' };
}

/** "Executive Order 14159 (Sec. 3(a)) reinstates Secure Communities (¶ 3)": the same words in every format. */
export function comparisonSentence(reading: ComparisonReading): string {
  return `${sideText(reading.actor)} ${RELATION_PHRASE[reading.relation]} ${sideText(reading.acted)}`;
}

/** A side as the sentence names it: the title, then the pinpoint in parentheses when there is one. */
function sideText(side: ComparisonSide): string {
  return side.passage.pinpoint ? `${side.title} (${side.passage.pinpoint})` : side.title;
}

/** The side the annotation does not sit on: the passage a note quotes besides its own. */
export function otherSide(reading: ComparisonReading): ComparisonSide {
  return reading.annotated === 'actor' ? reading.acted : reading.actor;
}
