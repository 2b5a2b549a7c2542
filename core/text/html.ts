import sanitizeHtml from 'sanitize-html';
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Mark, Node as PmNode } from 'prosemirror-model';
import { schema } from '../schema.js';
import { labelBlocks } from '../block-labels.js';

type HtmlNode = ReturnType<typeof parseDocument>['children'][number];
type HtmlElement = Parameters<Parameters<typeof DomUtils.findOne>[0]>[0];

export interface HtmlOptions {
  /** The page's address: relative links are made absolute against it, and dropped without it. */
  baseUrl?: string;
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
/** Elements that hold blocks; their loose text becomes paragraphs. */
const CONTAINERS = [
  'div', 'section', 'article', 'main', 'header', 'footer', 'figure', 'figcaption', 'address', 'center',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'dl', 'dt', 'dd', 'details', 'summary',
];
const BLOCKS = ['p', 'ul', 'ol', 'li', 'blockquote', 'pre', ...HEADINGS, ...CONTAINERS];
const INLINE = ['a', 'em', 'i', 'strong', 'b', 'code', 'br'];
/** Page furniture and active content: removed with everything inside them. */
const DROPPED = ['nav', 'form', 'aside', 'button', 'select', 'dialog', 'menu', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'head'];
const CHROME_ROLES = ['navigation', 'banner', 'contentinfo', 'search', 'complementary', 'dialog'];

// The only tags, attributes and link schemes that survive; everything else is dropped (its text kept,
// except inside scripts, styles and the DROPPED elements). The result is then read as a tree and
// turned into schema nodes, where text can only ever become text.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...BLOCKS, ...INLINE, ...DROPPED],
  allowedAttributes: { a: ['href'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template'],
  exclusiveFilter: (frame) =>
    DROPPED.includes(frame.tag) ||
    'hidden' in frame.attribs ||
    frame.attribs['aria-hidden'] === 'true' ||
    CHROME_ROLES.includes(frame.attribs.role ?? ''),
};

/**
 * An HTML page as a document of the shared schema: headings, paragraphs, lists, block quotes,
 * emphasis, code and links with http(s)/mailto addresses. Scripts, styles, navigation, forms and
 * hidden elements are dropped; when the page has a `main` element (or an `article`) only that is
 * read. Returns null when no text is left.
 */
export function documentFromHtml(html: string, options: HtmlOptions = {}): PmNode | null {
  const clean = parseDocument(sanitizeHtml(html, SANITIZE));
  const root = mainContent(clean.children);
  const reader = new HtmlReader(options.baseUrl, root === null);
  const blocks = reader.blocks(root ? [root] : clean.children);
  if (blocks.length === 0) return null;
  const doc = schema.nodes.doc!.create(null, blocks);
  return doc.textContent.trim() === '' ? null : labelBlocks(doc);
}

/** The page's main content: its `main`, else its longest `article`, else null (the whole page). */
function mainContent(nodes: HtmlNode[]): HtmlElement | null {
  const main = DomUtils.findOne((el) => el.name === 'main', nodes);
  if (main) return main;
  const articles = DomUtils.findAll((el) => el.name === 'article', nodes);
  let best: HtmlElement | null = null;
  for (const article of articles) {
    if (!best || DomUtils.textContent(article).length > DomUtils.textContent(best).length) best = article;
  }
  return best;
}

type Inline = { text: string; marks: readonly Mark[] } | { break: true };

class HtmlReader {
  constructor(
    private readonly baseUrl: string | undefined,
    /** Reading the whole page: its header and footer are site furniture, not the text. */
    private readonly wholePage: boolean,
  ) {}

  blocks(nodes: HtmlNode[]): PmNode[] {
    const out: PmNode[] = [];
    let loose: Inline[] = [];
    const flush = () => {
      const paragraph = this.textblock(schema.nodes.paragraph!, loose);
      if (paragraph) out.push(paragraph);
      loose = [];
    };
    for (const node of nodes) {
      if (DomUtils.isTag(node) && BLOCKS.includes(node.name)) {
        flush();
        out.push(...this.block(node));
      } else loose.push(...this.inline(node, []));
    }
    flush();
    return out;
  }

  private block(el: HtmlElement): PmNode[] {
    const name = el.name;
    if (HEADINGS.includes(name)) {
      const heading = this.textblock(schema.nodes.heading!, this.inlineChildren(el), { level: Number(name.slice(1)) });
      return heading ? [heading] : [];
    }
    if (name === 'p') {
      const paragraph = this.textblock(schema.nodes.paragraph!, this.inlineChildren(el));
      return paragraph ? [paragraph] : [];
    }
    if (name === 'pre') {
      const lines = DomUtils.textContent(el).replace(/\r\n?/g, '\n').replace(/^\n|\n$/g, '').split('\n');
      const items: Inline[] = lines.flatMap((line, i) => (i === 0 ? [{ text: line, marks: [] }] : [{ break: true as const }, { text: line, marks: [] }]));
      const paragraph = this.textblock(schema.nodes.paragraph!, items, {}, true);
      return paragraph ? [paragraph] : [];
    }
    if (name === 'blockquote') {
      const inner = this.blocks(el.children);
      return inner.length ? [schema.nodes.blockquote!.create(null, inner)] : [];
    }
    if (name === 'ul' || name === 'ol') return this.list(el);
    if (name === 'li') return this.blocks(el.children);
    if (this.wholePage && (name === 'header' || name === 'footer')) return [];
    return this.blocks(el.children);
  }

  private list(el: HtmlElement): PmNode[] {
    const items: PmNode[] = [];
    for (const child of el.children) {
      const content = DomUtils.isTag(child) && child.name === 'li' ? this.blocks(child.children) : this.blocks([child]);
      if (content.length === 0) continue;
      const first = content[0]!;
      // A list item starts with a paragraph; a heading inside an item is read as one.
      if (first.type.name === 'heading') content[0] = schema.nodes.paragraph!.create(null, first.content);
      else if (first.type.name !== 'paragraph') content.unshift(schema.nodes.paragraph!.create());
      items.push(schema.nodes.list_item!.create(null, content));
    }
    if (items.length === 0) return [];
    if (el.name === 'ul') return [schema.nodes.bullet_list!.create(null, items)];
    const start = Number(el.attribs.start);
    return [schema.nodes.ordered_list!.create({ order: Number.isInteger(start) && start >= 0 ? start : 1 }, items)];
  }

  private inlineChildren(el: HtmlElement): Inline[] {
    return el.children.flatMap((child) => this.inline(child, []));
  }

  private inline(node: HtmlNode, marks: readonly Mark[]): Inline[] {
    if (DomUtils.isText(node)) return [{ text: node.data, marks }];
    if (!DomUtils.isTag(node)) return [];
    if (node.name === 'br') return [{ break: true }];
    const mark = this.markOf(node);
    const inner = mark ? mark.addToSet(marks) : marks;
    return node.children.flatMap((child) => this.inline(child, inner));
  }

  private markOf(el: HtmlElement): Mark | null {
    switch (el.name) {
      case 'em':
      case 'i':
        return schema.marks.em!.create();
      case 'strong':
      case 'b':
        return schema.marks.strong!.create();
      case 'code':
        return schema.marks.code!.create();
      case 'a': {
        const href = this.absolute(el.attribs.href);
        return href ? schema.marks.link!.create({ href }) : null;
      }
      default:
        return null;
    }
  }

  /** An http(s) or mailto address, made absolute; null for anything else (fragments, other schemes). */
  private absolute(href: string | undefined): string | null {
    if (!href || href.startsWith('#')) return null;
    try {
      const url = new URL(href.trim(), this.baseUrl);
      return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }

  /** A paragraph or heading of the runs, with HTML's white-space collapsing unless `pre`. */
  private textblock(type: NonNullable<(typeof schema.nodes)[string]>, items: Inline[], attrs: Record<string, unknown> = {}, pre = false): PmNode | null {
    const nodes: PmNode[] = [];
    let atLineStart = true;
    for (const item of items) {
      if ('break' in item) {
        trimEnd(nodes);
        if (nodes.length > 0) nodes.push(schema.nodes.hard_break!.create());
        atLineStart = true;
        continue;
      }
      let text = item.text.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, '');
      if (!pre) {
        text = text.replace(/\s+/g, ' ');
        if (atLineStart || endsWithSpace(nodes)) text = text.replace(/^ /, '');
      }
      if (text === '') continue;
      nodes.push(schema.text(text, item.marks));
      atLineStart = false;
    }
    trimEnd(nodes);
    while (nodes.at(-1)?.type.name === 'hard_break') nodes.pop();
    if (!nodes.some((n) => n.isText && n.text!.trim() !== '')) return null;
    return type.create(attrs, nodes);
  }
}

function endsWithSpace(nodes: PmNode[]): boolean {
  const last = nodes.at(-1);
  return !last || !last.isText || last.text!.endsWith(' ');
}

function trimEnd(nodes: PmNode[]): void {
  const last = nodes.at(-1);
  if (!last?.isText || !last.text!.endsWith(' ')) return;
  const text = last.text!.replace(/ +$/, '');
  if (text === '') nodes.pop();
  else nodes[nodes.length - 1] = schema.text(text, last.marks);
}
