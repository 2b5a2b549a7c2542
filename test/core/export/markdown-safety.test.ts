import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { Parser } from 'htmlparser2';
import * as Y from 'yjs';
import { schema, seedWorkspace } from '../../../core/index.js';
import { exportWorkspace } from '../../../core/export/index.js';
import { EVE, MALLORY, SAFE_HREFS, UNSAFE_HREFS, hostileWorkspace } from './hostile-workspace.js';
import { needPandoc, pandoc } from './pandoc.js';

/*
 * The Markdown export read back by the tools people open it with: pandoc (HTML and its own
 * document tree) and markdown-it, with and without raw HTML. Whatever a person typed, no element,
 * attribute or link they wrote comes out; only what the exporter itself writes does.
 */

const markdown = async () => String((await exportWorkspace(hostileWorkspace().ydoc, 'hostile', 'markdown', { authors: [MALLORY.name] })).body);

// Everything pandoc's and markdown-it's HTML may hold when only the exporter's own Markdown is
// markup: text blocks, emphasis, links, code, lists, quotes, footnotes.
const TAGS = new Set(['p', 'a', 'em', 'strong', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'br', 'sup', 'section', 'hr', 'pre']);
const ATTRIBUTES = new Set(['href', 'id', 'class', 'role', 'start']);
const LIVE = /^(https?:|mailto:)/i;

interface Element {
  name: string;
  attributes: Record<string, string>;
}

