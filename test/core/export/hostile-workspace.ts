import * as Y from 'yjs';
import type { Mark, Node as PmNode } from 'prosemirror-model';
import { schema, seedWorkspace, type CslItem, type Workspace } from '../../../core/index.js';
import { passageIn } from '../../support/annotated-workspace.js';

/*
 * A workspace where every text a person or a source can supply tries to become markup: the
 * workspace's and the document's metadata, the document's own text and links, and every field
 * of every kind of annotation, reply, tag and cited source.
 */

export const DOC = 'hostile-notice';
export const MALLORY = { id: 'mallory', name: '<img src=x onerror=alert(1)> Mallory {onclick=alert(1)}' };
export const EVE = { id: 'eve', name: '</p><script>alert(2)</script> Eve @eve' };

/** Link targets a document's text may carry that must never be live. */
export const UNSAFE_HREFS = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  '\u0001javascript:alert(1)',
  '\t\njavascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//evil.example/x',
  '/relative',
  '#fragment',
];

/** Link targets that stay live, as a reader would follow them (percent-decoded). */
export const SAFE_HREFS: [href: string, target: string][] = [
  ['https://example.org/a_(b)?c="d"&e=<f>{g}', 'https://example.org/a_(b)?c="d"&e=<f>{g}'],
  ['http://example.org/plain', 'http://example.org/plain'],
  ['MAILTO:ana@example.org', 'MAILTO:ana@example.org'],
  ['  https://example.org/padded', 'https://example.org/padded'],
];

/** Body Markdown: the legitimate constructs first, then every way raw HTML or a script link could get through. */
export const HOSTILE_BODY = [
  'Some **strong words** and *an emphasis*, with [a good link](https://example.org/good) and `<code>`.',
  '<script>alert(3)</script> <img src=x onerror=alert(4)> <a href="javascript:alert(5)">a</a> <!-- comment -->',
  '[b](javascript:alert(6)) [c](<javascript:alert(7)>) <javascript:alert(8)> [d](JaVaScRiPt:alert(9)) [e](  javascript:alert(10)) [f](data:text/html;base64,PHNjcmlwdD4=) [g](vbscript:msgbox(11)) [h](ftp://example.org/x) [i](/relative)',
  '`x`{=html} [span]{onclick=alert(12)} [link](https://example.org){onclick=alert(13)} $x^2$ @cite ![img](https://example.org/i.png) &lt;script&gt; &#60;b&#62;',
  '[ref]\n\n[ref]: javascript:alert(14)',
  '<div onclick="alert(15)">\nblock\n</div>',
  '- a list item with <b>bold</b>\n- and [j](javascript:alert(16))',
  '# a heading {#id onclick=alert(17)}',
].join('\n\n');

export const HOSTILE_SOURCE: CslItem = {
  type: 'report',
  title: '<i>Evil} , author = {Mallory</i> <script>alert(18)</script>',
  author: [{ literal: '<img src=x onerror=alert(19)> Agency' }],
  publisher: '{onclick=alert(20)} & $x$',
  issued: { 'date-parts': [[2013, 1, 22]] },
  URL: 'https://example.org/"onmouseover="alert(21)',
};

function link(href: string): Mark {
  return schema.marks.link!.create({ href });
}

function hostileDocument(): PmNode {
  const p = (label: string | null, ...content: PmNode[]) => schema.nodes.paragraph!.create({ label }, content);
  return schema.nodes.doc!.create(null, [
    schema.nodes.heading!.create({ level: 1 }, [schema.text('Heading <script>alert(22)</script> {onclick=alert(23)}')]),
    p('¶ 1 <b onmouseover=alert(24)>', schema.text('The notice says <iframe src=javascript:alert(25)></iframe> and [x](javascript:alert(26)) {.cls onclick=alert(27)} $math$ @key.')),
    p('¶ 2', ...UNSAFE_HREFS.flatMap((href, i) => [schema.text(`unsafe${i}`, [link(href)]), schema.text(' ')])),
    p('¶ 3', ...SAFE_HREFS.flatMap(([href], i) => [schema.text(`safe${i}`, [link(href)]), schema.text(' ')])),
    p('¶ 4', schema.text('code: '), schema.text('<b>', [schema.marks.code!.create()]), schema.text('{=html} and '), schema.text('</b>`', [schema.marks.code!.create()])),
    p(null, schema.text('1. not a list, <!-- not a comment --> & not an entity &amp;')),
    p(null, schema.text('(a) not a list either')),
    p(null, schema.text('---')),
    p(null, schema.text(': not a definition | not | a table')),
    p(null, schema.text('A passage for the annotations to hold.')),
  ]);
}

/** The hostile workspace, with an annotation of every kind, a reply and a tag on each. */
export function hostileWorkspace(): Workspace {
  const ws = seedWorkspace(new Y.Doc(), {
    info: { title: '<script>alert(28)</script> Workspace {onclick=alert(29)}', description: '<img src=x onerror=alert(30)>', created: '2026-11-27T00:00:00.000Z' },
    documents: [
      {
        meta: {
          id: DOC,
          title: '<img src=x onerror=alert(31)> Notice {onclick=alert(32)}',
          issuer: '<script>alert(33)</script> Issuer',
          date: '2015-04-24',
          type: '[type](javascript:alert(34))',
          citation: '<a href="javascript:alert(35)">cite</a>',
          sourceUrl: 'https://example.org/notice?q=<script>',
          capture: '<svg onload=alert(36)> captured',
          relations: [],
          locked: true,
          imported: true,
          order: 0,
        },
        doc: hostileDocument(),
      },
    ],
    catalogue: [],
  });
  const store = ws.annotations();
  const passage = () => ({ ...passageIn(ws, DOC, 'A passage for the annotations to hold.'), pinpoint: '<b onmouseover=alert(37)>' });
  const tags = ['{onclick=alert(38)}', '[t](javascript:alert(39))', '@cite', '$x$', '&amp;', '#h'];
  const quoted = (exact: string) => ({ ...passage(), quote: { ...passage().quote, exact } });
  store.create({ id: 'critique', author: MALLORY, passage: quoted('<script>alert(40)</script> quote'), content: { kind: 'critique', body: HOSTILE_BODY, tags, category: 'rhetoric' } }, 'local');
  store.create({ id: 'question', author: MALLORY, passage: passage(), content: { kind: 'question', body: '<img src=x onerror=alert(41)>?', tags } }, 'local');
  store.create({ id: 'citation', author: MALLORY, passage: passage(), content: { kind: 'citation', body: '<script>alert(42)</script>', tags, citation: { source: HOSTILE_SOURCE, locator: '<b>p. 1</b>' } } }, 'local');
  store.create({
    id: 'comparison', author: MALLORY, passage: passage(),
    content: { kind: 'comparison', body: '[k](javascript:alert(43))', tags, comparison: { relation: 'retains', target: quoted('<iframe srcdoc="<script>alert(44)</script>">') } },
  }, 'local');
  for (const id of ['critique', 'question', 'citation', 'comparison']) {
    store.addReply(id, { id: `reply-${id}`, author: EVE, body: `<script>alert(45)</script> **kept** [l](javascript:alert(46)) [m](https://example.org/reply)` }, 'local');
  }
  return ws;
}
