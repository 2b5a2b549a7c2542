import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { TextIndex, Workspace, describePassage, findQuote, pmPos, quoteAt, resolvePassage, type Passage } from '../../../core/index.js';
import { labelBlocks, parseMarkdown } from '../../../core/text/index.js';
import { editAsEditor, pmPosOf } from '../../support/editor-sim.js';

const TEXT = `# Secure Communities

More than 283,000 convicted criminal aliens have been removed as a result of Secure Communities.

Since its inception in 2008 with 14 jurisdictions, Secure Communities has expanded to all 3,181 jurisdictions.

- one item
- two *items*
`;

function setup() {
  const ydoc = new Y.Doc();
  const fragment = new Workspace(ydoc).documentText('notice');
  prosemirrorToYXmlFragment(labelBlocks(parseMarkdown(TEXT)), fragment);
  return { ydoc, fragment };
}

function passageOver(fragment: Y.XmlFragment, quote: string): Passage {
  const from = pmPosOf(fragment, quote);
  const passage = describePassage('notice', new TextIndex(fragment), pmPos(from), pmPos(from + quote.length));
  if (!passage) throw new Error('no passage');
  return passage;
}

const resolve = (ydoc: Y.Doc, fragment: Y.XmlFragment, passage: Passage) => resolvePassage(ydoc, new TextIndex(fragment), passage);
const textOf = (r: ReturnType<typeof resolve>) => (r.health === 'orphan' ? null : r.text);

describe('describing a passage', () => {
  it('keeps the quote with its context, its offsets in the text and its pinpoint', () => {
    const { fragment } = setup();
    const passage = passageOver(fragment, '283,000 convicted criminal aliens');
    expect(passage.quote).toEqual({
      type: 'TextQuoteSelector',
      exact: '283,000 convicted criminal aliens',
      prefix: 'Secure Communities\nMore than ',
      suffix: ' have been removed as a result o',
    });
    const text = new TextIndex(fragment).text;
    expect(text.slice(passage.position.start, passage.position.end)).toBe('283,000 convicted criminal aliens');
    expect(passage.pinpoint).toBe('¶ 1');
  });

  it('counts text offsets the same way across blocks, lists and marks', () => {
    const { fragment } = setup();
    const index = new TextIndex(fragment);
    expect(index.text).toBe(
      'Secure Communities\nMore than 283,000 convicted criminal aliens have been removed as a result of Secure Communities.\nSince its inception in 2008 with 14 jurisdictions, Secure Communities has expanded to all 3,181 jurisdictions.\none item\ntwo items',
    );
    const from = pmPosOf(fragment, 'items');
    const passage = describePassage('notice', index, pmPos(from), pmPos(from + 5))!;
    expect(index.text.slice(passage.position.start, passage.position.end)).toBe('items');
    expect(index.pmOfText(passage.position.start as never)).toBe(from);
  });

  it('refuses an empty or whitespace-only selection', () => {
    const { fragment } = setup();
    const index = new TextIndex(fragment);
    const at = pmPosOf(fragment, 'More');
    expect(describePassage('notice', index, pmPos(at), pmPos(at))).toBeNull();
    expect(describePassage('notice', index, pmPos(at - 1), pmPos(at))).toBeNull();
  });
});

describe('a passage while the text is edited', () => {
  const quote = '3,181 jurisdictions';
  const cases: [string, (tr: import('prosemirror-state').Transaction, at: number) => void, string | null, 'attached' | 'drifted' | 'orphan'][] = [
    ['an insertion before it', (tr) => tr.insertText('Indeed, ', pmPosOfStatic('Since')), quote, 'attached'],
    ['an insertion in an earlier paragraph', (tr) => tr.insertText(' (FY2013)', pmPosOfStatic('have been removed')), quote, 'attached'],
    ['an insertion right after it', (tr, at) => tr.insertText(' and territories', at + quote.length), quote, 'attached'],
    ['an insertion right before it', (tr, at) => tr.insertText('nearly ', at), quote, 'attached'],
    ['an insertion inside it', (tr, at) => tr.insertText(' local', at + 5), '3,181 local jurisdictions', 'drifted'],
    ['a deletion before it', (tr) => tr.delete(pmPosOfStatic('Since'), pmPosOfStatic('Since') + 'Since its inception in 2008 with 14 jurisdictions, '.length), quote, 'attached'],
    ['a deletion of part of it', (tr, at) => tr.delete(at, at + 6), 'jurisdictions', 'drifted'],
    ['a deletion of all of it', (tr, at) => tr.delete(at - 4, at + quote.length), null, 'orphan'],
    ['the deletion of its paragraph', (tr, at) => tr.delete(at - 100, at + quote.length + 2), null, 'orphan'],
    ['a split of its paragraph before it', (tr) => tr.split(pmPosOfStatic('Secure Communities has expanded')), quote, 'attached'],
  ];

  // Positions are computed on the untouched document, before each edit.
  let current: Y.XmlFragment;
  const pmPosOfStatic = (needle: string) => pmPosOf(current, needle);

  it.each(cases)('keeps covering the same words after %s', (_, edit, expected, health) => {
    const { ydoc, fragment } = setup();
    current = fragment;
    const passage = passageOver(fragment, quote);
    const at = pmPosOf(fragment, quote);
    editAsEditor(ydoc, fragment, (tr) => edit(tr, at));
    const resolved = resolve(ydoc, fragment, passage);
    expect(resolved.health).toBe(health);
    expect(textOf(resolved)).toBe(expected);
  });

  it('finds a passage again by its quote when its anchors were lost but the words are elsewhere', () => {
    const { ydoc, fragment } = setup();
    const passage = passageOver(fragment, '14 jurisdictions');
    // Retyping the paragraph (delete and insert) loses the Yjs anchors; the words come back.
    const start = pmPosOf(fragment, 'Since');
    const paragraph = 'Since its inception in 2008 with 14 jurisdictions, Secure Communities has expanded to all 3,181 jurisdictions.';
    editAsEditor(ydoc, fragment, (tr) => tr.delete(start, start + paragraph.length).insertText(paragraph.replace('2008', '2008,'), start));
    const resolved = resolve(ydoc, fragment, passage);
    expect(resolved.health).toBe('attached');
    expect(textOf(resolved)).toBe('14 jurisdictions');
    // With a word changed under it, it is found approximately and reported as drifted.
    const again = pmPosOf(fragment, '14 jurisdictions');
    editAsEditor(ydoc, fragment, (tr) => tr.insertText('15', again, again + 2));
    const drifted = resolve(ydoc, fragment, passage);
    expect(drifted.health).toBe('drifted');
    expect(textOf(drifted)).toBe('15 jurisdictions');
  });
});

