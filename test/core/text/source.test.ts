import { describe, expect, it } from 'vitest';
import { parseMarkdown, labelBlocks, readSource, sourceFormat, documentFromPlainText, SourceError } from '../../../core/text/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('what a source is', () => {
  it('goes by the content type, and by the extension when the type says nothing', () => {
    expect(sourceFormat('text/html; charset=utf-8', 'memo.pdf')).toBe('html');
    expect(sourceFormat('application/pdf', undefined)).toBe('pdf');
    expect(sourceFormat('application/octet-stream', 'memo.PDF')).toBe('pdf');
    expect(sourceFormat(undefined, 'notes.md')).toBe('markdown');
    expect(sourceFormat('text/plain', 'notes.md')).toBe('markdown');
    expect(sourceFormat('text/plain', 'order.txt')).toBe('text');
    expect(sourceFormat('image/png', 'scan.pdf')).toBeNull();
    expect(sourceFormat('', 'archive.zip')).toBeNull();
  });

  it('refuses formats it does not read and binary junk with a reason', async () => {
    await expect(readSource({ bytes: bytes('x'), contentType: 'image/png' })).rejects.toMatchObject({ status: 415, message: expect.stringContaining('image/png') });
    const junk = new Uint8Array(2048).map((_, i) => (i * 7919) % 256);
    await expect(readSource({ bytes: junk, contentType: 'text/plain' })).rejects.toThrow(/not text/);
    await expect(readSource({ bytes: junk, name: 'page.html' })).rejects.toThrow(SourceError);
  });

  it('reads HTML in its declared charset', async () => {
    const latin1 = Uint8Array.from([...'<p>Se', 0xf1, 'or ', 0xe9, 't', 0xe9, '</p>'].flatMap((c) => (typeof c === 'number' ? [c] : [...c].map((ch) => ch.charCodeAt(0)))));
    const read = await readSource({ bytes: latin1, contentType: 'text/html; charset=iso-8859-1' });
    expect(read.doc.textContent).toBe('Señor été');
  });

  it('reads Markdown with front matter, and refuses bad front matter', async () => {
    const read = await readSource({ bytes: bytes('---\ntitle: A memo\ndate: 2016-05-01\nsource_url: https://www.dhs.gov/memo\n---\n\n# A memo\n\nIts *text*.\n'), name: 'memo.md' });
    expect(read).toMatchObject({ format: 'markdown', front: { title: 'A memo', date: '2016-05-01', sourceUrl: 'https://www.dhs.gov/memo' } });
    expect(read.doc.textContent).toBe('A memoIts text.');
    await expect(readSource({ bytes: bytes('---\ndate: 2016\n---\n\nText\n'), name: 'memo.md' })).rejects.toThrow(/title/);
  });
});

describe('plain text into the schema', () => {
  it('reads paragraphs separated by blank lines, never as markup', () => {
    const doc = documentFromPlainText('Sec. 1. Purpose.\nWrapped line.\r\n\r\n<em>not</em> **bold** [x](javascript:alert(1))\n\n\n')!;
    expect(doc.childCount).toBe(2);
    expect(doc.child(0).textContent).toBe('Sec. 1. Purpose. Wrapped line.');
    expect(doc.child(0).attrs.label).toBe('Sec. 1');
    expect(doc.child(1).textContent).toBe('<em>not</em> **bold** [x](javascript:alert(1))');
    expect(doc.child(1).firstChild!.marks).toEqual([]);
    expect(documentFromPlainText(' \n \n')).toBeNull();
  });

  it('labels Markdown with no page: what comes before the first section is its preamble', () => {
    const doc = labelBlocks(parseMarkdown('# Title\n\nFirst.\n\nSec. 2. Second.\n'));
    const attrs: unknown[] = [];
    doc.forEach((n) => attrs.push({ label: n.attrs.label, page: n.attrs.page }));
    expect(attrs).toEqual([{ label: null, page: null }, { label: 'pmbl.', page: null }, { label: 'Sec. 2', page: null }]);
  });
});
