import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../core/text/index.js';

// Runs of the first paragraph as [text, marks], to see where emphasis begins and ends.
function runs(markdown: string): [string, string][] {
  const out: [string, string][] = [];
  parseMarkdown(markdown).firstChild!.forEach((node) => out.push([node.text ?? '', node.marks.map((m) => m.type.name).join(' ')]));
  return out;
}

const NBSP = '\u00a0';

describe('emphasis in Markdown converted from web text', () => {
  const cases: [string, string, [string, string][]][] = [
    ['a non-breaking space before the closing **', `**Section 1.${NBSP} Policy.${NBSP}** Immigrants`, [[`Section 1.${NBSP} Policy.${NBSP}`, 'strong'], [' Immigrants', '']]],
    ['a non-breaking space before a closing ** that a word follows', `**Notification.${NBSP}**A request`, [[`Notification.${NBSP}`, 'strong'], ['A request', '']]],
    ['a non-breaking space after the opening **', `**${NBSP}Sec. 2.** Revocation.`, [[`${NBSP}Sec. 2.`, 'strong'], [' Revocation.', '']]],
    ['the same with __ and with *', `__Detention.${NBSP}__ A request, *et seq.${NBSP}* as cited`, [[`Detention.${NBSP}`, 'strong'], [' A request, ', ''], [`et seq.${NBSP}`, 'em'], [' as cited', '']]],
    ['non-breaking spaces outside the emphasis stay outside', `it${NBSP}**is**${NBSP}hereby`, [[`it${NBSP}`, ''], ['is', 'strong'], [`${NBSP}hereby`, '']]],
  ];
  it.each(cases)('closes emphasis with %s', (_, source, expected) => {
    expect(runs(source)).toEqual(expected);
  });

  it('still follows CommonMark where the space is an ordinary one', () => {
    expect(runs('**Policy. ** Immigrants')).toEqual([['**Policy. ** Immigrants', '']]);
    expect(runs('5 * 3 and 2 ** 8')).toEqual([['5 * 3 and 2 ** 8', '']]);
  });

  it('keeps backslash escapes as the characters they escape', () => {
    expect(runs(`\\(a\\)${NBSP}Executive Order`)).toEqual([[`(a)${NBSP}Executive Order`, '']]);
  });
});
