/**
 * Sentence boundaries in legal and policy prose.
 *
 * The platform's Unicode sentence segmenter (UAX #29, in Node and every current browser) does the
 * general work: it keeps "1.5" whole and does not break before a lower-case word ("8 U.S.C. 1101
 * et seq.) and section 301"). It does break after any period followed by a capital, so the breaks
 * it proposes after abbreviations ("Sec. 2", "U.S. Immigration", "e.g. Fines", "JOSEPH R. BIDEN")
 * and after an order's section captions ("Sec. 2.  Policy.  It is the policy…") are undone here.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// A period that ends one of these words does not end a sentence. Matched case-insensitively on the
// last word of a piece; a single capital letter is an initial.
const ABBREVIATION =
  /(?:^|[\s(])(?:secs?|sections?|nos?|arts?|paras?|pp?|ch|cl|subch|subsec|fed|reg|stat|pub|l|mr|mrs|ms|dr|st|jr|sr|hon|gen|gov|sen|rep|inc|co|corp|ltd|v|vs|cf|e\.g|i\.e|viz|approx|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|u\.s|u\.s\.c|c\.f\.r|u\.s\.a)\.$/i;
const INITIAL = /(?:^|[\s(])\p{Lu}\.$/u;
// A piece that is only a number or enumerator: "2.", "(a)", "iv."
const ENUMERATOR = /^(?:\(?[0-9]{1,3}[A-Za-z]?[.)]|\(?[a-z]{1,4}[.)]|\([A-Za-z0-9]{1,4}\))$/;
// "Sec. 2.  Policy." at the head of a paragraph: the caption belongs to the sentence after it.
const CAPTION = /^\W*Sec(?:tion|s)?\.?\s*\d+[A-Za-z]?\.\s+[^.]{1,160}\.\W*$/;
const SECTION_NUMBER = /^\W*Sec(?:tion|s)?\.?\s*\d+[A-Za-z]?\.$/;
// The segmenter runs "…in 2013. (a) nothing in this order…" together, as a lower-case word follows;
// an enumerator after a full stop starts a new provision.
const ENUMERATED_START = /[.;]\s+(?=\((?:[a-z]{1,4}|\d{1,3})\)\s)/g;

/** Ranges [start, end) of the sentences of `text`, without their surrounding white space. */
export function sentenceRanges(text: string): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  for (const { start, end } of candidates(text)) {
    const previous = pieces.at(-1);
    if (previous && continues(text.slice(previous.start, previous.end).trim())) previous.end = end;
    else pieces.push({ start, end });
  }
  return pieces.map(trimmed(text)).filter((range) => range.end > range.start);
}

function* candidates(text: string): Generator<{ start: number; end: number }> {
  for (const piece of segmenter.segment(text)) {
    let start = piece.index;
    for (const match of piece.segment.matchAll(ENUMERATED_START)) {
      const end = piece.index + match.index + match[0].length;
      yield { start, end };
      start = end;
    }
    yield { start, end: piece.index + piece.segment.length };
  }
}

function continues(piece: string): boolean {
  return ABBREVIATION.test(piece) || INITIAL.test(piece) || ENUMERATOR.test(piece) || SECTION_NUMBER.test(piece) || CAPTION.test(piece);
}

const trimmed = (text: string) => (range: { start: number; end: number }) => {
  let { start, end } = range;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
};
