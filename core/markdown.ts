import MarkdownIt from 'markdown-it';
import { MarkdownParser } from 'prosemirror-markdown';
import type { Node as PmNode } from 'prosemirror-model';
import { schema } from './schema.js';

// Raw HTML stays text (html: false), and the constructs the schema has no place for are
// switched off so that they read as plain paragraphs instead of failing the parse.
const markdownIt = MarkdownIt('commonmark', { html: false, linkify: false }).disable([
  'code',
  'fence',
  'hr',
  'image',
  'html_block',
  'html_inline',
]);

// Web text converted to Markdown keeps the page's non-breaking spaces inside the bold they were in
// (`**Section 1.\u00a0 Policy.\u00a0**`). CommonMark counts U+00A0 as whitespace, so that `**` cannot
// close and stays in the text as asterisks (and the section is not found). Where a delimiter run
// fails only for such a space on its inner side (before a closer, after an opener), markdown-it is
// asked again with the space read as a letter; an ordinary space still follows CommonMark.
const NBSP = 0xa0;
const PLAIN = 'a';
const StateInline = markdownIt.inline.State;
markdownIt.inline.State = class extends StateInline {
  override scanDelims(start: number, canSplitWord: boolean): ReturnType<InstanceType<typeof StateInline>['scanDelims']> {
    const scanned = super.scanDelims(start, canSplitWord);
    const end = start + scanned.length;
    const src = this.src;
    const asLetter = (at: number) => {
      this.src = src.slice(0, at) + PLAIN + src.slice(at + 1);
      try {
        return super.scanDelims(start, canSplitWord);
      } finally {
        this.src = src;
      }
    };
    const can_close = scanned.can_close || (start > 0 && src.charCodeAt(start - 1) === NBSP && asLetter(start - 1).can_close);
    const can_open = scanned.can_open || (end < this.posMax && src.charCodeAt(end) === NBSP && asLetter(end).can_open);
    return { ...scanned, can_open, can_close };
  }
};

const parser = new MarkdownParser(schema, markdownIt, {
  paragraph: { block: 'paragraph' },
  heading: { block: 'heading', getAttrs: (tok) => ({ level: Number(tok.tag.slice(1)) }) },
  blockquote: { block: 'blockquote' },
  bullet_list: { block: 'bullet_list' },
  ordered_list: { block: 'ordered_list', getAttrs: (tok) => ({ order: Number(tok.attrGet('start') ?? 1) }) },
  list_item: { block: 'list_item' },
  hardbreak: { node: 'hard_break' },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  code_inline: { mark: 'code', noCloseToken: true },
  link: { mark: 'link', getAttrs: (tok) => ({ href: tok.attrGet('href'), title: tok.attrGet('title') }) },
});

/** Parses limited Markdown into a document of the shared schema, without block ids. */
export function parseMarkdown(markdown: string): PmNode {
  return parser.parse(markdown);
}
