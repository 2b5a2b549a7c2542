import { diffWordsWithSpace } from 'diff';

export type DiffPart = { op: 'equal' | 'insert' | 'delete'; text: string };

/**
 * Word-level diff of a pair. White space counts as text, so the equal and deleted parts join back
 * into `before` and the equal and inserted parts into `after`.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    op: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
    text: change.value,
  }));
}
