import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { documentFromPdfPages, documentFromPlainText, labelBlocks, parseMarkdown } from '../../core/text/index.js';

// The labelling rules one case at a time; test/fixtures/pinpoints/ checks them on whole texts.

function labels(doc: PmNode): (string | null)[] {
  const out: (string | null)[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    out.push(node.attrs.label as string | null);
    return false;
  });
  return out;
}

const markdown = (source: string) => labels(labelBlocks(parseMarkdown(source)));
const plain = (source: string) => labels(documentFromPlainText(source)!);

describe('pinpoints of a text with numbered sections', () => {
  const cases: [string, string, (string | null)[]][] = [
    ['one paragraph before the first section is the preamble', 'By the authority vested in me.\n\nSec. 1. Policy. Text.', ['pmbl.', 'Sec. 1']],
    ['several are numbered within it', 'WHEREAS one;\n\nWHEREAS two; and\n\nNow, therefore:\n\nSec. 1. Policy.', ['pmbl. ¶ 1', 'pmbl. ¶ 2', 'pmbl. ¶ 3', 'Sec. 1']],
    ['a title in capitals is a caption, not the preamble', 'AN ORDER\n\nBy the authority.\n\nSec. 1. Policy.', [null, 'pmbl.', 'Sec. 1']],
    ['a preamble in capitals that runs on is still the preamble', 'BY THE AUTHORITY VESTED IN ME IT IS ORDERED:\n\nSec. 1. Policy.', ['pmbl.', 'Sec. 1']],
    ['later paragraphs of a section count from its first', 'Sec. 1. Purpose. One.\n\nTwo.\n\nThree.', ['Sec. 1', 'Sec. 1 ¶ 2', 'Sec. 1 ¶ 3']],
    ['an (a) inline after the caption belongs to the section’s paragraph', 'Sec. 3. General. (a) Nothing.\n\n(i) the authority; or\n\n(ii) the functions.\n\n(b) Law.', ['Sec. 3(a)', 'Sec. 3(a)(i)', 'Sec. 3(a)(ii)', 'Sec. 3(b)']],
    ['a caption with initials still takes its inline (a)', 'Sec. 2. Policy on U.S. Citizens. (a) Text.\n\n(b) More.', ['Sec. 2(a)', 'Sec. 2(b)']],
    ['an (ii) later in the first sentence is a cross-reference', 'Sec. 9. Removals. The Secretary shall apply 235(b)(1)(A)(i) and (ii) of the INA.', ['Sec. 9']],
    ['(i) after (h) is a letter', 'Sec. 2. Terms.\n\n(g) seven;\n\n(h) eight;\n\n(i) nine; and\n\n(j) ten.', ['Sec. 2', 'Sec. 2(g)', 'Sec. 2(h)', 'Sec. 2(i)', 'Sec. 2(j)']],
    ['(v) after (iv) is roman, (v) after (u) a letter', 'Sec. 1. A.\n\n(a) x\n\n(iv) four\n\n(v) five\n\n(u) u\n\n(v) v', ['Sec. 1', 'Sec. 1(a)', 'Sec. 1(a)(iv)', 'Sec. 1(a)(v)', 'Sec. 1(u)', 'Sec. 1(v)']],
    ['four levels, and a higher one closes the lower (capitals and all)', 'Sec. 4. X. (a) a\n\n(i) i\n\n(A) IN GENERAL.\n\n(1) one\n\n(B) B\n\n(b) b', ['Sec. 4(a)', 'Sec. 4(a)(i)', 'Sec. 4(a)(i)(A)', 'Sec. 4(a)(i)(A)(1)', 'Sec. 4(a)(i)(B)', 'Sec. 4(b)']],
    ['a new section starts its outline again', 'Sec. 1. A. (a) x\n\n(i) y\n\nSec. 2. B.\n\n(i) z', ['Sec. 1(a)', 'Sec. 1(a)(i)', 'Sec. 2', 'Sec. 2(i)']],
    ['a parenthesis that is not an enumerator is text', 'Sec. 2. Revocation.\n\n(agencies) shall review.\n\n(INA) applies.', ['Sec. 2', 'Sec. 2 ¶ 2', 'Sec. 2 ¶ 3']],
    ['the signer and the date after the last section are the signature', 'Sec. 1. A.\n\n(c) No right.\n\nJOSEPH R. BIDEN JR.\n\nTHE WHITE HOUSE,\nJanuary 20, 2021.', ['Sec. 1', 'Sec. 1(c)', 'sig. ¶ 1', 'sig. ¶ 2']],
    ['a date line alone is the signature', 'Sec. 1. A.\n\nJanuary 20, 2025.', ['Sec. 1', 'sig.']],
    ['capitals inside a section are no signature', 'Sec. 1. A.\n\nNOTICE TO AGENCIES.\n\nSec. 2. B.', ['Sec. 1', 'Sec. 1 ¶ 2', 'Sec. 2']],
    ['"SEC." and "§" open sections too', 'SEC. 2. DEFINITIONS.\n\n§ 3. Rules.', ['Sec. 2', 'Sec. 3']],
  ];
  it.each(cases)('%s', (_, source, expected) => {
    expect(plain(source)).toEqual(expected);
  });

  it('reads sections given as Markdown headings, numbered lists as enumerators, and quoted text as a paragraph of its section', () => {
    const source = [
      '# Executive Order',
      'By the authority vested in me.',
      '## Sec. 2. Amendment',
      'Section 3 of the order of 2017 is amended to read:',
      '> Sec. 3. Reporting. (a) The Secretary shall report.',
      '1) the first item;',
      '2) the second item.',
      '- a bullet',
      '## Sec. 4. General Provisions',
      'Nothing here.',
    ].join('\n\n');
    expect(markdown(source)).toEqual([null, 'pmbl.', null, 'Sec. 2', 'Sec. 2 ¶ 2', 'Sec. 2(1)', 'Sec. 2(2)', 'Sec. 2 ¶ 5', null, 'Sec. 4']);
  });

  it('reads the first line of a block for the signature', () => {
    expect(markdown('Sec. 23. General.\n\nTHE WHITE HOUSE,  \nJanuary 20, 2025.')).toEqual(['Sec. 23', 'sig.']);
  });

  it('keeps labels unique: a repeated one is the next paragraph of that passage', () => {
    expect(plain('Sec. 1. A. (a) x\n\n(a) again')).toEqual(['Sec. 1(a)', 'Sec. 1(a) ¶ 2']);
  });
});

describe('pinpoints of other texts', () => {
  it('numbers the paragraphs of a text without sections through the whole text, headings aside', () => {
    expect(markdown('# Title\n\nOne.\n\n## Part\n\nTwo.\n\n- three\n- four\n\n> five\n\nJOHN DOE')).toEqual([null, '¶ 1', null, '¶ 2', '¶ 3', '¶ 4', '¶ 5', '¶ 6']);
  });

  it('cites a paginated text by page, even where its words name a section', () => {
    const run = (text: string, y: number) => ({ text, x: 50, y, width: 200, size: 11 });
    const doc = documentFromPdfPages([[run('Sec. 1. Purpose.', 500), run('Its text.', 486), run('Body.', 446)], [run('More body.', 500)]])!;
    expect(labels(doc)).toEqual(['p. 1 ¶ 1', 'p. 1 ¶ 2', 'p. 2 ¶ 1']);
  });

  it('gives the same ids as before the rules changed: ids hash the lower-cased text', () => {
    const doc = labelBlocks(parseMarkdown('Secure Communities is a simple and common sense way.'));
    expect(doc.firstChild!.attrs.id).toBe(labelBlocks(parseMarkdown('secure  communities is a SIMPLE and common sense way.')).firstChild!.attrs.id);
  });
});
