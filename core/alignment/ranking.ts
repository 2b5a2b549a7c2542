/**
 * Okapi BM25 between passages, written here rather than through MiniSearch because passage
 * alignment needs three things a search box does not: query-side term counts (a paragraph that
 * says "priorities" four times is about priorities), statistics taken from blocks while sentences
 * are scored too, and a ceiling (what a passage scores against itself) that brings scores into
 * (0, 1]. MiniSearch multiplies each score by the number of query terms matched, which for
 * paragraph-long queries favours long boilerplate paragraphs that share many common words.
 */
const K1 = 1.2;
const B = 0.75;

interface Bag {
  counts: Map<string, number>;
  length: number;
}

/** The BM25 statistics of a set of target passages, and scores of queries against them. */
export class Bm25Index {
  private readonly bags: Bag[];
  private readonly postings = new Map<string, number[]>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly documents: number;
  private readonly averageLength: number;

  /**
   * `passages` are the stems of every passage that can be returned; `corpus` are the stems of
   * the non-overlapping passages (blocks) the statistics come from, since counting a sentence and
   * the paragraph it belongs to would make every word of a long paragraph look twice as common.
   */
  constructor(passages: readonly string[][], corpus: readonly string[][]) {
    this.bags = passages.map(bagOf);
    this.bags.forEach((bag, i) => {
      for (const term of bag.counts.keys()) {
        const list = this.postings.get(term);
        if (list) list.push(i);
        else this.postings.set(term, [i]);
      }
    });
    for (const stems of corpus) for (const term of new Set(stems)) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    this.documents = Math.max(1, corpus.length);
    this.averageLength = Math.max(1, corpus.reduce((sum, stems) => sum + stems.length, 0) / this.documents);
  }

  /** Rarer words weigh more; a word the targets never use weighs as much as the rarest. */
  idf(term: string): number {
    const n = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.documents - n + 0.5) / (n + 0.5));
  }

  /** Every passage that shares a word with the query: its BM25 score and how many distinct words it shares (unordered). */
  scores(query: readonly string[]): Map<number, { score: number; shared: number }> {
    const result = new Map<number, { score: number; shared: number }>();
    for (const [term, weight] of queryWeights(query)) {
      const idf = this.idf(term);
      for (const i of this.postings.get(term) ?? []) {
        const bag = this.bags[i]!;
        const entry = result.get(i) ?? { score: 0, shared: 0 };
        entry.score += weight * idf * this.saturate(bag.counts.get(term)!, bag.length);
        entry.shared += 1;
        result.set(i, entry);
      }
    }
    return result;
  }

  /** What the query would score against a passage made of its own words: the best any target can do. */
  ceiling(query: readonly string[]): number {
    const bag = bagOf(query);
    let total = 0;
    for (const [term, weight] of queryWeights(query)) total += weight * this.idf(term) * this.saturate(bag.counts.get(term)!, bag.length);
    return total;
  }

  private saturate(count: number, length: number): number {
    return (count * (K1 + 1)) / (count + K1 * (1 - B + (B * length) / this.averageLength));
  }
}

function bagOf(stems: readonly string[]): Bag {
  const counts = new Map<string, number>();
  for (const stem of stems) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  return { counts, length: stems.length };
}

// A repeated query word counts for more, with diminishing returns (BM25's k3 = 1.5 form).
function queryWeights(query: readonly string[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [term, count] of bagOf(query).counts) weights.set(term, (count * 2.5) / (count + 1.5));
  return weights;
}
