import { TextIndex, type TextBlock } from './anchoring/text-index.js';
import type { Workspace } from './workspace.js';

/*
 * Finding words in the workspace's texts, and a paragraph by its pinpoint. Matching ignores case
 * and accents and treats any run of spaces as one, the way a reader types a half-remembered
 * phrase; results keep the document's order and say where they are as a citation would.
 */

/** One place a phrase occurs: the block, its pinpoint, and the words around it. */
export interface TextHit {
  documentId: string;
  blockId: string | null;
  label: string | null;
  before: string;
  match: string;
  after: string;
}

export interface DocumentHits {
  documentId: string;
  title: string;
  hits: TextHit[];
  /** More occurrences than were kept. */
  more: number;
}

const CONTEXT = 60;

/** Lower-cased, accents removed, each character kept in place so offsets map back one to one. */
function fold(text: string): string {
  let folded = '';
  for (const char of text) {
    const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    // Only a one-for-one fold keeps offsets; anything else stays as it is.
    folded += base.length === char.length ? base : char.toLowerCase().length === char.length ? char.toLowerCase() : char;
  }
  return folded;
}

function pattern(query: string): RegExp | null {
  const words = fold(query.trim()).split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'g');
}

function blockAt(blocks: readonly TextBlock[], offset: number): TextBlock | undefined {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const block = blocks[mid]!;
    if (offset < block.start) hi = mid - 1;
    else if (offset > block.end) lo = mid + 1;
    else return block;
  }
  return undefined;
}

// The words around a hit are cut at word boundaries ("…individual has been", never "…ndividual"):
// the cut moves forward to the next space before the hit, back to the last space after it.
function wordStart(text: string, at: number, limit: number, hit: number): number {
  if (at <= limit || /\s/.test(text[at - 1] ?? ' ')) return at;
  const space = text.slice(at, hit).search(/\s/);
  return space < 0 ? hit : at + space + 1;
}

function wordEnd(text: string, at: number, limit: number, hit: number): number {
  if (at >= limit || /\s/.test(text[at] ?? ' ')) return at;
  const space = text.slice(hit, at).search(/\s\S*$/);
  return space < 0 ? hit : hit + space;
}

/** Every imported document's occurrences of `query`, at most `perDocument` each, documents by date. */
export function searchTexts(workspace: Workspace, query: string, perDocument = 20): DocumentHits[] {
  const regex = pattern(query);
  if (!regex) return [];
  const results: DocumentHits[] = [];
  for (const meta of workspace.documents()) {
    if (!meta.imported) continue;
    const index = new TextIndex(workspace.documentText(meta.id));
    const blocks = index.blocks();
    const hits: TextHit[] = [];
    let found = 0;
    for (const m of fold(index.text).matchAll(regex)) {
      found += 1;
      if (hits.length >= perDocument) continue;
      const start = m.index;
      const end = start + m[0].length;
      const block = blockAt(blocks, start);
      const blockStart = block?.start ?? 0;
      const blockEnd = block?.end ?? index.text.length;
      const from = wordStart(index.text, Math.max(blockStart, start - CONTEXT), blockStart, start);
      const to = wordEnd(index.text, Math.min(blockEnd, end + CONTEXT), blockEnd, end);
      hits.push({
        documentId: meta.id,
        blockId: block?.id ?? null,
        label: block?.label ?? null,
        before: (from > blockStart ? '…' : '') + index.text.slice(from, start),
        match: index.text.slice(start, end),
        after: index.text.slice(end, to) + (to < blockEnd ? '…' : ''),
      });
    }
    if (found > 0) results.push({ documentId: meta.id, title: meta.title, hits, more: found - hits.length });
  }
  return results;
}

/** A pinpoint as typed ("sec 3 (a)", "¶7", "7", "Sec. 1 ¶ 2") reduced to what identifies it. */
function pinpointKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/§|sec(tion)?\.?/g, 'sec')
    .replace(/para(graph)?\.?|¶/g, '¶')
    .replace(/\s+/g, '');
}

/** The block of a document whose pinpoint is `typed`; a bare number also finds "¶ n" or "Sec. n". */
export function blockByPinpoint(workspace: Workspace, documentId: string, typed: string): TextBlock | undefined {
  const want = pinpointKey(typed);
  if (!want) return undefined;
  const blocks = new TextIndex(workspace.documentText(documentId)).blocks().filter((b) => b.label);
  const keyed = blocks.map((b) => ({ block: b, key: pinpointKey(b.label!) }));
  return (
    keyed.find((k) => k.key === want)?.block ??
    keyed.find((k) => k.key === `¶${want}` || k.key === `sec${want}`)?.block ??
    keyed.find((k) => k.key.startsWith(want.startsWith('sec') || want.startsWith('¶') ? want : `sec${want}`))?.block
  );
}
