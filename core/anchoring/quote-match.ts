import search from 'approx-string-match';
import type { TextQuoteSelector } from '../annotation.js';

// How much each signal counts when several places match the quote, after the quote itself.
const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;
const MAX_ERROR_RATE = 0.2;
const MIN_CONTEXT_FOR_APPROXIMATE = 0.5;

/**
 * Finds where a quote now is in `text`, allowing for small edits (up to a fifth of its
 * length), and preferring the place whose surroundings and position best match.
 * Returns null when nothing close enough remains.
 */
export function findQuote(text: string, quote: TextQuoteSelector, hint: number): { start: number; end: number; errors: number } | null {
  const { exact } = quote;
  if (exact.length === 0 || text.length === 0) return null;
  const maxErrors = Math.floor(exact.length * MAX_ERROR_RATE);
  const exactHits = allIndexesOf(text, exact).map((start) => ({ start, end: start + exact.length, errors: 0 }));
  // approx-string-match's bit-parallel search is fast but quadratic-ish for long patterns; exact hits first.
  const candidates = exactHits.length > 0 ? exactHits : exact.length <= 2000 ? search(text, exact, maxErrors) : [];
  if (candidates.length === 0) return null;

  const context = (c: { start: number; end: number }) =>
    (similarity(text.slice(Math.max(0, c.start - quote.prefix.length), c.start), quote.prefix, 'end') +
      similarity(text.slice(c.end, c.end + quote.suffix.length), quote.suffix, 'start')) /
    2;
  const score = (c: { start: number; end: number; errors: number }) => {
    const quoteScore = 1 - c.errors / exact.length;
    const positionScore = 1 - Math.min(1, Math.abs(c.start - hint) / Math.max(1, text.length));
    return WEIGHTS.quote * quoteScore + (WEIGHTS.prefix + WEIGHTS.suffix) * context(c) + WEIGHTS.position * positionScore;
  };
  // An approximate match must also sit in recognisable surroundings: "81 jurisdictions" elsewhere
  // is not "14 jurisdictions" with two typos.
  const plausible = candidates.filter((c) => c.errors === 0 || context(c) >= MIN_CONTEXT_FOR_APPROXIMATE);
  if (plausible.length === 0) return null;
  return plausible.reduce((best, c) => (score(c) > score(best) ? c : best));
}

function allIndexesOf(text: string, needle: string): number[] {
  const result: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) result.push(i);
  return result;
}

// Fraction of characters that agree, aligned on the side that touches the quote.
function similarity(actual: string, expected: string, touching: 'start' | 'end'): number {
  if (expected.length === 0) return 1;
  let same = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = touching === 'start' ? actual[i] : actual[actual.length - 1 - i];
    const e = touching === 'start' ? expected[i] : expected[expected.length - 1 - i];
    if (a === e) same++;
  }
  return same / expected.length;
}
