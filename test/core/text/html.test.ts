import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { documentFromHtml } from '../../../core/text/index.js';

function blocks(doc: PmNode): { type: string; label: string | null; text: string }[] {
  const out: { type: string; label: string | null; text: string }[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    out.push({ type: node.type.name, label: node.attrs.label as string | null, text: node.textContent });
    return false;
  });
  return out;
}

function links(doc: PmNode): string[] {
  const hrefs: string[] = [];
  doc.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === 'link') hrefs.push(mark.attrs.href as string);
  });
  return hrefs;
}

const page = (main: string, chrome = '') => `<!doctype html>
<html><head><title>Agency page</title><style>p { color: red }</style><script>window.evil = 1</script></head>
<body><header><a href="/">Agency home</a></header><nav><ul><li><a href="/news">News</a></li></ul></nav>
<form action="/search"><label>Search <input name="q"></label><button>Go</button></form>${chrome}
${main}
<footer>Privacy policy</footer></body></html>`;

describe('HTML into the schema', () => {
  it('keeps the text of main with its structure and drops the page furniture, scripts and styles', () => {
    const doc = documentFromHtml(
      page(`<main><h1>Secure Communities</h1><p>The program <em>ended</em> in <strong>2014</strong>.</p>
        <ul><li>First priority</li><li>Second priority</li></ul><ol start="3"><li>Third</li></ol>
        <blockquote><p>A quoted passage.</p></blockquote><aside>Related links</aside></main>`),
    )!;
    expect(blocks(doc)).toEqual([
      { type: 'heading', label: null, text: 'Secure Communities' },
      { type: 'paragraph', label: '¶ 1', text: 'The program ended in 2014.' },
      { type: 'paragraph', label: '¶ 2', text: 'First priority' },
      { type: 'paragraph', label: '¶ 3', text: 'Second priority' },
      { type: 'paragraph', label: '¶ 4', text: 'Third' },
      { type: 'paragraph', label: '¶ 5', text: 'A quoted passage.' },
    ]);
    const types: string[] = [];
    doc.descendants((node) => void types.push(node.type.name));
    expect(types).toEqual(expect.arrayContaining(['bullet_list', 'ordered_list', 'list_item', 'blockquote']));
    expect(doc.child(3).attrs.order).toBe(3);
    const marked: string[] = [];
    doc.child(1).forEach((n) => marked.push(`${n.text}:${n.marks.map((m) => m.type.name).join('+')}`));
    expect(marked).toEqual(['The program :', 'ended:em', ' in :', '2014:strong', '.:']);
    expect(doc.textContent).not.toMatch(/evil|color|Agency home|News|Search|Go|Privacy|Related links|Agency page/);
  });

  it('prefers the longest article when there is no main, and reads the whole body when there is neither', () => {
    const articles = documentFromHtml(page('<article><p>Teaser.</p></article><article><h2>Memo</h2><p>The memorandum’s full text, much longer.</p></article>'))!;
    expect(blocks(articles).map((b) => b.text)).toEqual(['Memo', 'The memorandum’s full text, much longer.']);
    const body = documentFromHtml(page('<div><p>Only a div.</p>Loose text <b>here</b></div>'))!;
    expect(blocks(body).map((b) => b.text)).toEqual(['Only a div.', 'Loose text here']);
  });

  it('keeps only http(s) and mailto links, made absolute against the page, and drops event handlers', () => {
    const doc = documentFromHtml(
      `<main><p onclick="steal()" style="color:red">See <a href="javascript:alert(1)">this</a>, <a href="/rel/page.html" onmouseover="x()">that</a>,
       <a href="https://www.dhs.gov/memo.pdf">the memo</a>, <a href="data:text/html,<script>x</script>">data</a>,
       <a href="#top">top</a> and <a href="mailto:foia@dhs.gov">FOIA</a>.</p></main>`,
      { baseUrl: 'https://www.ice.gov/secure-communities/' },
    )!;
    expect(links(doc)).toEqual(['https://www.ice.gov/rel/page.html', 'https://www.dhs.gov/memo.pdf', 'mailto:foia@dhs.gov']);
    expect(doc.textContent).toBe('See this, that, the memo, data, top and FOIA.');
    expect(JSON.stringify(doc.toJSON())).not.toMatch(/onclick|steal|onmouseover|javascript|style/);
    expect(links(documentFromHtml('<p><a href="/relative">no base</a></p>')!)).toEqual([]);
  });

  it('never turns the page’s text into markup: escaped tags stay text', () => {
    const doc = documentFromHtml('<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;not bold&lt;/b&gt; &amp; *not emphasis*</p>')!;
    expect(doc.textContent).toBe('<script>alert(1)</script> <b>not bold</b> & *not emphasis*');
    expect(doc.child(0).childCount).toBe(1);
    expect(doc.child(0).firstChild!.marks).toEqual([]);
  });

  it('collapses white space as a browser does and keeps line breaks', () => {
    const doc = documentFromHtml('<p>\n  One   line\n  <br>  and   another  </p><pre>kept\n  indent</pre>')!;
    const first: string[] = [];
    doc.child(0).forEach((n) => first.push(n.isText ? n.text! : `[${n.type.name}]`));
    expect(first).toEqual(['One line', '[hard_break]', 'and another']);
    expect(doc.child(1).textContent).toBe('kept  indent');
  });

  it('gives nothing for a page without text', () => {
    expect(documentFromHtml(page('<main><script>only()</script><img src="x.png"></main>'))).toBeNull();
    expect(documentFromHtml('')).toBeNull();
  });
});
