import { RELATION_LABEL, type Comparison, type ComparisonRelation, type DocumentMeta, type Passage } from '../../core/index.js';
import { actingSide } from '../../core/crosswalk/index.js';
import { shortName } from '../components/crosswalk-names.js';

/** Which end of a comparison does what its relation says to the other: its own passage, or the one it is compared with. */
export type ComparisonActor = 'passage' | 'target';


/** One end of a comparison, named for a sentence. */
export interface ComparisonEnd {
  passage: Passage;
  /** The document's short name ("Executive Order 14159"), or its id when it is not in the workspace. */
  name: string;
  /** The document's full title, for a tooltip. */
  title: string;
}

/** A comparison as a sentence: `actor` `verb` `acted`, with which of the two is the annotation's own passage. */
export interface ComparisonReading {
  relation: ComparisonRelation;
  verb: string;
  actor: ComparisonEnd;
  acted: ComparisonEnd;
  /** Which end is the annotation's own passage (the one its card quotes first). */
  own: 'actor' | 'acted';
}

/** A comparison (its passage, and the passage and relation it is compared with) as the sentence it stands for. */
export function readComparison(passage: Passage, comparison: Comparison, documents: DocumentMeta[]): ComparisonReading {
  const end = (at: Passage): ComparisonEnd => {
    const doc = documents.find((d) => d.id === at.documentId);
    return { passage: at, name: doc ? shortName(doc) : at.documentId, title: doc?.title ?? at.documentId };
  };
  const { relation, target } = comparison;
  const mine = end(passage);
  const theirs = end(target);
  const actor: ComparisonActor = actingSide(passage.documentId, target.documentId, documents);
  return actor === 'passage'
    ? { relation, verb: RELATION_LABEL[relation], actor: mine, acted: theirs, own: 'actor' }
    : { relation, verb: RELATION_LABEL[relation], actor: theirs, acted: mine, own: 'acted' };
}

/** "Executive Order 14159 Sec. 3(a) reinstates Secure Communities ¶ 3": the whole reading on one line. */
export function comparisonSentence(reading: ComparisonReading): string {
  const named = (e: ComparisonEnd) => (e.passage.pinpoint ? `${e.name} ${e.passage.pinpoint}` : e.name);
  return `${named(reading.actor)} ${reading.verb} ${named(reading.acted)}`;
}
