import type * as Y from 'yjs';
import { TextIndex, resolvePassage, type AnchorHealth, type Annotation, type PmPos } from '../../core/index.js';

/** An annotation with where its passage is now in one document. */
export interface Anchored {
  annotation: Annotation;
  health: AnchorHealth;
  from: PmPos | null;
  to: PmPos | null;
}

/**
 * Resolves the live annotations of a document against its current text, in text order;
 * orphans come last. One TextIndex serves every annotation.
 */
export function anchorAll(ydoc: Y.Doc, fragment: Y.XmlFragment, documentId: string, annotations: Annotation[]): Anchored[] {
  const index = new TextIndex(fragment);
  const result: Anchored[] = [];
  for (const annotation of annotations) {
    if (annotation.deleted || annotation.passage.documentId !== documentId) continue;
    const resolved = resolvePassage(ydoc, index, annotation.passage);
    result.push(
      resolved.health === 'orphan'
        ? { annotation, health: 'orphan', from: null, to: null }
        : { annotation, health: resolved.health, from: resolved.from, to: resolved.to },
    );
  }
  return result.sort((a, b) => (a.from ?? Infinity) - (b.from ?? Infinity) || (a.annotation.created < b.annotation.created ? -1 : 1));
}
