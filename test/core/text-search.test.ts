import { describe, expect, it } from 'vitest';
import { TextIndex, blockByPinpoint, searchTexts } from '../../core/index.js';

import { corpusWorkspace, MEMO, NOTICE } from '../support/annotated-workspace.js';

describe('finding words in the texts', () => {
  const workspace = corpusWorkspace();
  // Every whitespace-separated word of every text, as the snippets would show it.
  const corpusWords = () =>
    workspace
      .documents()
      .filter((d) => d.imported)
      .flatMap((d) => new TextIndex(workspace.documentText(d.id)).text.split(/\s+/));

  it('finds a phrase in every document, ignoring case, accents and spacing, with each place’s pinpoint', () => {
    const results = searchTexts(workspace, 'FINGERPRINTS   of');
    const notice = results.find((r) => r.documentId === NOTICE)!;
    expect(notice.hits.length).toBeGreaterThan(0);
    for (const hit of notice.hits) {
      expect(hit.match.toLowerCase()).toMatch(/^fingerprints\s+of$/);
      expect(hit.label).toMatch(/^¶ \d+$/);
      expect(hit.blockId).toBeTruthy();
      // The words around it come from the same paragraph.
      expect(`${hit.before}${hit.match}${hit.after}`.replace(/^…|…$/g, '')).not.toContain('\n');
    }
    expect(results.map((r) => r.documentId)).toContain(MEMO);
    expect(searchTexts(workspace, 'sécure commùnities').length).toBeGreaterThan(0);
    expect(searchTexts(workspace, 'no such words anywhere')).toEqual([]);
    expect(searchTexts(workspace, '   ')).toEqual([]);
  });

  it('cuts the words around a place at word boundaries', () => {
    const hits = searchTexts(workspace, 'the', 50).flatMap((r) => r.hits);
    expect(hits.length).toBeGreaterThan(10);
    const words = new Set(corpusWords());
    for (const hit of hits) {
      const first = hit.before.startsWith('…') ? hit.before.slice(1).split(/\s+/)[0]! : null;
      const last = hit.after.endsWith('…') ? hit.after.slice(0, -1).split(/\s+/).at(-1)! : null;
      // A cut word would be a fragment that is not a word of the texts.
      if (first) expect(words.has(first), `“${first}” in “${hit.before}”`).toBe(true);
      if (last) expect(words.has(last), `“${last}” in “${hit.after}”`).toBe(true);
    }
  });

  it('treats what is typed as words, not as a pattern', () => {
    expect(() => searchTexts(workspace, '(a) [b] .* \\')).not.toThrow();
    expect(searchTexts(workspace, '.*')).toEqual([]);
  });

  it('keeps a few places per document and counts the rest', () => {
    const [first] = searchTexts(workspace, 'the', 3);
    expect(first!.hits).toHaveLength(3);
    expect(first!.more).toBeGreaterThan(0);
  });

  it('finds a block by its pinpoint as people type it', () => {
    const labelled = (typed: string) => blockByPinpoint(workspace, NOTICE, typed)?.label;
    expect(labelled('¶ 3')).toBe('¶ 3');
    expect(labelled('¶3')).toBe('¶ 3');
    expect(labelled('3')).toBe('¶ 3');
    expect(labelled('para 3')).toBe('¶ 3');
    expect(labelled('¶ 999')).toBeUndefined();
    expect(labelled('')).toBeUndefined();
  });
});
