import type { CslItem } from '../annotation.js';

/*
 * Authors as a person types them, one per line: "Family, Given" for a person, anything else for
 * an organisation, kept whole as a CSL literal. A comma alone does not make a person: agencies
 * are named "U.S. Department of Homeland Security, Office of Inspector General", and splitting
 * that gives "…Security, O. of I. G." in every style. A line reads as a person only when what
 * follows the comma looks like given names; braces ("{Smith, Jones and Partners}") keep any
 * line whole, as in BibTeX.
 */

type CslName = NonNullable<CslItem['author']>[number];

// Words that name a body, never a person's given names.
const ORGANISATION_WORD = /\b(office|department|agency|bureau|service|administration|commission|committee|council|court|institute|university|center|centre|association|ministry|division|board|program(me)?|inspector|general|secretary|president|house|senate|congress|government|federal|national|state|united|states|customs|immigration|enforcement|security|police|foundation|society|inc|llc|ltd|of|the|and|for)\b/i;

// Given names: one to four words, each a capitalised name or an initial ("J.", "J.-P.", "María José").
const GIVEN = /^(?:\p{Lu}[\p{L}'’-]*\.?|\p{Lu}\.(?:-?\p{Lu}\.)*)(?:\s+(?:\p{Lu}[\p{L}'’-]*\.?|\p{Lu}\.|(?:de|da|van|von|der|la|le)))*$/u;

function readName(line: string): CslName {
  const braced = /^\{(.+)\}$/.exec(line);
  if (braced) return { literal: braced[1]!.trim() };
  const comma = line.indexOf(',');
  if (comma < 0) return { literal: line };
  const family = line.slice(0, comma).trim();
  const given = line.slice(comma + 1).trim();
  return looksLikePerson(family, given) ? { family, given } : { literal: line };
}

/** Whether "family, given" names a person rather than a body whose name has a comma in it. */
export function looksLikePerson(family: string, given: string): boolean {
  return family !== '' && given !== '' && family.split(/\s+/).length <= 4 && GIVEN.test(given) && given.split(/\s+/).length <= 4 && !ORGANISATION_WORD.test(given);
}

/** Reads authors, one per line. */
export function parseNames(text: string): CslItem['author'] {
  const names = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map(readName);
  return names.length ? names : undefined;
}

/** Writes authors back one per line, so that reading them again gives the same names. */
export function formatNames(authors: CslItem['author']): string {
  return (authors ?? [])
    .map((a) => {
      if ('literal' in a) {
        const read = readName(a.literal);
        return 'literal' in read && read.literal === a.literal ? a.literal : `{${a.literal}}`;
      }
      return a.given ? `${a.family}, ${a.given}` : `{${a.family}}`;
    })
    .join('\n');
}
