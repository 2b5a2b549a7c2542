import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { alignableText, segment, sentenceRanges, stems } from '../../../core/alignment/index.js';
import { labelBlocks, parseMarkdown } from '../../../core/text/index.js';
import { documentsDir, repoRoot } from '../../support/paths.js';
import { loadAlignable } from './labelled-set.js';

const sentences = (text: string) => sentenceRanges(text).map((r) => text.slice(r.start, r.end));

function fromMarkdown(markdown: string) {
  const fragment = new Y.Doc().getXmlFragment('text');
  prosemirrorToYXmlFragment(labelBlocks(parseMarkdown(markdown)), fragment);
  return alignableText(fragment);
}

describe('sentences', () => {
  it('splits a paragraph of the notice into its sentences', () => {
    const paragraph =
      'ICE receives annual appropriations from Congress sufficient to remove a limited number of the more than 10 million individuals estimated to be in the U.S. who lack lawful status or are removable because of a criminal conviction. Given this reality, ICE must set sensible priorities.';
    expect(sentences(paragraph)).toEqual([
      'ICE receives annual appropriations from Congress sufficient to remove a limited number of the more than 10 million individuals estimated to be in the U.S. who lack lawful status or are removable because of a criminal conviction.',
      'Given this reality, ICE must set sensible priorities.',
    ]);
  });

  it('does not break after "U.S.C.", "et seq." or inside a statutory citation', () => {
    const preamble =
      'By the authority vested in me as President by the Constitution and the laws of the United States of America, including the Immigration and Nationality Act (INA) (8 U.S.C. 1101 et seq.) and section 301 of title 3, United States Code, it is hereby ordered:';
    expect(sentences(preamble)).toEqual([preamble]);
    const citation = 'The Secretary shall act under section 235(b)(1)(A)(iii)(I) of the INA (8 U.S.C. 1225(b)(1)(A)(iii)(I)). Further, the Secretary shall report.';
    expect(sentences(citation)).toEqual(['The Secretary shall act under section 235(b)(1)(A)(iii)(I) of the INA (8 U.S.C. 1225(b)(1)(A)(iii)(I)).', 'Further, the Secretary shall report.']);
  });

  it('keeps an abbreviation or an initial with the words after it', () => {
    expect(sentences('See Sec. 5 of the order. Measures, e.g. Fines, apply. U.S. Immigration and Customs Enforcement acts. JOSEPH R. BIDEN JR.')).toEqual([
      'See Sec. 5 of the order.',
      'Measures, e.g. Fines, apply.',
      'U.S. Immigration and Customs Enforcement acts.',
      'JOSEPH R. BIDEN JR.',
    ]);
  });

  it('keeps decimals inside their sentence and starts one at an enumerator', () => {
    expect(sentences('The rate rose 1.5 percent in 2013. (a) nothing in this order shall be construed to impair it; (b) this order applies.')).toEqual([
      'The rate rose 1.5 percent in 2013.',
      '(a) nothing in this order shall be construed to impair it;',
      '(b) this order applies.',
    ]);
  });

  it('reads an order’s section caption as the start of the first sentence', () => {
    const section = 'Sec. 2.  Policy.  It is the policy of the United States to faithfully execute the immigration laws. Further, it is the policy of the United States to achieve the total and efficient enforcement of those laws.';
    expect(sentences(section)).toEqual([
      'Sec. 2.  Policy.  It is the policy of the United States to faithfully execute the immigration laws.',
      'Further, it is the policy of the United States to achieve the total and efficient enforcement of those laws.',
    ]);
  });
});

describe('segments of a document', () => {
  it('are the notice’s blocks with their pinpoints, and the sentences of blocks that have several', () => {
    const notice = loadAlignable(path.join(documentsDir, 'secure-communities-ice-2015.md'));
    const segments = segment(notice);
    for (const s of segments) expect(notice.text.slice(s.start, s.end)).toBe(s.text);
    expect(new Set(segments.map((s) => s.key)).size).toBe(segments.length);

    expect(segments[0]).toMatchObject({ key: 'b0', kind: 'heading', text: 'Secure Communities', pinpoint: null });
    const second = segments.filter((s) => s.pinpoint === '¶ 2');
    expect(second.map((s) => s.kind)).toEqual(['paragraph']);
    const third = segments.filter((s) => s.pinpoint === '¶ 3');
    expect(third.map((s) => s.kind)).toEqual(['paragraph', 'sentence', 'sentence', 'sentence', 'sentence', 'sentence']);
    expect(third[4]!.text).toBe('Under Secure Communities, the FBI automatically sends the fingerprints to DHS to check against its immigration databases.');
  });

  it('marks paragraphs in list items as list items', () => {
    const memo = loadAlignable(path.join(repoRoot, 'test/fixtures/alignment/replacement-program-memo.md'));
    const items = segment(memo).filter((s) => s.kind === 'list-item');
    expect(items.map((s) => s.text.split(' ').slice(0, 4).join(' '))).toEqual(['aliens who pose a', 'aliens convicted of significant', 'aliens who have been']);
  });

  it('leaves blank blocks out and offsets follow TextIndex text', () => {
    const text = fromMarkdown('# Title\n\n   \n\nOne sentence here. Another one there.');
    expect(segment(text).map((s) => [s.key, s.kind, s.text])).toEqual([
      ['b0', 'heading', 'Title'],
      ['b1', 'paragraph', 'One sentence here. Another one there.'],
      ['b1.s0', 'sentence', 'One sentence here.'],
      ['b1.s1', 'sentence', 'Another one there.'],
    ]);
  });
});

describe('content words', () => {
  it('are lower-cased Porter stems without stop words, with initialisms and numbers kept whole', () => {
    expect(stems('ICE’s priorities: 283,000 aliens (8 U.S.C. 1101 et seq.) in the U.S.')).toEqual(['ic', 'priorit', '283000', 'alien', 'usc', '1101', 'unit', 'state']);
  });

  it('bring a word and its derivations together, and keep funds apart from fitness', () => {
    expect(stems('priority prioritizes')).toEqual(['priorit', 'priorit']);
    const [funds, fitting] = stems('appropriations appropriate');
    expect(funds).not.toBe(fitting);
  });

  it('drop section numbers and days of the month', () => {
    expect(stems('Sec. 22. completed on January 22, 2013')).toEqual(['complet', 'januar', '2013']);
  });
});
