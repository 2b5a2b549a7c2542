import { z } from 'zod';
import type { AlignableText } from './alignable-text.js';
import { segment, type Segment } from './segments.js';
import type { Suggestion } from './suggest.js';

/**
 * A labelled set of counterparts: passages of one source document, each with the passage of a
 * target document a researcher would compare it with, and why. `boilerplate` lists target
 * passages (enacting clauses, general provisions) that should never be anyone's best match.
 * Documents are named by a file in the repository or in the shared folder (read in place).
 */
export const LabelledSet = z.object({
  source: z.string(),
  documents: z.record(z.string(), z.union([z.object({ file: z.string() }).strict(), z.object({ shared: z.string() }).strict()])),
  pairs: z
    .array(z.object({ source: z.string().min(1), target: z.string(), passage: z.string().min(1), why: z.string().min(10) }).strict())
    .min(1),
  boilerplate: z.array(z.object({ target: z.string(), passage: z.string().min(1) }).strict()).default([]),
});
export type LabelledSet = z.infer<typeof LabelledSet>;

export interface Range {
  start: number;
  end: number;
}

/** One source passage, one target document, and the passages of it labelled as counterparts. */
export interface LabelledQuery {
  source: Range;
  target: string;
  counterparts: Range[];
}

/** Where `quote` is in `text`; an error unless it occurs exactly once, since a label must point at one place. */
export function rangeOfQuote(text: string, quote: string, where: string): Range {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`${where}: the passage is not in the text: "${quote.slice(0, 60)}"`);
  if (text.indexOf(quote, start + 1) >= 0) throw new Error(`${where}: the passage occurs more than once: "${quote.slice(0, 60)}"`);
  return { start, end: start + quote.length };
}

/** The labelled pairs as queries: pairs with the same source passage and target document are one query. */
export function labelledQueries(set: LabelledSet, texts: ReadonlyMap<string, AlignableText>): LabelledQuery[] {
  const queries = new Map<string, LabelledQuery>();
  const sourceText = textOf(texts, set.source);
  for (const pair of set.pairs) {
    const source = rangeOfQuote(sourceText.text, pair.source, set.source);
    const counterpart = rangeOfQuote(textOf(texts, pair.target).text, pair.passage, pair.target);
    const key = `${source.start}:${source.end}>${pair.target}`;
    const query = queries.get(key);
    if (query) query.counterparts.push(counterpart);
    else queries.set(key, { source, target: pair.target, counterparts: [counterpart] });
  }
  return [...queries.values()];
}

/**
 * The rank of the first labelled counterpart among the suggestions for the query's source
 * passage, or null if none is suggested. The source passage is the smallest segment that holds
 * the labelled quote; a suggested target counts when it and a counterpart overlap by at least
 * half of the shorter of the two (a sentence of a labelled paragraph, or the paragraph of a
 * labelled sentence).
 */
export function rankOfCounterpart(query: LabelledQuery, source: AlignableText, suggestions: readonly Suggestion[]): number | null {
  const holder = smallestHolding(segment(source), query.source);
  if (!holder) return null;
  const ranked = suggestions.filter((s) => s.source.key === holder.key).sort((a, b) => a.rank - b.rank);
  const hit = ranked.find((s) => query.counterparts.some((c) => sameAnswer(s.target, c)));
  return hit?.rank ?? null;
}

/**
 * Precision at k as alignment studies report it when each query has one right answer (or a few
 * equivalent ones): the share of queries with a labelled counterpart among their k best suggestions.
 */
export function precisionAt(k: number, ranks: readonly (number | null)[]): number {
  if (ranks.length === 0) throw new Error('precision of an empty labelled set');
  return ranks.filter((rank) => rank !== null && rank <= k).length / ranks.length;
}

function textOf(texts: ReadonlyMap<string, AlignableText>, id: string): AlignableText {
  const text = texts.get(id);
  if (!text) throw new Error(`the labelled set names a document that was not loaded: ${id}`);
  return text;
}

function smallestHolding(segments: readonly Segment[], range: Range): Segment | undefined {
  return segments
    .filter((s) => s.start <= range.start && range.end <= s.end)
    .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
}

function sameAnswer(a: Range, b: Range): boolean {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return overlap > 0 && overlap >= 0.5 * Math.min(a.end - a.start, b.end - b.start);
}
