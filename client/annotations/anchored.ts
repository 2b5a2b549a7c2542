import type * as Y from 'yjs';
import { TextIndex, resolvePassage, type AnchorHealth, type Annotation, type Passage, type PmPos } from '../../core/index.js';

/** An annotation with where its passage is now in one document. */
export interface Anchored {
  annotation: Annotation;
  health: AnchorHealth;
  from: PmPos | null;
  to: PmPos | null;
}

/**
 * Whether a passage was never anchored in the text: an import whose quote was not found keeps
 * its quote but no Yjs anchors, so it is detached without any text having been deleted.
 */
export function neverPlaced(passage: Passage): boolean {
  const { start } = passage;
  return start.item == null && start.type == null && start.tname == null;
}

/**
 * Resolves the live annotations of a document against its current text, in text order;
 * orphans come last. One TextIndex serves every annotation.
 */
export function anchorAll(ydoc: Y.Doc, fragment: Y.XmlFragment, documentId: string, annotations: Annotation[]): Anchored[] {
  return anchorBy(ydoc, fragment, annotations, (a) => (a.passage.documentId === documentId ? a.passage : null));
}

/** The other end of comparisons: the passages of this document that comparisons elsewhere point at. */
export function anchorTargets(ydoc: Y.Doc, fragment: Y.XmlFragment, documentId: string, annotations: Annotation[]): Anchored[] {
  return anchorBy(ydoc, fragment, annotations, (a) => (a.kind === 'comparison' && a.comparison.target.documentId === documentId ? a.comparison.target : null));
}

function anchorBy(ydoc: Y.Doc, fragment: Y.XmlFragment, annotations: Annotation[], passageOf: (a: Annotation) => Passage | null): Anchored[] {
  const index = new TextIndex(fragment);
  const result: Anchored[] = [];
  for (const annotation of annotations) {
    const passage = annotation.deleted ? null : passageOf(annotation);
    if (!passage) continue;
    const resolved = resolvePassage(ydoc, index, passage);
    result.push(
      resolved.health === 'orphan'
        ? { annotation, health: 'orphan', from: null, to: null }
        : { annotation, health: resolved.health, from: resolved.from, to: resolved.to },
    );
  }
  return result.sort((a, b) => (a.from ?? Infinity) - (b.from ?? Infinity) || (a.annotation.created < b.annotation.created ? -1 : 1));
}
