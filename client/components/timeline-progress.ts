import type { Annotation, DocumentMeta } from '../../core/index.js';
import { crosswalkMatrix, type OriginalPassage } from '../../core/crosswalk/index.js';

/** How far the group has got with one later document. */
export interface Progress {
  /** Labelled paragraphs of the original with at least one comparison with this document, from either side. */
  compared: number;
  /** Labelled paragraphs of the original in all. */
  paragraphs: number;
  /** Questions asked on this document's text and not yet resolved. */
  openQuestions: number;
}

/**
 * Each later document's progress, by id, read from the crosswalk (so a comparison counts once
 * for its paragraph whichever side it was written from). The original itself has none.
 */
export function progressByDocument(documents: DocumentMeta[], annotations: Annotation[], paragraphs: OriginalPassage[]): Map<string, Progress> {
  const matrix = crosswalkMatrix(documents, annotations);
  const result = new Map<string, Progress>();
  if (!matrix) return result;
  const labelled = new Set(paragraphs.map((p) => p.pinpoint).filter((p) => p !== null));
  for (const column of matrix.columns) {
    const compared = matrix.rows.filter((row) => row.pinpoint !== null && labelled.has(row.pinpoint) && row.cells.has(column.id)).length;
    const openQuestions = annotations.filter((a) => a.kind === 'question' && a.status === 'open' && !a.deleted && !a.hidden && a.passage.documentId === column.id).length;
    result.set(column.id, { compared, paragraphs: labelled.size, openQuestions });
  }
  return result;
}

/** Where a new group stands with the four first steps, from what the workspace holds. */
export interface FirstSteps {
  laterTexts: { imported: number; total: number };
  annotated: boolean;
  compared: boolean;
}

export function firstSteps(documents: DocumentMeta[], annotations: Annotation[], originalId: string | null): FirstSteps {
  const later = documents.filter((d) => d.id !== originalId);
  const live = annotations.filter((a) => !a.deleted);
  return {
    laterTexts: { imported: later.filter((d) => d.imported).length, total: later.length },
    annotated: live.some((a) => a.kind !== 'comparison'),
    compared: live.some((a) => a.kind === 'comparison'),
  };
}
