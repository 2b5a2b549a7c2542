// The crosswalk matrix and the corpus as of a day. Its own entry point: it pulls in papaparse,
// which the sync server does not need.
export { crosswalkMatrix, originalDocument, actingSide, cellLabel, shortQuote, type CrosswalkMatrix, type MatrixRow, type MatrixCell, type MatrixEntry } from './matrix.js';
export { matrixCsv } from './matrix-csv.js';
export {
  AsOfDate,
  documentsAsOf,
  passagesAsOf,
  issuedBy,
  issuedFrom,
  PASSAGE_STATUS_LABEL,
  type Act,
  type Standing,
  type DocumentAsOf,
  type PassageStatus,
  type PassageAsOf,
  type OriginalPassage,
} from './as-of.js';
export { labelledParagraphs } from './paragraphs.js';
