import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { alignableText, suggestAlignments, type AlignableText } from '../../../core/alignment/index.js';
import { labelBlocks, parseMarkdown } from '../../../core/text/index.js';
import { documentsDir, repoRoot, sharedDir } from '../../support/paths.js';
import { loadAlignable } from './labelled-set.js';

const notice = loadAlignable(path.join(documentsDir, 'secure-communities-ice-2015.md'));
const eo14159 = path.join(sharedDir, 'policies/2025-01-20-eo-14159-protecting-american-people-against-invasion.md');

function fromMarkdown(markdown: string): AlignableText {
  const fragment = new Y.Doc().getXmlFragment('text');
  prosemirrorToYXmlFragment(labelBlocks(parseMarkdown(markdown)), fragment);
  return alignableText(fragment);
}

const FINGERPRINTS = 'Under Secure Communities, the FBI automatically sends the fingerprints to DHS to check against its immigration databases.';
const bestFor = (suggestions: ReturnType<typeof suggestAlignments>, source: string) => suggestions.find((s) => s.source.text === source && s.rank === 1);

describe('suggesting counterparts', () => {
  it('ranks the fixture memo’s fingerprint paragraph first for the notice’s fingerprint sentence', () => {
    const memo = loadAlignable(path.join(repoRoot, 'test/fixtures/priority-enforcement-memo.md'));
    const best = bestFor(suggestAlignments(notice, memo), FINGERPRINTS);
    expect(best?.target.text).toBe('The FBI will continue to share the fingerprints of individuals booked into custody with DHS to check against its immigration databases.');
    expect(best?.target.pinpoint).toMatch(/^¶ \d+$/);
  });

  it.skipIf(!fs.existsSync(eo14159))('ranks Section 11 of EO 14159 first for the notice’s federal-decision sentence, not the enacting clause', () => {
    const order = loadAlignable(eo14159);
    const suggestions = suggestAlignments(notice, order);
    const best = bestFor(suggestions, 'The federal government, not the state or local law enforcement agency, determines what immigration enforcement action, if any, is appropriate.');
    expect(best?.target.pinpoint).toBe('Sec. 11');
    expect(suggestions.filter((s) => s.rank === 1 && s.target.text.startsWith('By the authority vested in me'))).toEqual([]);
  });

  it('gives scores in (0, 1], best first, with ranks per source and no two overlapping targets for one source', () => {
    const memo = loadAlignable(path.join(repoRoot, 'test/fixtures/alignment/replacement-program-memo.md'));
    const suggestions = suggestAlignments(notice, memo, { perSource: 2 });
    expect(suggestions.length).toBeGreaterThan(5);
    const scores = suggestions.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const s of suggestions) expect(s.score > 0 && s.score <= 1).toBe(true);
    const bySource = new Map<string, typeof suggestions>();
    for (const s of suggestions) bySource.set(s.source.key, [...(bySource.get(s.source.key) ?? []), s]);
    for (const group of bySource.values()) {
      expect(group.map((s) => s.rank).sort()).toEqual(group.map((_, i) => i + 1));
      const ranked = [...group].sort((a, b) => a.rank - b.rank);
      expect(ranked.map((s) => s.score)).toEqual([...ranked.map((s) => s.score)].sort((a, b) => b - a));
      for (const a of group) for (const b of group) if (a !== b) expect(a.target.start < b.target.end && b.target.start < a.target.end).toBe(false);
    }
  });

  it('offers a heading only when no passage of text is a counterpart', () => {
    const source = fromMarkdown('The FBI automatically sends fingerprints of arrested persons to DHS for checks against immigration databases.');
    const headingOnly = fromMarkdown('# FBI fingerprints sent to DHS immigration databases\n\nThe weather was fine.');
    expect(suggestAlignments(source, headingOnly).map((s) => s.target.kind)).toEqual(['heading']);
    const withText = fromMarkdown('# FBI fingerprints sent to DHS immigration databases\n\nDHS checks the fingerprints the FBI sends against its immigration databases.');
    expect(suggestAlignments(source, withText).map((s) => s.target.kind)).toEqual(['paragraph']);
  });

  it('makes no suggestion for a passage of fewer than five content words, or on one shared word', () => {
    const target = fromMarkdown('ICE prioritizes removal of criminal aliens who threaten public safety in every jurisdiction.');
    expect(suggestAlignments(fromMarkdown('ICE prioritizes removal.'), target)).toEqual([]);
    expect(suggestAlignments(fromMarkdown('Every jurisdiction enjoyed splendid weather during the autumn festival.'), target)).toEqual([]);
  });

  it('reads an acronym the texts define as the name it stands for', () => {
    const source = fromMarkdown('U.S. Immigration and Customs Enforcement (ICE) works in every state.\n\nICE takes custody of removable aliens after local arrests.');
    const scoreAgainst = (target: string) => {
      const [best] = suggestAlignments(source, fromMarkdown(`${target}\n\nThe weather in every state was fine.`), { perSource: 1 }).filter((s) => s.source.text.startsWith('ICE takes'));
      return best?.score;
    };
    const abbreviated = scoreAgainst('ICE takes custody of removable aliens after local arrests.');
    expect(abbreviated).toBe(1);
    expect(scoreAgainst('U.S. Immigration and Customs Enforcement takes custody of removable aliens after local arrests.')).toBe(abbreviated);
  });

  it('keeps to perSource and minScore, and refuses a perSource that is not a positive integer', () => {
    const memo = loadAlignable(path.join(repoRoot, 'test/fixtures/alignment/replacement-program-memo.md'));
    const one = suggestAlignments(notice, memo, { perSource: 1 });
    expect(one.every((s) => s.rank === 1)).toBe(true);
    const strict = suggestAlignments(notice, memo, { minScore: 0.3 });
    expect(strict.length).toBeGreaterThan(0);
    expect(strict.every((s) => s.score >= 0.3)).toBe(true);
    expect(strict.length).toBeLessThan(suggestAlignments(notice, memo).length);
    expect(() => suggestAlignments(notice, memo, { perSource: 0 })).toThrow(RangeError);
  });
});
