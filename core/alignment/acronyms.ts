/**
 * Acronyms a text defines ("Federal Bureau of Investigation (FBI)"), so that a passage that
 * writes "FBI" and one that writes the name out share a word. The notice says "ICE" throughout
 * and the orders say "U.S. Immigration and Customs Enforcement": without this, the one place an
 * order writes "(ICE)" looks like the rarest and best match for every sentence about ICE.
 */
export interface Acronym {
  acronym: string;
  /** The name written out, as a pattern that tolerates line breaks and case. */
  longForm: RegExp;
}

const DEFINITION = /\(([A-Z]{2,6})s?\)/g;
const LINKING = new Set(['and', 'of', 'the', 'for', 'on', 'to', 'in', '&']);
const WORDS_BEFORE = 12;

/** The acronyms defined in any of `texts`, each once. */
export function acronymsDefined(texts: readonly string[]): Acronym[] {
  const found = new Map<string, string[]>();
  for (const text of texts) {
    for (const match of text.matchAll(DEFINITION)) {
      const acronym = match[1]!;
      if (found.has(acronym)) continue;
      const words = text.slice(Math.max(0, match.index - 200), match.index).trim().split(/\s+/).slice(-WORDS_BEFORE);
      const name = spelledOut(acronym, words);
      if (name) found.set(acronym, name);
    }
  }
  return [...found].map(([acronym, name]) => ({
    acronym,
    // "U.S." before an agency's name is part of the name, not a mention of the United States.
    longForm: new RegExp(`\\b(?:U\\.S\\.\\s+)?${name.map(escape).join('\\s+')}\\b`, 'gi'),
  }));
}

/** `text` with every spelled-out name replaced by its acronym. */
export function contractAcronyms(text: string, acronyms: readonly Acronym[]): string {
  return acronyms.reduce((result, { acronym, longForm }) => result.replace(longForm, acronym), text);
}

// Walks back from the parenthesis: each capitalised word must give the next initial (from the
// last), linking words are skipped. The name is the words consumed, when every letter was.
function spelledOut(acronym: string, words: string[]): string[] | null {
  let letter = acronym.length - 1;
  let first = words.length;
  for (let i = words.length - 1; i >= 0 && letter >= 0; i--) {
    const word = words[i]!;
    if (LINKING.has(word.toLowerCase())) continue;
    if (word[0] !== acronym[letter]) return null;
    letter--;
    first = i;
  }
  return letter < 0 ? words.slice(first) : null;
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
