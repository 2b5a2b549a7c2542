import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Node as PmNode } from 'prosemirror-model';
import { documentFromPdf, SourceError } from '../../../core/text/index.js';

/** A PDF with the given pages, each a list of paragraphs, each a list of lines; pages numbered at the foot. */
async function makePdf(pages: string[][][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pages.forEach((paragraphs, i) => {
    const page = pdf.addPage([420, 600]);
    let y = 550;
    for (const lines of paragraphs) {
      for (const line of lines) {
        page.drawText(line, { x: 50, y, size: 11, font });
        y -= 14;
      }
      y -= 14;
    }
    page.drawText(String(i + 1), { x: 205, y: 30, size: 9, font });
  });
  return pdf.save();
}

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
    const blank = await PDFDocument.create();
    blank.addPage([420, 600]);
    expect(await documentFromPdf(await blank.save())).toBeNull();
  });
});
