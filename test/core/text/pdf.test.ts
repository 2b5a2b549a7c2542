import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { documentFromPdf, SourceError } from '../../../core/text/index.js';
import { makePdf } from '../../support/pdf.js';


function paragraphs(doc: PmNode): { page: number; label: string; text: string }[] {
  const out: { page: number; label: string; text: string }[] = [];
  doc.forEach((node) => out.push({ page: node.attrs.page as number, label: node.attrs.label as string, text: node.textContent }));
  return out;
}

describe('PDF into the schema', () => {
  it('keeps each paragraph’s page and labels it by page, joining lines and hyphenated words', async () => {
    const bytes = await makePdf([
      [
        ['Secure Communities is a simple and common sense way to carry out', 'ICE’s enforcement priori-', 'ties for people who are detained.'],
        ['The program ran from 2008 to 2014.'],
      ],
      [['Sec. 10. Federal-State Agreements. It is the policy of the executive', 'branch to empower State and local law enforcement.'], ['A second paragraph on page two.']],
    ]);
    const doc = (await documentFromPdf(bytes))!;
    expect(paragraphs(doc)).toEqual([
      { page: 1, label: 'p. 1 ¶ 1', text: 'Secure Communities is a simple and common sense way to carry out ICE’s enforcement priorities for people who are detained.' },
      { page: 1, label: 'p. 1 ¶ 2', text: 'The program ran from 2008 to 2014.' },
      { page: 2, label: 'p. 2 ¶ 1', text: 'Sec. 10. Federal-State Agreements. It is the policy of the executive branch to empower State and local law enforcement.' },
      { page: 2, label: 'p. 2 ¶ 2', text: 'A second paragraph on page two.' },
    ]);
    // Ids hash the text, as for every other source: the same PDF gives the same ids.
    const again = (await documentFromPdf(bytes))!;
    expect(again.child(2).attrs.id).toBe(doc.child(2).attrs.id);
    expect(new Set(paragraphs(doc).map((_, i) => doc.child(i).attrs.id)).size).toBe(4);
  });

  it('refuses a file that is not a PDF, and gives nothing for a PDF without text', async () => {
    await expect(documentFromPdf(new TextEncoder().encode('%PDF-1.7 this is not really a PDF'))).rejects.toThrow(SourceError);
    await expect(documentFromPdf(new Uint8Array([0, 1, 2, 3, 255, 254]))).rejects.toThrow(/not a readable PDF/);
    expect(await documentFromPdf(await makePdf([[]]))).toBeNull();
  });
});
