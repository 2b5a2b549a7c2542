import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { TextIndex } from '../../../core/anchoring/text-index.js';
import { labelBlocks, parseMarkdown } from '../../../core/text/index.js';

function indexOf(markdown: string): TextIndex {
  const fragment = new Y.Doc().getXmlFragment('text');
  prosemirrorToYXmlFragment(labelBlocks(parseMarkdown(markdown)), fragment);
  return new TextIndex(fragment);
}

describe('the blocks of a text index', () => {
  it('gives each textblock its range in the text, its type, its label and whether it is in a list item', () => {
    const index = indexOf(`# The Basics

Since its inception in 2008 with 14 jurisdictions, Secure Communities has expanded.

- recent illegal entrants
- fugitives who have already been ordered removed

  a second paragraph of the same item

> Only federal DHS officers make immigration enforcement decisions.
`);
    const blocks = index.blocks().map((b) => ({ text: index.text.slice(b.start, b.end), type: b.type, label: b.label, inListItem: b.inListItem }));
    expect(blocks).toEqual([
      { text: 'The Basics', type: 'heading', label: null, inListItem: false },
      { text: 'Since its inception in 2008 with 14 jurisdictions, Secure Communities has expanded.', type: 'paragraph', label: '¶ 1', inListItem: false },
      { text: 'recent illegal entrants', type: 'paragraph', label: '¶ 2', inListItem: true },
      { text: 'fugitives who have already been ordered removed', type: 'paragraph', label: '¶ 3', inListItem: true },
      { text: 'a second paragraph of the same item', type: 'paragraph', label: '¶ 4', inListItem: true },
      { text: 'Only federal DHS officers make immigration enforcement decisions.', type: 'paragraph', label: '¶ 5', inListItem: false },
    ]);
  });

  it('counts a hard break as a character inside its block', () => {
    const index = indexOf('THE WHITE HOUSE,  \nJanuary 20, 2025.\n\nNext.');
    const [first, second] = index.blocks();
    expect(index.text.slice(first!.start, first!.end)).toBe('THE WHITE HOUSE,\nJanuary 20, 2025.');
    expect(index.text.slice(second!.start, second!.end)).toBe('Next.');
  });
});
