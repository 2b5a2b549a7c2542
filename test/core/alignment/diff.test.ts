import { describe, expect, it } from 'vitest';
import { wordDiff, type DiffPart } from '../../../core/alignment/index.js';

const join = (parts: DiffPart[], skip: DiffPart['op']) => parts.filter((p) => p.op !== skip).map((p) => p.text).join('');

describe('word diff', () => {
  const before = 'The FBI automatically sends the fingerprints to DHS to check against its immigration databases.';
  const after = 'The FBI will continue to share the fingerprints of individuals booked into custody with DHS to check against its immigration databases.';

  it('names the words deleted and inserted between two passages', () => {
    const parts = wordDiff(before, after);
    expect(parts.filter((p) => p.op === 'delete').map((p) => p.text.trim()).join(' ')).toContain('automatically sends');
    expect(parts.filter((p) => p.op === 'insert').map((p) => p.text.trim()).join(' ')).toContain('will continue to share');
    expect(parts.filter((p) => p.op === 'equal').map((p) => p.text).join('')).toContain(' to check against its immigration databases.');
  });

  it('keeps white space, so the parts join back into both strings', () => {
    const spaced = 'Sec. 2.  Policy.  It is\nthe policy.';
    const changed = 'Sec. 2.  Policy.   It was\nthe policy. ';
    for (const [a, b] of [
      [before, after],
      [spaced, changed],
      ['', 'all new'],
      ['all gone', ''],
    ] as const) {
      const parts = wordDiff(a, b);
      expect(join(parts, 'insert')).toBe(a);
      expect(join(parts, 'delete')).toBe(b);
    }
  });

  it('returns a single equal part for identical text', () => {
    expect(wordDiff(before, before)).toEqual([{ op: 'equal', text: before }]);
  });
});