function elementsOf(html: string): Element[] {
  const found: Element[] = [];
  const parser = new Parser({ onopentag: (name, attributes) => found.push({ name, attributes }) }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  parser.write(html);
  parser.end();
  return found;
}

/** What in an HTML rendering could run or was not written by the exporter. */
function unsafeIn(html: string): string[] {
  const problems: string[] = [];
  for (const { name, attributes } of elementsOf(html)) {
    if (!TAGS.has(name)) problems.push(`<${name}>`);
    for (const [key, value] of Object.entries(attributes)) {
      if (!ATTRIBUTES.has(key)) problems.push(`<${name} ${key}="${value}">`);
      if (key === 'href' && !LIVE.test(value) && !/^#fn(ref)?\d+$/.test(value)) problems.push(`<${name} href="${value}">`);
    }
  }
  if (/<script|<img|<iframe|<svg|<div/i.test(html)) problems.push('raw markup in the HTML text');
  return problems;
}

type PandocNode = { t: string; c?: unknown };

/** Every node of pandoc's JSON document tree, depth first. */
function nodesOf(tree: unknown, found: PandocNode[] = []): PandocNode[] {
  if (Array.isArray(tree)) for (const x of tree) nodesOf(x, found);
  else if (tree && typeof tree === 'object') {
    if (typeof (tree as PandocNode).t === 'string') found.push(tree as PandocNode);
    for (const value of Object.values(tree)) nodesOf(value, found);
  }
  return found;
}

/** The attribute triple [id, classes, key-values] of a node that has one. */
function attrOf(node: PandocNode): [string, string[], [string, string][]] | null {
  const c = node.c as unknown[];
  if (node.t === 'Header') return c[1] as never;
  if (['Link', 'Image', 'Code', 'CodeBlock', 'Span', 'Div'].includes(node.t)) return c[0] as never;
  return null;
}

const linksIn = (nodes: PandocNode[]) => nodes.filter((n) => n.t === 'Link').map((n) => (n.c as [unknown, unknown, [string, string]])[2][0]);
const textOf = (nodes: PandocNode[]) => nodes.filter((n) => n.t === 'Str').map((n) => n.c as string).join(' ');

describe('the Markdown export, read back by pandoc', () => {
  it('has no raw HTML, attribute, span, math, citation, image or unsafe link in pandoc’s document tree', async ({ skip }) => {
    needPandoc(skip);
    const nodes = nodesOf(JSON.parse(pandoc(['-f', 'markdown', '-t', 'json'], await markdown())));
    expect(nodes.length).toBeGreaterThan(100);
    expect(nodes.filter((n) => ['RawInline', 'RawBlock', 'Image', 'Span', 'Div', 'Math', 'Cite'].includes(n.t)).map((n) => JSON.stringify(n))).toEqual([]);
    // Headers get an id from their words; nothing else may carry attributes.
    const attributed = nodes.filter((n) => {
      const attr = attrOf(n);
      return attr !== null && (attr[1].length > 0 || attr[2].length > 0 || (attr[0] !== '' && n.t !== 'Header'));
    });
    expect(attributed.map((n) => JSON.stringify(n))).toEqual([]);
    expect(linksIn(nodes).filter((href) => !LIVE.test(href))).toEqual([]);
    expect(nodes.filter((n) => n.t === 'Note')).toHaveLength(4);
  });

  it('renders to HTML with no element, attribute or link that the exporter did not write', async ({ skip }) => {
    needPandoc(skip);
    const html = pandoc(['-f', 'markdown', '-t', 'html'], await markdown());
    expect(unsafeIn(html)).toEqual([]);
    expect(html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(elementsOf(html).filter((e) => e.name === 'a' && e.attributes.class === 'footnote-ref')).toHaveLength(4);
  });

  it('keeps the bodies’ strong, emphasis, code and live links, and every hostile text as text', async ({ skip }) => {
    needPandoc(skip);
    const nodes = nodesOf(JSON.parse(pandoc(['-f', 'markdown', '-t', 'json'], await markdown())));
    const inline = (t: string) => nodes.filter((n) => n.t === t).map((n) => textOf(nodesOf(n.c)));
    expect(inline('Strong')).toEqual(expect.arrayContaining(['strong words', 'kept']));
    expect(inline('Emph')).toContain('an emphasis');
    expect(nodes.filter((n) => n.t === 'Code').map((n) => (n.c as [unknown, string])[1])).toEqual(expect.arrayContaining(['<code>', '<b>', '</b>`']));
    expect(linksIn(nodes)).toEqual(expect.arrayContaining(['https://example.org/good', 'https://example.org/reply']));
    const plain = pandoc(['-f', 'markdown', '-t', 'plain', '--wrap=none'], await markdown());
    for (const text of [MALLORY.name, EVE.name, '<script>alert(40)</script> quote', '<img src=x onerror=alert(31)> Notice {onclick=alert(32)}', '[b](javascript:alert(6))', '{=html} [span]{onclick=alert(12)}', '<!-- not a comment -->', '---', '@cite', '$x^2$', '#&amp;', '#{onclick=alert(38)}', '1. not a list', '(a) not a list either', ': not a definition | not | a table', '¶ 1 <b onmouseover=alert(24)>']) {
      expect(plain).toContain(text);
    }
  });

  it.each(UNSAFE_HREFS.map((href, i) => [JSON.stringify(href), i] as const))('drops the link %s in the document’s text and keeps its words', async (_, i) => {
    const md = await markdown();
    expect(md).toMatch(new RegExp(`(^|[^\\[])unsafe${i}(?!\\])`, 'm'));
    const html = new MarkdownIt().render(md);
    expect(elementsOf(html).filter((e) => e.name === 'a').map((e) => e.attributes.href).filter((href) => !LIVE.test(href!))).toEqual([]);
  });

  it('keeps the live links of the document’s text, pointing where they pointed', async ({ skip }) => {
    needPandoc(skip);
    const links = nodesOf(JSON.parse(pandoc(['-f', 'markdown', '-t', 'json'], await markdown()))).filter((n) => n.t === 'Link');
    for (const [i, [, target]] of SAFE_HREFS.entries()) {
      const found = links.find((n) => textOf(nodesOf((n.c as unknown[])[1])) === `safe${i}`);
      expect(found, `safe${i}`).toBeDefined();
      expect(decodeURIComponent((found!.c as [unknown, unknown, [string]])[2][0])).toBe(target);
    }
  });
});

describe('the Markdown export, rendered by markdown-it', () => {
  it.each([false, true])('has no element, attribute or link the exporter did not write (html: %s)', async (html) => {
    const md = await markdown();
    const rendered = new MarkdownIt({ html }).render(md);
    expect(unsafeIn(rendered)).toEqual([]);
    // markdown-it has no footnotes: the notes' bodies read as code there, and only the text's links are links.
    const hrefs = elementsOf(rendered).filter((e) => e.name === 'a').map((e) => decodeURIComponent(e.attributes.href!));
    expect(hrefs).toEqual(SAFE_HREFS.map(([, target]) => target));
  });
});

describe('text in the Markdown export', () => {
  // Seeded runs of the characters Markdown gives meaning to, one paragraph each. Quotes are left
  // out for pandoc, whose smart typography curls them on purpose.
  function runs(alphabet: string, count: number, seed: number): string[] {
    let state = seed;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const chars = Array.from(alphabet);
    return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(random() * 14) }, () => chars[Math.floor(random() * chars.length)]).join('').trim() || 'x');
  }

  async function exported(texts: string[]): Promise<string> {
    const doc = schema.nodes.doc!.create(null, ['START', ...texts].map((text) => schema.nodes.paragraph!.create(null, [schema.text(text)])));
    const ws = seedWorkspace(new Y.Doc(), {
      info: { title: 'Runs', description: '', created: '2026-01-01T00:00:00.000Z' },
      documents: [{ meta: { id: 'runs', title: 'Runs', date: '2015-01-01', type: 'test', relations: [], locked: true, imported: true, order: 0 }, doc }],
      catalogue: [],
    });
    return String((await exportWorkspace(ws.ydoc, 'runs', 'markdown')).body);
  }

  const PUNCTUATION = '<>{}[]()!#*_`~^$@&|\\:-+=./%;,? a1Ab2 ---...';

  it('reads back in pandoc as the same text, one paragraph for each', async ({ skip }) => {
    needPandoc(skip);
    const texts = runs(PUNCTUATION, 400, 20261201);
    const blocks = (JSON.parse(pandoc(['-f', 'markdown', '-t', 'json'], await exported(texts))) as { blocks: PandocNode[] }).blocks;
    const inline = (x: unknown): string =>
      Array.isArray(x) ? x.map(inline).join('') : x && typeof x === 'object' ? ({ Str: () => String((x as PandocNode).c), Space: () => ' ' } as Record<string, () => string>)[(x as PandocNode).t]?.() ?? `<${(x as PandocNode).t}>` : '';
    const start = blocks.findIndex((b) => b.t === 'Para' && inline(b.c) === 'START');
    const read = blocks.slice(start + 1, start + 1 + texts.length).map((b) => (b.t === 'Para' ? inline(b.c) : `<${b.t}>`));
    expect(read).toEqual(texts.map((t) => t.replace(/\s+/g, ' ')));
  });

  it('reads back in markdown-it as the same text, one paragraph for each', async () => {
    const texts = runs(`${PUNCTUATION}'"`, 400, 20261202);
    const tokens = new MarkdownIt({ html: true }).parse(await exported(texts), {});
    const paragraphs = tokens.filter((t, i) => t.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open').map((t) => t.children!.map((c) => (c.type === 'text' ? c.content : `<${c.type}>`)).join(''));
    const start = paragraphs.indexOf('START');
    expect(paragraphs.slice(start + 1, start + 1 + texts.length)).toEqual(texts);
  });
});
