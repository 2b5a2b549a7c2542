import { beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Node as PmNode } from 'prosemirror-model';
import { exportWorkspace } from '../../../core/export/index.js';
import { parseMarkdown } from '../../../core/text/index.js';
import type { Annotation, Workspace } from '../../../core/index.js';
import { NOTICE, ana, corpusWorkspace, passageIn } from '../../support/annotated-workspace.js';
import { pandocComments, squash, wordThreads, type ReadComment } from './docx-reader.js';
import { LONG_URL, eoAvailable, paperWorkspace } from './paper-workspace.js';
import { needPandoc } from './pandoc.js';

/*
 * The Word export as a co-author opens it. pandoc (and LibreOffice, where installed) list only
 * the comments document.xml anchors, so every annotation and every reply must be a comment on
 * its passage there; Word threads the replies under their annotation; bodies are formatted
 * text, never Markdown syntax.
 */

const docx = async (ws: Workspace) => (await exportWorkspace(ws.ydoc, 'secure-communities', 'docx')).body as Uint8Array;

/** What a body in limited Markdown says once rendered: its blocks' text. */
function rendered(markdown: string): string {
  const parts: string[] = [];
  parseMarkdown(markdown).descendants((node: PmNode) => {
    if (!node.isTextblock) return true;
    parts.push(node.textContent);
    return false;
  });
  return squash(parts.join(' '));
}

// Markdown a body could show if it were not rendered: emphasis markers, code ticks, link syntax.
const MARKDOWN_SYNTAX = /\*\*|\*\w|\w\*|`|\]\(/;

describe.skipIf(!eoAvailable)('the Word export read back by pandoc', () => {
  let ws: Workspace;
  let file: Uint8Array;
  let comments: ReadComment[];
  let annotations: Annotation[];
  beforeAll(async () => {
    ({ ws } = paperWorkspace());
    annotations = ws.annotations().list();
    file = await docx(ws);
  });

  const read = (skip: (note?: string) => never) => {
    needPandoc(skip);
    comments ??= pandocComments(file);
    return comments;
  };
  const commentOf = (list: ReadComment[], a: Annotation) => list.find((c) => c.author === a.author.name && c.range === squash(a.passage.quote.exact) && c.body.includes(rendered(a.body)));

  it('shows every annotation as a comment on its exact passage', ({ skip }) => {
    const list = read(skip);
    const missing = annotations.filter((a) => !commentOf(list, a)).map((a) => `${a.id}: “${a.passage.quote.exact}”`);
    expect(missing).toEqual([]);
  });

  it('shows every reply as a comment on its annotation’s passage, threaded under it in Word', async ({ skip }) => {
    const list = read(skip);
    const parents = await wordThreads(file);
    const replies = annotations.flatMap((a) => a.replies.map((r) => ({ a, r })));
    expect(replies).toHaveLength(4);
    for (const { a, r } of replies) {
      const comment = list.find((c) => c.author === r.author.name && c.range === squash(a.passage.quote.exact) && c.body === rendered(r.body));
      expect(comment, `reply ${r.id} of ${a.id}`).toBeDefined();
      expect(parents.get(comment!.id), `reply ${r.id} threaded`).toBe(commentOf(list, a)!.id);
    }
    expect(list).toHaveLength(annotations.length + replies.length);
  });

  it('renders bodies as formatted text: bold, italics, live links and code, no Markdown syntax', ({ skip }) => {
    const list = read(skip);
    expect(list.filter((c) => MARKDOWN_SYNTAX.test(c.body)).map((c) => c.body)).toEqual([]);
    const critique = commentOf(list, annotations.find((a) => a.id === 'n1')!)!;
    expect(critique.marks).toEqual(expect.arrayContaining(['Strong:mandatory', 'Emph:no', 'Link:https://www.ice.gov/foia', 'Code:SC-2013-07']));
    const reply = list.find((c) => c.body.startsWith('See the full list'))!;
    expect(reply.marks).toEqual(expect.arrayContaining(['Link:https://www.ice.gov/secure-communities', 'Emph:its']));
    expect(list.some((c) => c.body === `The table: ${LONG_URL}`)).toBe(true);
  });

  it('spaces paragraphs, keeps headings with what follows and starts each document on a new page', async () => {
    const zip = await JSZip.loadAsync(file);
    const styles = await zip.file('word/styles.xml')!.async('string');
    const defaults = /<w:pPrDefault>([\s\S]*?)<\/w:pPrDefault>/.exec(styles)![1]!;
    expect(Number(/w:after="(\d+)"/.exec(defaults)![1])).toBeGreaterThan(0);
    for (const heading of ['Heading1', 'Heading2', 'Heading3']) expect(new RegExp(`w:styleId="${heading}"[\\s\\S]*?<w:keepNext/>[\\s\\S]*?</w:style>`).test(styles), heading).toBe(true);
    const document = await zip.file('word/document.xml')!.async('string');
    const titles = Array.from(document.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Heading1"\/>((?:(?!<\/w:p>)[\s\S])*?)<\/w:p>/g), (m) => m[0]);
    expect(titles).toHaveLength(2);
    expect(titles.map((t) => t.includes('<w:pageBreakBefore/>'))).toEqual([false, true]);
  });
});

describe('the Word export of an annotation whose passage was deleted', () => {
  it('keeps it, with its replies, as comments on its quote in the list of such annotations', async ({ skip }) => {
    needPandoc(skip);
    const ws = corpusWorkspace();
    const quote = 'of which 98 percent fell into one of ICE’s stated civil immigration enforcement priorities';
    ws.annotations().create({ id: 'gone', author: ana, passage: passageIn(ws, NOTICE, quote), content: { kind: 'critique', body: 'A **claim** to check.', tags: [] } }, 'local');
    ws.annotations().addReply('gone', { id: 'r', author: ana, body: 'Still *worth* checking.' }, 'local');
    // Delete the paragraph that held the passage.
    const fragment = ws.documentText(NOTICE);
    const index = fragment.toArray().findIndex((block) => block.toString().includes('98 percent'));
    fragment.delete(index, 1);
    const list = pandocComments(await docx(ws));
    expect(list.map((c) => [c.range, c.body])).toEqual([
      [quote, 'Critique ¶ A claim to check.'],
      [quote, 'Still worth checking.'],
    ]);
  });
});
