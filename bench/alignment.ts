// Alignment: time to suggest counterparts for every passage of the notice in a later text
// (segmenting both, building the index, ranking), and precision over the labelled set.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { labelledQueries, precisionAt, rankOfCounterpart, segment, suggestAlignments, type AlignableText } from '../core/alignment/index.js';
import { labelledSetFile, loadAlignable, loadLabelledSet } from '../test/core/alignment/labelled-set.js';

const root = path.resolve(import.meta.dirname, '..');
const policies = path.resolve(root, '../shared/policies');
const EO_14159 = path.join(policies, '2025-01-20-eo-14159-protecting-american-people-against-invasion.md');
const FIXTURES = ['test/fixtures/alignment/replacement-program-memo.md', 'test/fixtures/alignment/reinstatement-order.md', 'test/fixtures/priority-enforcement-memo.md'];
const RUNS = 15;
const TARGET_MS = 200;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * About 10,000 words: the blocks of the fixture texts and of EO 14159 (when present), shuffled with
 * a fixed seed and repeated until long enough, as a long report quoting several policies would be.
 */
function longDocument(sources: AlignableText[], minimumWords: number): AlignableText {
  const pieces = sources.flatMap((t) => t.blocks.map((b) => ({ text: t.text.slice(b.start, b.end), kind: b.kind })));
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const blocks: AlignableText['blocks'] = [];
  let text = '';
  let count = 0;
  while (count < minimumWords) {
    for (const piece of [...pieces].sort(() => random() - 0.5)) {
      if (text.length > 0) text += '\n';
      blocks.push({ start: text.length, end: text.length + piece.text.length, kind: piece.kind, label: `¶ ${blocks.length + 1}` });
      text += piece.text;
      count += words(piece.text);
    }
  }
  return { text, blocks };
}

function time(source: AlignableText, target: AlignableText): { median: number; max: number; suggestions: number } {
  const times: number[] = [];
  let suggestions = 0;
  suggestAlignments(source, target); // warm-up: module and JIT, not part of a user's wait
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    suggestions = suggestAlignments(source, target).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times.at(-1)!, suggestions };
}

function row(name: string, source: AlignableText, target: AlignableText): void {
  const { median, max, suggestions } = time(source, target);
  const verdict = max < TARGET_MS ? 'ok' : `over ${TARGET_MS} ms`;
  console.log(
    `${name.padEnd(44)} ${String(words(target.text)).padStart(7)} ${String(segment(target).length).padStart(9)} ${median.toFixed(1).padStart(10)} ${max.toFixed(1).padStart(8)} ${String(suggestions).padStart(12)}  ${verdict}`,
  );
}

export async function runAlignmentBench(): Promise<void> {
  const notice = loadAlignable(path.join(root, 'documents/secure-communities-ice-2015.md'));
  const fixtures = FIXTURES.map((f) => loadAlignable(path.join(root, f)));
  const eo = fs.existsSync(EO_14159) ? loadAlignable(EO_14159) : null;

  console.log('Alignment: suggestAlignments(notice, target) with perSource 3, default minScore; each time covers');
  console.log(`segmenting both texts, building the BM25 index and ranking every notice passage. ${RUNS} runs after one warm-up.`);
  console.log(`Notice: ${words(notice.text)} words, ${segment(notice).length} segments. Target < ${TARGET_MS} ms.\n`);
  console.log(`${'target'.padEnd(44)} ${'  words'} ${' segments'} ${' median ms'} ${'  max ms'} ${' suggestions'}`);
  if (eo) row('EO 14159 (read in place)', notice, eo);
  else console.log(`EO 14159: skipped, ${policies} is absent`);
  const long = longDocument(eo ? [...fixtures, eo] : fixtures, 10_000);
  row(`built: fixtures${eo ? ' + EO 14159' : ''} blocks, shuffled`, notice, long);

  const { set, texts } = loadLabelledSet();
  const source = texts.get(set.source)!;
  const suggestions = new Map([...texts].filter(([id]) => id !== set.source).map(([id, text]) => [id, suggestAlignments(source, text)]));
  const queries = labelledQueries(set, texts);
  const ranks = queries.map((q) => rankOfCounterpart(q, source, suggestions.get(q.target)!));
  console.log(
    `\nLabelled set (${path.relative(root, labelledSetFile)}): ${set.pairs.length} pairs, ${queries.length} queries over ${texts.size - 1} targets${eo ? '' : ' (executive orders absent)'}`,
  );
  console.log(`precision@1 ${precisionAt(1, ranks).toFixed(3)}   precision@3 ${precisionAt(3, ranks).toFixed(3)}   (a query counts when a labelled counterpart is among its k best)\n`);
}
