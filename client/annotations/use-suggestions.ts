import { useEffect, useMemo, useState } from 'preact/hooks';
import { suggestionKey, type Annotation, type Dismissal } from '../../core/index.js';
import { alignableText, suggestAlignments, type Suggestion } from '../../core/alignment/index.js';
import type { WorkspaceSource } from '../connection.js';

/** A proposed counterpart with the name under which the workspace dismisses it. */
export interface KeyedSuggestion extends Suggestion {
  key: string;
}

export interface SuggestionState {
  /** Open suggestions by passage of the source (a block, or sentences of it), in reading order, best counterpart first. */
  groups: KeyedSuggestion[][];
  /** The other candidates of passages that already have a comparison with the document beside: decided, so not on top. */
  compared: KeyedSuggestion[][];
  dismissed: { suggestion: KeyedSuggestion; dismissal: Dismissal }[];
}

/**
 * Alignment suggestions from one open document to the other, without the pairs that a
 * comparison already links and with the workspace's dismissals set apart. Recomputed when
 * either text changes.
 */
export function useSuggestions(
  connection: WorkspaceSource,
  sourceId: string,
  targetId: string | null,
  versions: [number, number],
  annotations: Annotation[],
): SuggestionState {
  const dismissals = useDismissals(connection);
  const all = useMemo(() => {
    if (!targetId) return [];
    const source = alignableText(connection.workspace.documentText(sourceId));
    const target = alignableText(connection.workspace.documentText(targetId));
    return suggestAlignments(source, target).map((s) => ({ ...s, key: suggestionKey(sourceId, s.source.text, targetId, s.target.text) }));
  }, [connection, sourceId, targetId, versions[0], versions[1]]);

  return useMemo(() => {
    if (!targetId) return { groups: [], compared: [], dismissed: [] };
    const linked = annotations.filter((a): a is ComparisonAnnotation => !a.deleted && a.kind === 'comparison' && linksDocuments(a, sourceId, targetId));
    const alreadyLinked = (s: Suggestion) =>
      linked.some((a) => {
        const [here, there] = a.passage.documentId === sourceId ? [a.passage, a.comparison.target] : [a.comparison.target, a.passage];
        return overlaps(here.position, s.source) && overlaps(there.position, s.target);
      });
    const open: KeyedSuggestion[] = [];
    const dismissed: SuggestionState['dismissed'] = [];
    for (const s of all) {
      if (alreadyLinked(s)) continue;
      const dismissal = dismissals.get(s.key);
      if (dismissal) dismissed.push({ suggestion: s, dismissal });
      else open.push(s);
    }
    const sourceSides = linked.map((a) => (a.passage.documentId === sourceId ? a.passage : a.comparison.target).position);
    const groups: KeyedSuggestion[][] = [];
    const compared: KeyedSuggestion[][] = [];
    for (const group of groupBySourceBlock(open)) (group.some((s) => sourceSides.some((p) => overlaps(p, s.source))) ? compared : groups).push(group);
    return { groups, compared, dismissed };
  }, [all, annotations, dismissals, sourceId, targetId]);
}

function useDismissals(connection: WorkspaceSource): Map<string, Dismissal> {
  const store = connection.workspace.dismissedSuggestions();
  const [all, setAll] = useState(() => store.all());
  useEffect(() => {
    const update = () => setAll(store.all());
    update();
    return store.observe(update);
  }, [connection]);
  return all;
}

type ComparisonAnnotation = Extract<Annotation, { kind: 'comparison' }>;

function linksDocuments(a: ComparisonAnnotation, one: string, other: string): boolean {
  const ends = [a.passage.documentId, a.comparison.target.documentId];
  return ends.includes(one) && ends.includes(other);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function groupBySourceBlock(open: KeyedSuggestion[]): KeyedSuggestion[][] {
  const groups = new Map<string, KeyedSuggestion[]>();
  for (const s of [...open].sort((a, b) => a.source.start - b.source.start)) {
    const block = s.source.key.split('.')[0]!;
    groups.set(block, [...(groups.get(block) ?? []), s]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => b.score - a.score));
}
