import { z } from 'zod';

/*
 * The citation styles a workspace can choose, each one of the CSL repository's maintained styles
 * (vendored by scripts/vendor-csl-styles.ts from Debian's citation-style-language-styles): the
 * ones policy and legal writers are asked for.
 */
export const CitationStyle = z.enum(['apa', 'chicago-author-date', 'chicago-note-bibliography', 'modern-language-association', 'bluebook-law-review']);
export type CitationStyle = z.infer<typeof CitationStyle>;

export const DEFAULT_CITATION_STYLE: CitationStyle = 'apa';

export const CITATION_STYLE_LABEL: Record<CitationStyle, string> = {
  apa: 'APA (7th edition)',
  'chicago-author-date': 'Chicago (author-date)',
  'chicago-note-bibliography': 'Chicago (notes and bibliography)',
  'modern-language-association': 'MLA (9th edition)',
  'bluebook-law-review': 'Bluebook (law review)',
};

/** Where Debian installs the CSL styles, and each style's file there. */
export const CSL_STYLES_DIR = '/usr/share/citation-style-language/styles';
export const CSL_STYLE_FILES: Record<CitationStyle, string> = {
  apa: 'apa.csl',
  'chicago-author-date': 'chicago-author-date.csl',
  'chicago-note-bibliography': 'chicago-note-bibliography.csl',
  'modern-language-association': 'modern-language-association.csl',
  'bluebook-law-review': 'bluebook-law-review.csl',
};
