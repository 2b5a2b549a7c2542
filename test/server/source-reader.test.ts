import { describe, expect, it } from 'vitest';
import { makePdf } from '../support/pdf.js';
import { readSourceOffThread } from '../../server/source-reader.js';
import { SourceError } from '../../core/text/index.js';

const pdf = (pages: string[]) => makePdf(pages.map((text) => [[text]]));

describe('reading sources on a worker thread', () => {
  it('gives the same document as reading in place, pages and labels included', async () => {
    const read = await readSourceOffThread({ bytes: await pdf(['The first page of the memo.', 'The second page of the memo.']), contentType: 'application/pdf', name: 'memo.pdf' });
    expect(read.format).toBe('pdf');
    const blocks: { text: string; label: string; page: number }[] = [];
    read.doc.forEach((b) => blocks.push({ text: b.textContent, label: b.attrs.label, page: b.attrs.page }));
    expect(blocks).toEqual([
      { text: 'The first page of the memo.', label: 'p. 1 ¶ 1', page: 1 },
      { text: 'The second page of the memo.', label: 'p. 2 ¶ 1', page: 2 },
    ]);
  });

  it('turns a bad file into a SourceError with its status, and a slow one into a stopped worker', async () => {
    const bad = readSourceOffThread({ bytes: new TextEncoder().encode('%PDF-1.7 not really'), contentType: 'application/pdf' });
    await expect(bad).rejects.toBeInstanceOf(SourceError);
    await expect(bad).rejects.toMatchObject({ status: 400, message: expect.stringContaining('not a readable PDF') });
    const unknown = readSourceOffThread({ bytes: new Uint8Array([1, 2, 3]), contentType: 'image/png' });
    await expect(unknown).rejects.toMatchObject({ status: 415 });
    const slow = readSourceOffThread({ bytes: await pdf(['Some text.']), contentType: 'application/pdf' }, 1);
    await expect(slow).rejects.toMatchObject({ status: 422, message: expect.stringContaining('took too long') });
  });
});
