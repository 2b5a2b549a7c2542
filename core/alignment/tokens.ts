import { stemmer } from 'stemmer';

/**
 * Words that carry no subject matter: English function words and the connective vocabulary of
 * legal drafting ("shall", "hereby", "thereof"). Ranking weighs the remaining words by rarity,
 * but on a handful of target passages rarity is a weak signal, so these are removed outright.
 */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each either etc few for from further had has
  have having he her here hers herself him himself his how i if in into is it its itself just may me might
  more most must my myself no nor not of off on once only or other our ours ourselves out over own same she
  should so some such than that the their theirs them themselves then there these they this those through
  to too under until up upon very was we were what when where which while who whom whose why will with
  within without would you your yours yourself yourselves
  shall hereby herein sec section sections subsection hereof thereby therein thereof thereto whereas pursuant including include includes
  et seq`.split(/\s+/),
);

// Initialisms written with periods ("U.S.C.", "U.S.") read as one word, numbers keep their
// separators ("283,000", "1.5"), and words keep inner apostrophes ("nation’s").
const WORD = /(?:[A-Za-z]\.){2,}|\p{N}+(?:[.,]\p{N}+)*|\p{L}[\p{L}\p{N}]*(?:['’]\p{L}+)*/gu;

/** The content words of `text`, in order: lower-cased, stop words dropped, Porter-stemmed. */
export function stems(text: string): string[] {
  return [...text.matchAll(WORD)].flatMap((match) => stemsOf(match[0]));
}

// Two repairs to Porter for policy prose: it leaves "priority" as "prioriti" but "prioritize" as
// "priorit" (a final "i" from "y" is dropped so they meet), and it folds "appropriations" (funds)
// into "appropriate" (fitting), one of the commonest words of an order, which drowns the former.
function stemsOf(word: string): string[] {
  let lower = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  // "U.S." is how the notice writes "United States"; the orders spell it out.
  if (lower === 'u.s.') return ['unit', 'state'];
  // Numbers under 100 are section numbers, list markers and days of the month, not subject matter.
  if (/^\p{N}/u.test(lower)) return /^\d{1,2}$/.test(lower) ? [] : [lower.replace(/,/g, '')];
  lower = lower.replace(/\./g, '');
  if (lower.length < 2 || STOP_WORDS.has(lower)) return [];
  if (lower.startsWith('appropriation')) return ['appropriation'];
  const stem = stemmer(lower);
  return [stem.length > 4 && stem.endsWith('i') ? stem.slice(0, -1) : stem];
}
