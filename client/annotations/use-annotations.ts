import { useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../../core/index.js';
import type { Connection } from '../connection.js';

/** Every annotation of the workspace, re-read on any change by anyone. */
export function useAnnotations(connection: Connection): Annotation[] {
  const [annotations, setAnnotations] = useState(() => connection.workspace.annotations().list());
  useEffect(() => {
    const store = connection.workspace.annotations();
    const update = () => setAnnotations(store.list());
    update();
    return store.observe(update);
  }, [connection]);
  return annotations;
}

/** Re-renders on every change of a document's text (for re-anchoring). Returns a counter. */
export function useTextVersion(connection: Connection, documentId: string | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!documentId) return undefined;
    const fragment = connection.workspace.documentText(documentId);
    const bump = () => setVersion((v) => v + 1);
    fragment.observeDeep(bump);
    return () => fragment.unobserveDeep(bump);
  }, [connection, documentId]);
  return version;
}
