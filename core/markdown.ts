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
