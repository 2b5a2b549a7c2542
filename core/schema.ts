import { Schema, type NodeSpec, type MarkSpec, type DOMOutputSpec } from 'prosemirror-model';

/**
 * The ProseMirror schema shared by the reader, the notebook, the server and the exporters.
 * Block nodes carry `id` (stable across loads, for anchors and pinpoints), `label`
 * (the pinpoint a citation uses: "¶ 7", "Sec. 10(b)", "p. 3 ¶ 2") and, for texts taken from a
 * paginated source such as a PDF, `page` (the page the block is printed on).
 */
const blockAttrs = { id: { default: null }, label: { default: null }, page: { default: null } };

function blockDom(tag: string, attrs: Record<string, unknown>): DOMOutputSpec {
  const dom: Record<string, string> = {};
  if (typeof attrs.id === 'string') dom['data-block-id'] = attrs.id;
  if (typeof attrs.label === 'string') dom['data-label'] = attrs.label;
  if (typeof attrs.page === 'number') dom['data-page'] = String(attrs.page);
  return [tag, dom, 0];
}

function blockParse(tag: string) {
  return {
    tag,
    getAttrs: (el: HTMLElement) => ({
      id: el.getAttribute('data-block-id'),
      label: el.getAttribute('data-label'),
      page: pageOf(el),
    }),
  };
}

function pageOf(el: HTMLElement): number | null {
  const page = Number(el.getAttribute('data-page'));
  return Number.isInteger(page) && page > 0 ? page : null;
}

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },
  paragraph: {
    group: 'block',
    content: 'inline*',
    attrs: blockAttrs,
    parseDOM: [blockParse('p')],
    toDOM: (node) => blockDom('p', node.attrs),
  },
  heading: {
    group: 'block',
    content: 'inline*',
    defining: true,
    attrs: { ...blockAttrs, level: { default: 2 } },
    parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({
      tag: `h${level}`,
      getAttrs: (el: HTMLElement) => ({ level, id: el.getAttribute('data-block-id'), label: null, page: pageOf(el) }),
    })),
    toDOM: (node) => blockDom(`h${node.attrs.level as number}`, node.attrs),
  },
  blockquote: {
    group: 'block',
    content: 'block+',
    defining: true,
    parseDOM: [{ tag: 'blockquote' }],
    toDOM: () => ['blockquote', 0],
  },
  bullet_list: {
    group: 'block',
    content: 'list_item+',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },
  ordered_list: {
    group: 'block',
    content: 'list_item+',
    attrs: { order: { default: 1 } },
    parseDOM: [{ tag: 'ol', getAttrs: (el: HTMLElement) => ({ order: Number(el.getAttribute('start') ?? 1) }) }],
    toDOM: (node) => ['ol', node.attrs.order === 1 ? {} : { start: String(node.attrs.order) }, 0],
  },
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
  text: { group: 'inline' },
};

const marks: Record<string, MarkSpec> = {
  em: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }],
    toDOM: () => ['em', 0],
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
    toDOM: () => ['strong', 0],
  },
  code: {
    parseDOM: [{ tag: 'code' }],
    toDOM: () => ['code', 0],
  },
  link: {
    attrs: { href: {}, title: { default: null } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (el: HTMLElement) => ({ href: el.getAttribute('href'), title: el.getAttribute('title') }),
      },
    ],
    // Links open outside the app and never pass the referrer of a private workspace.
    toDOM: (mark) => ['a', { href: safeHref(mark.attrs.href as string), title: mark.attrs.title as string | null, rel: 'noopener noreferrer nofollow', target: '_blank' }, 0],
  },
};

/** Only http(s) and mailto links are rendered live; anything else (javascript:, data:) becomes inert. */
export function safeHref(href: string): string {
  return /^(https?:|mailto:)/i.test(href.trim()) ? href : '#';
}

export const schema = new Schema({ nodes, marks });
