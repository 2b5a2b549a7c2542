import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A PDF for tests: per page, its paragraphs as lines of text, and the page's number at its foot. */
export async function makePdf(pages: string[][][]): Promise<Uint8Array> {
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
