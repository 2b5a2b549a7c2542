import * as Y from 'yjs';
import { schema } from './schema.js';
import { rootNames } from './workspace.js';
import { containerOf, describeContent, type Touch } from './update-check.js';

/*
 * What a change may put into the workspace so that every reader can still show it. Texts (the
 * notebook and the documents) are bound to ProseMirror by y-prosemirror, which turns an element
 * the schema lacks into a deletion on every client that opens it: a planted one makes every
 * editor that may not delete it fail to save. So texts take only the schema's nodes, marks and
 * attributes, with the attribute types the schema's rendering expects; the other parts of the
 * workspace take only plain values and the maps and arrays of its layout.
 */

const BLOCK_NODES = new Set(Object.keys(schema.nodes).filter((name) => name !== 'doc' && name !== 'text'));
const MARKS = new Set(Object.keys(schema.marks));
// y-prosemirror names a mark that may overlap itself `name--<hash of its attributes>`.
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** Attribute values by node and attribute: what the schema's toDOM reads. */
const ATTRIBUTE_RULES: Record<string, (value: unknown) => boolean> = {
  id: (v) => v === null || (typeof v === 'string' && v.length <= 200),
  label: (v) => v === null || (typeof v === 'string' && v.length <= 200),
  page: (v) => v === null || (Number.isInteger(v) && (v as number) > 0),
  level: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 6,
  order: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 1e6,
};

const isText = (root: string) => root === rootNames.NOTEBOOK || root.startsWith(rootNames.DOCUMENT_TEXT_PREFIX);

/** Why this change would put something unreadable into the workspace, or null. */
export function unrenderable(touch: Pick<Touch, 'root' | 'keys' | 'fresh' | 'content' | 'container'>): string | null {
  if (!touch.fresh || !touch.content || touch.content.kind === 'deleted') return null;
  const { content } = touch;
  const key = touch.keys[touch.keys.length - 1] ?? null;
  if (!isText(touch.root)) {
    if (content.kind === 'any') return null;
    if (content.kind === 'type' && (content.type === 'map' || content.type === 'array')) return null;
    return 'that kind of content has no place in this part of the workspace';
  }
  const inList = key === null;
  // A document's text first arrives with its import, before the server knows it as a fragment.
  const container = touch.container.type === 'root' ? { type: 'xmlFragment' as const } : touch.container;
  switch (content.kind) {
    case 'type':
      if (!inList || (container.type !== 'xmlFragment' && container.type !== 'xmlElement')) return 'a text’s parts belong in its flow, not in an attribute';
      if (content.type === 'xmlText') return null;
      if (content.type === 'xmlElement' && BLOCK_NODES.has(content.nodeName ?? '')) return null;
      return `“${content.nodeName ?? content.type}” is not part of a text this workspace can show`;
    case 'string':
      return inList && container.type === 'xmlText' ? null : 'text belongs inside a paragraph';
    case 'format': {
      if (!inList || container.type !== 'xmlText') return 'a mark belongs inside a paragraph';
      const name = HASHED_MARK.exec(content.key)?.[1] ?? content.key;
      if (!MARKS.has(name)) return `“${name}” is not a mark this workspace can show`;
      return content.value === null || validMarkAttributes(name, content.value) ? null : `the “${name}” mark has attributes this workspace cannot show`;
    }
    case 'any': {
      if (inList || container.type !== 'xmlElement') return 'plain values have no place in a text';
      const spec = schema.nodes[container.nodeName ?? '']?.spec.attrs ?? {};
      if (!(key in spec)) return `“${container.nodeName}” has no attribute “${key}”`;
      const rule = ATTRIBUTE_RULES[key];
      return content.values.length === 1 && (!rule || rule(content.values[0])) ? null : `the attribute “${key}” has a value this workspace cannot show`;
    }
    default:
      return 'that kind of content has no place in a text';
  }
}

function validMarkAttributes(name: string, value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const attrs = value as Record<string, unknown>;
  const spec = schema.marks[name]!.spec.attrs ?? {};
  for (const key of Object.keys(attrs)) if (!(key in spec)) return false;
  if (name === 'link') return typeof attrs.href === 'string' && attrs.href.length <= 2048 && (attrs.title === undefined || attrs.title === null || typeof attrs.title === 'string');
  return true;
}

/**
 * The items of the workspace's texts that no reader can show (stored before they were refused,
 * or imported from an older server). y-prosemirror deletes what it cannot render on every
 * client that opens the text, which a member who may not edit it cannot do: the server removes
 * them once, when it loads the workspace.
 */
export function unrenderableItems(ydoc: Y.Doc): Y.Item[] {
  const found: Y.Item[] = [];
  const visit = (root: string, type: Y.AbstractType<unknown>) => {
    const container = containerOf(type);
    const check = (item: Y.Item, key: string | null) => {
      if (item.deleted) return;
      if (unrenderable({ root, keys: [key], fresh: true, content: describeContent(item.content), container })) found.push(item);
      else if (item.content instanceof Y.ContentType) visit(root, item.content.type as unknown as Y.AbstractType<unknown>);
    };
    for (let item = type._start; item; item = item.right) check(item, null);
    type._map.forEach((item, key) => check(item, key));
  };
  for (const [name, type] of ydoc.share) if (isText(name)) visit(name, type as unknown as Y.AbstractType<unknown>);
  return found;
}
