import { Fragment, type Node as PmNode } from 'prosemirror-model';

/**
 * Gives every textblock a stable id and every paragraph a pinpoint label, the way a legal citer
 * would point at it (see `pinpoints` for the rules).
 *
 * Ids hash the block's text, so the same file always yields the same ids and an edit elsewhere in
 * the file leaves them alone; a repeated text gets a suffix.
 */
export function labelBlocks(doc: PmNode): PmNode {
  const labels = pinpoints(textblocksOf(doc));
  const seen = new Map<string, number>();
  let index = 0;

  const visit = (node: PmNode): PmNode => {
    if (node.isTextblock) {
      const base = `b-${fnv1a(normalise(node.textContent).toLowerCase())}`;
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      const id = count === 0 ? base : `${base}-${count + 1}`;
      return node.type.create({ ...node.attrs, id, label: labels[index++] ?? null }, node.content, node.marks);
    }
    if (node.isLeaf) return node;
    const children: PmNode[] = [];
    node.forEach((child) => children.push(visit(child)));
    return node.copy(Fragment.from(children));
  };

  return visit(doc);
}

/** What the pinpoint of a textblock depends on: its words and where it sits. */
interface PinpointBlock {
  text: string;
  heading: boolean;
  /** The printed page of a block from a paginated source (a PDF's). */
  page: number | null;
  /** Inside a blockquote: quoted text, such as the amended wording an order sets out. */
  quoted: boolean;
  /** The number a Markdown ordered list gives the item this block opens, if any. */
  listNumber: number | null;
}

/**
 * The pinpoint of each block, or null for a block a citer would not point at (a heading, the
 * caption of an order). A block that knows its page is cited by page: "p. 3 ¶ 2". A text with
 * numbered sections (an order) is cited by section and subsection: "pmbl." for the words before
 * the first section, "Sec. 2" for a section's first paragraph, "Sec. 2(b)(i)" for an enumerated
 * one (an "(a)" inline after the section's caption counts), "Sec. 1 ¶ 2" for its second
 * unnumbered paragraph, "sig." for the signature and date after the last section. Any other text
 * is cited by paragraph: "¶ 7". Labels are unique within a text (the crosswalk keys rows by them).
 */
function pinpoints(blocks: PinpointBlock[]): (string | null)[] {
  const sections = blocks.map((b) => (b.quoted || b.page !== null ? null : sectionOf(b.text)));
  const first = sections.findIndex((s) => s !== null);
  const labels = first === -1 ? byParagraph(blocks) : bySection(blocks, sections, first);
  return unique(labels);
}

function byParagraph(blocks: PinpointBlock[]): (string | null)[] {
  const onPage = new Map<number, number>();
  let paragraphs = 0;
  return blocks.map((b) => {
    if (b.heading) return null;
    if (b.page !== null) {
      const n = (onPage.get(b.page) ?? 0) + 1;
      onPage.set(b.page, n);
      return `p. ${b.page} ¶ ${n}`;
    }
    return `¶ ${++paragraphs}`;
  });
}

function bySection(blocks: PinpointBlock[], sections: (string | null)[], first: number): (string | null)[] {
  let last = sections.length - 1;
  while (sections[last] === null) last -= 1;
  const labels: (string | null)[] = [];

  // Before the first section: the caption (an order's title in capitals), then the preamble.
  let caption = true;
  const preamble: number[] = [];
  for (let i = 0; i < first; i++) {
    const b = blocks[i]!;
    caption &&= b.heading || (isCapitals(b.text) && !/[:;]$/.test(normalise(b.text)));
    labels.push(null);
    if (!b.heading && !caption) preamble.push(i);
  }
  preamble.forEach((i, n) => (labels[i] = preamble.length === 1 ? 'pmbl.' : `pmbl. ¶ ${n + 1}`));

  let section = '';
  let ordinal = 0;
  let levels: Level[] = [];
  const signature: number[] = [];
  for (let i = first; i < blocks.length; i++) {
    const b = blocks[i]!;
    const text = normalise(b.text);
    const starts = sections[i];
    if (starts) {
      section = starts;
      ordinal = 0;
      levels = [];
    }
    if (b.heading) {
      labels.push(null);
      continue;
    }
    const enumerator = b.quoted ? null : starts ? inlineEnumerator(text) : (leadingEnumerator(text) ?? (b.listNumber === null ? null : String(b.listNumber)));
    // The signature and date close the order: they follow its last section and are no part of it.
    if (i > last && !b.quoted && (signature.length > 0 || (enumerator === null && isSignatureLine(normalise(b.text.split('\n')[0]!))))) {
      signature.push(i);
      labels.push(null);
      continue;
    }
    ordinal += 1;
    if (enumerator !== null) {
      levels = enter(levels, enumerator);
      labels.push(`Sec. ${section}${levels.map((l) => `(${l.value})`).join('')}`);
    } else labels.push(ordinal === 1 ? `Sec. ${section}` : `Sec. ${section} ¶ ${ordinal}`);
  }
  signature.forEach((i, n) => (labels[i] = signature.length === 1 ? 'sig.' : `sig. ¶ ${n + 1}`));
  return labels;
}

// "Section 1.", "Sec. 10.", "SEC. 2.", "§ 3." at the start of a block; the number is the section's.
const SECTION = /^(?:sec(?:tion)?\.?|§)\s*(\d+[a-z]?)\./i;

function sectionOf(text: string): string | null {
  return SECTION.exec(normalise(text))?.[1] ?? null;
}

