import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSL_STYLE_XML, CSL_STYLES_VERSION } from '../../../core/citations/csl-styles.js';
import { CITATION_STYLE_LABEL, CitationStyle, formatInText, formatReference } from '../../../core/citations/index.js';
import { CSL_STYLE_FILES, CSL_STYLES_DIR } from '../../../core/citations/style-names.js';
import type { CslItem } from '../../../core/index.js';

/*
 * The styles are the CSL repository's, as Debian packages them, vendored by
 * scripts/vendor-csl-styles.ts: none is written here. Where the package is installed (CI
 * installs it) the vendored copies must equal its files; elsewhere that check is skipped with the
 * reason, except on CI.
 */

const installed = fs.existsSync(path.join(CSL_STYLES_DIR, 'apa.csl'));

describe('the vendored CSL styles', () => {
  it('are the package’s files, unchanged', ({ skip }) => {
    if (!installed) {
      const reason = `Debian's citation-style-language-styles is not installed (${CSL_STYLES_DIR})`;
      if (process.env.CI === 'true') throw new Error(`${reason}; CI must check the vendored styles against it`);
      skip(reason);
    }
    for (const style of CitationStyle.options) {
      expect(CSL_STYLE_XML[style], style).toBe(fs.readFileSync(path.join(CSL_STYLES_DIR, CSL_STYLE_FILES[style]), 'utf8'));
    }
    expect(CSL_STYLES_VERSION).toMatch(/^0~\d{8}\./);
  });

  it('each declares the style its label names', () => {
    const titles: Record<CitationStyle, RegExp> = {
      apa: /American Psychological Association 7th edition/,
      'chicago-author-date': /Chicago Manual of Style 17th edition \(author-date\)/,
      'chicago-note-bibliography': /Chicago Manual of Style 17th edition \(note\)/,
      'modern-language-association': /Modern Language Association 9th edition/,
      'bluebook-law-review': /Bluebook Law Review/,
    };
    for (const style of CitationStyle.options) {
      expect(/<title>([^<]*)<\/title>/.exec(CSL_STYLE_XML[style])?.[1], style).toMatch(titles[style]);
      expect(CITATION_STYLE_LABEL[style]).toBeTruthy();
    }
  });
});

// A journal article, the case every style guide shows first; expected strings written from the guides' own patterns.
const article: CslItem = {
  type: 'article-journal',
  title: 'The Case against Secure Communities',
  author: [{ family: 'Kalhan', given: 'Anil' }],
  'container-title': 'Ohio State Law Journal',
  volume: '74',
  issue: '6',
  page: '1105-1165',
  issued: { 'date-parts': [[2013]] },
};

describe('formatting with each style', () => {
  it('writes a journal article as each guide does', () => {
    expect(formatReference(article, 'apa')).toBe('Kalhan, A. (2013). The Case against Secure Communities. Ohio State Law Journal, 74(6), 1105–1165.');
    expect(formatReference(article, 'chicago-author-date')).toBe('Kalhan, Anil. 2013. “The Case against Secure Communities.” Ohio State Law Journal 74 (6): 1105–65.');
    expect(formatReference(article, 'chicago-note-bibliography')).toBe('Kalhan, Anil. “The Case against Secure Communities.” Ohio State Law Journal 74, no. 6 (2013): 1105–65.');
    expect(formatReference(article, 'modern-language-association')).toBe('Kalhan, Anil. “The Case against Secure Communities.” Ohio State Law Journal, vol. 74, no. 6, 2013, pp. 1105–65.');
    expect(formatReference(article, 'bluebook-law-review')).toBe('Anil Kalhan, The Case against Secure Communities, 74 Ohio State Law Journal 1105 (2013).');
  });

  it('cites in text with the pinpoint, author-date and notes alike', () => {
    const cite = (style: CitationStyle) => formatInText({ source: article, locator: '1120' }, style);
    expect(cite('apa')).toBe('(Kalhan, 2013, sec. 1120)');
    expect(cite('chicago-author-date')).toBe('(Kalhan 2013, sec. 1120)');
    expect(formatInText({ source: article, locator: '¶ 7' }, 'apa')).toBe('(Kalhan, 2013, ¶ 7)');
    expect(formatInText({ source: article, locator: 'Sec. 3(a)' }, 'chicago-note-bibliography')).toBe('Kalhan, “The Case against Secure Communities,” Sec. 3(a).');
  });

  it('keeps an organisation author whole', () => {
    const report: CslItem = { type: 'report', title: 'Operations of ICE’s Secure Communities', author: [{ literal: 'U.S. Department of Homeland Security, Office of Inspector General' }], number: 'OIG-12-64', issued: { 'date-parts': [[2012, 4]] } };
    for (const style of CitationStyle.options) expect(formatReference(report, style), style).toContain('U.S. Department of Homeland Security, Office of Inspector General');
    expect(formatReference(report, 'apa')).toBe('U.S. Department of Homeland Security, Office of Inspector General. (2012). Operations of ICE’s Secure Communities (OIG-12-64).');
  });
});