describe('concurrent edits from two clients', () => {
  it('keeps both clients’ view of a passage on the same words after their edits merge', () => {
    const { ydoc: a, fragment: fa } = setup();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const fb = new Workspace(b).documentText('notice');

    const passage = passageOver(fa, '283,000 convicted criminal aliens');
    // A types before the passage while B types inside the sentence after it, at the same time.
    editAsEditor(a, fa, (tr) => tr.insertText('Reportedly, m', pmPosOf(fa, 'More'), pmPosOf(fa, 'More') + 1));
    editAsEditor(b, fb, (tr) => tr.insertText(' (by 2015)', pmPosOf(fb, ' have been removed')));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));

    const ra = resolve(a, fa, passage);
    const rb = resolve(b, fb, passage);
    expect(ra).toEqual(rb);
    expect(textOf(ra)).toBe('283,000 convicted criminal aliens');
    expect(new TextIndex(fa).text).toContain('Reportedly, more than 283,000 convicted criminal aliens (by 2015) have been removed');
  });
});

describe('W3C selectors', () => {
  it('round-trip: the quote and position selectors of a passage find the same range again', () => {
    const { fragment } = setup();
    const index = new TextIndex(fragment);
    for (const quote of ['283,000', 'Secure Communities has expanded', 'one item', 'Since its inception in 2008']) {
      const passage = passageOver(fragment, quote);
      // By position: the offsets map back to the same editor range.
      const from = index.pmOfText(passage.position.start as never)!;
      const to = index.pmOfText(passage.position.end as never)!;
      const again = describePassage('notice', index, from, to)!;
      expect(again.quote).toEqual(passage.quote);
      expect(again.position).toEqual(passage.position);
      // By quote alone (no Yjs anchors, as after an import): the same offsets.
      const found = findQuote(index.text, passage.quote, 0)!;
      expect([found.start, found.end]).toEqual([passage.position.start, passage.position.end]);
    }
  });

  it('tells repeated words apart by their prefix and suffix', () => {
    const { fragment } = setup();
    const index = new TextIndex(fragment);
    const second = index.text.indexOf('Secure Communities', index.text.indexOf('Secure Communities') + 1);
    const quote = quoteAt(index.text, second, second + 'Secure Communities'.length);
    expect(findQuote(index.text, quote, 0)!.start).toBe(second);
  });
});

describe('an orphaned annotation', () => {
  it('is kept, listed with its quote, and reported as orphan', () => {
    const { ydoc, fragment } = setup();
    const workspace = new Workspace(ydoc);
    const passage = passageOver(fragment, '14 jurisdictions');
    workspace.annotations().create({ id: 'a1', author: { id: 'ana', name: 'Ana' }, passage, content: { kind: 'question', body: 'Which?', tags: [] } }, 'local');
    const at = pmPosOf(fragment, 'Since');
    editAsEditor(ydoc, fragment, (tr) => tr.delete(at, at + 'Since its inception in 2008 with 14 jurisdictions, '.length));
    expect(resolve(ydoc, fragment, workspace.annotations().get('a1')!.passage).health).toBe('orphan');
    expect(workspace.annotations().list().map((a) => [a.id, a.passage.quote.exact])).toEqual([['a1', '14 jurisdictions']]);
  });
});
