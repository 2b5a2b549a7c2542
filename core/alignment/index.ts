// Aligning passages of one document with their counterparts in another: segmentation, ranking,
// word diffs, and the measures used to check the ranking against a labelled set.
// Its own entry point, and browser-safe: the compare view runs it in the client.
export { alignableText, type AlignableText, type BlockKind } from './alignable-text.js';
export { segment, type Segment, type SegmentKind } from './segments.js';
export { sentenceRanges } from './sentences.js';
export { stems } from './tokens.js';
export { suggestAlignments, DEFAULT_MIN_SCORE, MIN_CONTENT_WORDS, type Suggestion, type SuggestOptions } from './suggest.js';
export { wordDiff, type DiffPart } from './diff.js';
export { LabelledSet, labelledQueries, precisionAt, rangeOfQuote, rankOfCounterpart, type LabelledQuery, type Range } from './evaluate.js';