// The first subsection set inline after a section's caption: "Sec. 6.  Task Forces.  (a)  The ...".
// The caption holds no full stop but an initial's ("U.S."), so an "(a)" later in the section's
// first sentence is never taken for it.
const INLINE = /^\s*(?:(?:[^.]|(?<=\b\p{Lu})\.)+?\.\s+)?\((a|i|1|A)\)(?=\s)/u;

function inlineEnumerator(text: string): string | null {
  return INLINE.exec(text.replace(SECTION, ''))?.[1] ?? null;
}

const LEADING = /^\(([a-z]{1,5}|[A-Z]{1,5}|\d{1,3})\)/;

function leadingEnumerator(text: string): string | null {
  const token = LEADING.exec(text)?.[1];
  return token !== undefined && kindsOf(token).length > 0 ? token : null;
}

/** One level of an outline, as "(b)" or "(ii)": what kind of enumerator it uses and its last one. */
interface Level {
  kind: Kind;
  value: string;
}

type Kind = 'lower' | 'roman' | 'upper' | 'upper-roman' | 'digit';

/**
 * The outline after an enumerator: a kind already open closes everything below it, a new kind
 * opens a level below the current one. An "(i)" is a letter only where it follows "(h)".
 */
function enter(levels: Level[], token: string): Level[] {
  const kinds = kindsOf(token);
  const continues = kinds.find((kind) => levels.some((l) => l.kind === kind && successor(kind, l.value) === token));
  const open = kinds.find((kind) => levels.some((l) => l.kind === kind));
  const fresh = kinds.length > 1 && (token === 'i' || token === 'I') ? kinds.find((k) => k.endsWith('roman')) : undefined;
  const kind = continues ?? fresh ?? open ?? kinds[0]!;
  const at = levels.findIndex((l) => l.kind === kind);
  return [...(at === -1 ? levels : levels.slice(0, at)), { kind, value: token }];
}

function kindsOf(token: string): Kind[] {
  if (/^\d+$/.test(token)) return ['digit'];
  const lower = token === token.toLowerCase();
  if (!lower && token !== token.toUpperCase()) return [];
  const kinds: Kind[] = [];
  if (/^([a-z])\1*$/i.test(token)) kinds.push(lower ? 'lower' : 'upper');
  if (romanValue(token.toLowerCase()) !== null) kinds.push(lower ? 'roman' : 'upper-roman');
  return kinds;
}

function successor(kind: Kind, value: string): string {
  if (kind === 'digit') return String(Number(value) + 1);
  if (kind === 'roman' || kind === 'upper-roman') {
    const next = toRoman((romanValue(value.toLowerCase()) ?? 0) + 1);
    return kind === 'roman' ? next : next.toUpperCase();
  }
  // Letters run a to z, then aa, bb, ... as drafters double them.
  const letter = value[0]!;
  const last = letter === 'z' || letter === 'Z';
  const next = last ? (letter === 'z' ? 'a' : 'A') : String.fromCharCode(letter.charCodeAt(0) + 1);
  return next.repeat(value.length + (last ? 1 : 0));
}

const ROMAN = /^(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;

const DIGIT: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

function romanValue(token: string): number | null {
  if (token === '' || !ROMAN.test(token)) return null;
  let total = 0;
  for (let i = 0; i < token.length; i++) {
    const value = DIGIT[token[i]!]!;
    total += value < (DIGIT[token[i + 1] ?? ''] ?? 0) ? -value : value;
  }
  return total;
}

function toRoman(n: number): string {
  const parts: [number, string][] = [[100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [value, letters] of parts) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}

function isCapitals(text: string): boolean {
  return /\p{L}/u.test(text) && !/\p{Ll}/u.test(text);
}

const DATE_LINE = /^(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}\.?$/;

/** A line that opens an order's closing: the signer's name or "THE WHITE HOUSE," in capitals, or the date. */
function isSignatureLine(text: string): boolean {
  return isCapitals(text) || DATE_LINE.test(text);
}

// A later block whose label is taken already is that passage's next paragraph.
function unique(labels: (string | null)[]): (string | null)[] {
  const count = new Map<string, number>();
  return labels.map((label) => {
    if (label === null) return null;
    const n = (count.get(label) ?? 0) + 1;
    count.set(label, n);
    return n === 1 ? label : `${label} ¶ ${n}`;
  });
}

function textblocksOf(doc: PmNode): PinpointBlock[] {
  const blocks: PinpointBlock[] = [];
  const walk = (node: PmNode, quoted: boolean, listNumber: number | null) => {
    if (node.isTextblock) {
      const page = typeof node.attrs.page === 'number' ? node.attrs.page : null;
      // A line break counts as one, so that the first line of a block can be told from the rest.
      blocks.push({ text: node.textBetween(0, node.content.size, undefined, '\n'), heading: node.type.name === 'heading', page, quoted, listNumber });
      return;
    }
    const ordered = node.type.name === 'ordered_list' ? Number(node.attrs.order ?? 1) : null;
    node.forEach((child, _, i) => {
      if (ordered !== null) walk(child, quoted, ordered + i);
      // Only an item's first paragraph carries its number; the rest of the item is unnumbered.
      else if (node.type.name === 'list_item') walk(child, quoted, i === 0 ? listNumber : null);
      else walk(child, quoted || node.type.name === 'blockquote', null);
    });
  };
  walk(doc, false, null);
  return blocks;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** 32-bit FNV-1a, printed in base 36: short, stable and the same in Node and the browser. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0');
}
