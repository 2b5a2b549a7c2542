import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import { pandoc } from './pandoc.js';

/*
 * A Word file read back as a co-author's tools read it: pandoc's document tree (every comment
 * anchored in document.xml, with the text it covers and its body), the threads Word builds from
 * commentsExtended.xml, and LibreOffice when it happens to be installed.
 */

type Node = { t: string; c?: unknown };

/** One comment as pandoc reads it. */
export interface ReadComment {
  id: string;
  author: string;
  /** The text the comment's range covers. */
  range: string;
  /** The comment's own text, its paragraphs joined by spaces. */
  body: string;
  /** The formatting pandoc found in the body: "Strong:mandatory", "Link:https://…", "Code:SC-2013-07". */
  marks: string[];
}

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as Node).t === 'string';
const spanClasses = (node: Node) => ((node.c as [[string, string[], [string, string][]], unknown])[0][1] ?? []);
const spanAttrs = (node: Node) => Object.fromEntries((node.c as [[string, string[], [string, string][]], unknown])[0][2]);

/** The plain text under a part of pandoc's tree. */
function textOf(tree: unknown): string {
  let text = '';
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (isNode(x)) {
      if (x.t === 'Str') text += x.c as string;
      else if (x.t === 'Space' || x.t === 'SoftBreak' || x.t === 'LineBreak') text += ' ';
      else if (x.t === 'Code') text += (x.c as [unknown, string])[1];
      else if (x.t === 'Para' || x.t === 'Plain' || x.t === 'Header') {
        walk(x.c);
        text += ' ';
      } else walk(x.c);
    }
  };
  walk(tree);
  return text;
}

function marksOf(tree: unknown): string[] {
  const marks: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (isNode(x)) {
      if (x.t === 'Strong' || x.t === 'Emph') marks.push(`${x.t}:${textOf(x.c).trim()}`);
      if (x.t === 'Code') marks.push(`Code:${(x.c as [unknown, string])[1]}`);
      if (x.t === 'Link') marks.push(`Link:${(x.c as [unknown, unknown, [string, string]])[2][0]}`);
      walk(x.c);
    }
  };
  walk(tree);
  return marks;
}

/** Every comment pandoc finds in a .docx, in document order, with the text its range covers. */
export function pandocComments(docx: Uint8Array): ReadComment[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosswalk-docx-'));
  const file = path.join(dir, 'export.docx');
  fs.writeFileSync(file, docx);
  try {
    const tree = JSON.parse(pandoc(['-f', 'docx', '--track-changes=all', '-t', 'json', file], ''));
    const comments = new Map<string, ReadComment>();
    const open = new Set<string>();
    const walk = (x: unknown) => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!isNode(x)) return;
      if (x.t === 'Span' && spanClasses(x).includes('comment-start')) {
        const attrs = spanAttrs(x);
        const content = (x.c as [unknown, unknown])[1];
        comments.set(attrs.id!, { id: attrs.id!, author: attrs.author ?? '', range: '', body: squash(textOf(content)), marks: marksOf(content) });
        open.add(attrs.id!);
        return;
      }
      // Ends at one place come nested, each inside the one before.
      if (x.t === 'Span' && spanClasses(x).includes('comment-end')) {
        open.delete(spanAttrs(x).id!);
        return walk((x.c as [unknown, unknown])[1]);
      }
      const text = x.t === 'Str' ? (x.c as string) : x.t === 'Code' ? (x.c as [unknown, string])[1] : x.t === 'Space' || x.t === 'SoftBreak' || x.t === 'LineBreak' ? ' ' : '';
      for (const id of open) comments.get(id)!.range += text;
      walk(x.c);
      if (x.t === 'Para' || x.t === 'Plain' || x.t === 'Header') for (const id of open) comments.get(id)!.range += ' ';
    };
    walk(tree.blocks);
    return [...comments.values()].map((c) => ({ ...c, range: squash(c.range) }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Each reply's parent as Word threads them: comment id → the id of the comment it answers. */
export async function wordThreads(docx: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(docx);
  const xml = async (name: string) => new DOMParser().parseFromString(await zip.file(name)!.async('string'), 'text/xml');
  const comments = Array.from((await xml('word/comments.xml')).getElementsByTagName('w:comment'));
  // commentsExtended names a comment by the w14:paraId of its last paragraph.
  const idOfPara = new Map<string, string>();
  for (const c of comments) {
    const paragraphs = Array.from(c.getElementsByTagName('w:p'));
    const last = paragraphs[paragraphs.length - 1];
    if (last?.getAttribute('w14:paraId')) idOfPara.set(last.getAttribute('w14:paraId')!, c.getAttribute('w:id')!);
  }
  const parents = new Map<string, string>();
  for (const ex of Array.from((await xml('word/commentsExtended.xml')).getElementsByTagName('w15:commentEx'))) {
    const parent = ex.getAttribute('w15:paraIdParent');
    if (parent) parents.set(idOfPara.get(ex.getAttribute('w15:paraId')!)!, idOfPara.get(parent)!);
  }
  return parents;
}
