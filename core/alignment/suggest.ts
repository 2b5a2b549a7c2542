import { acronymsDefined, contractAcronyms } from './acronyms.js';
import type { AlignableText } from './alignable-text.js';
import { Bm25Index } from './ranking.js';
import { segment, type Segment } from './segments.js';
import { stems } from './tokens.js';

export interface Suggestion {
  source: Segment;
  target: Segment;
  /** The share of the source passage's BM25 weight the target attains, in (0, 1]; comparable across one run. */
  score: number;
  /** 1 = best for this source. */
  rank: number;
}

export interface SuggestOptions {
  /** Counterparts kept per source passage (default 3). */
  perSource?: number;
  /** Suggestions scoring below this are dropped (default DEFAULT_MIN_SCORE). */
  minScore?: number;
}

/** Passages with fewer content words say too little to be matched on their words. */
export const MIN_CONTENT_WORDS = 5;
/** One shared word, however rare, is a coincidence rather than a counterpart. */
export const MIN_SHARED_WORDS = 2;
export const DEFAULT_MIN_SCORE = 0.1;

/** For each passage of `source` that has a credible counterpart in `target`, its best counterparts (at most perSource, default 3), best first overall by score. */
export function suggestAlignments(source: AlignableText, target: AlignableText, options: SuggestOptions = {}): Suggestion[] {
  const perSource = options.perSource ?? 3;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  if (!Number.isInteger(perSource) || perSource < 1) throw new RangeError(`perSource must be a positive integer, not ${perSource}`);

  const acronyms = acronymsDefined([source.text, target.text]);
  const words = (text: string) => stems(contractAcronyms(text, acronyms));

  // Headings stay whatever their length: they are the fallback when no passage of text matches.
  const targets = segment(target)
    .map((segment) => ({ segment, stems: words(segment.text) }))
    .filter((t) => t.stems.length >= (t.segment.kind === 'heading' ? 1 : MIN_CONTENT_WORDS));
  const blocks = targets.filter((t) => t.segment.kind !== 'sentence').map((t) => t.stems);
  const index = new Bm25Index(
    targets.map((t) => t.stems),
    blocks,
  );

  const suggestions: Suggestion[] = [];
  for (const passage of segment(source)) {
    const query = words(passage.text);
    if (query.length < MIN_CONTENT_WORDS) continue;
    const ceiling = index.ceiling(query);
    const scored = [...index.scores(query)]
      .filter(([, match]) => match.shared >= MIN_SHARED_WORDS)
      .map(([i, match]) => ({ target: targets[i]!.segment, score: Math.min(1, match.score / ceiling) }))
      .filter((s) => s.score >= minScore)
      .sort((a, b) => b.score - a.score || a.target.start - b.target.start);
    // A heading is a counterpart only when no passage of text is.
    const text = scored.filter((s) => s.target.kind !== 'heading');
    const chosen: typeof scored = [];
    for (const candidate of text.length > 0 ? text : scored) {
      if (chosen.length === perSource) break;
      // A sentence and the paragraph holding it are one counterpart: keep the better of the two.
      if (chosen.some((c) => overlaps(c.target, candidate.target))) continue;
      chosen.push(candidate);
    }
    chosen.forEach((c, i) => suggestions.push({ source: passage, target: c.target, score: c.score, rank: i + 1 }));
  }
  return suggestions.sort((a, b) => b.score - a.score || a.source.start - b.source.start || a.rank - b.rank);
}

const overlaps = (a: Segment, b: Segment) => a.start < b.end && b.start < a.end;
