import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { withCurrentNames, withLibrarySource, type Annotation } from '../../core/index.js';
import type { WorkspaceSource } from '../connection.js';
import { ModerationContext, visibleAnnotations } from './moderation.js';
import { PeopleContext } from '../people.js';

/**
 * Every annotation of the workspace this reader may see, re-read on any change by anyone: hidden
 * ones and hidden replies only for moderators (see ModerationContext); members named as they are
 * now (see PeopleContext); citations of the library reading its sources as they are now.
 */
export function useAnnotations(source: WorkspaceSource): Annotation[] {
  const { seesHidden } = useContext(ModerationContext);
  const people = useContext(PeopleContext);
  const [annotations, setAnnotations] = useState(() => source.workspace.annotations().list());
  useEffect(() => {
    const store = source.workspace.annotations();
    const update = () => setAnnotations(store.list());
    update();
    return store.observe(update);
  }, [source]);
  const [libraryVersion, setLibraryVersion] = useState(0);
  useEffect(() => source.workspace.library().observe(() => setLibraryVersion((v) => v + 1)), [source]);
  return useMemo(() => {
    const library = source.workspace.library();
    return visibleAnnotations(annotations, seesHidden).map((a) => withLibrarySource(withCurrentNames(a, people), library));
  }, [annotations, seesHidden, people, source, libraryVersion]);
}

/** Re-renders on every change of a document's text (for re-anchoring). Returns a counter. */
export function useTextVersion(source: WorkspaceSource, documentId: string | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!documentId) return undefined;
    const fragment = source.workspace.documentText(documentId);
    const bump = () => setVersion((v) => v + 1);
    fragment.observeDeep(bump);
    return () => fragment.unobserveDeep(bump);
  }, [source, documentId]);
  return version;
}
