import { z } from 'zod';
import { AnnotationKind, AnnotationStatus } from '../annotation.js';
import { DocumentId } from '../document-meta.js';
import { CitationStyle } from '../citations/style-names.js';

/** Every export format; this module is light so that servers can validate requests before loading any exporter. */
export const ExportFormat = z.enum(['html', 'markdown', 'docx', 'w3c', 'tei', 'csv', 'bibtex', 'csl-json', 'ris']);
export type ExportFormat = z.infer<typeof ExportFormat>;

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : undefined));
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date looks like 2026-11-27').optional();

/** An export request as URL query parameters: the format and the filters, comma-separated lists as lists. */
export const ExportQuery = z.object({
  format: ExportFormat,
  documentId: DocumentId.optional(),
  kinds: list.pipe(z.array(AnnotationKind).optional()),
  authors: list,
  tags: list,
  status: AnnotationStatus.optional(),
  since: isoDay,
  until: isoDay,
  anonymise: z.enum(['0', '1', 'true', 'false']).optional().transform((v) => v === '1' || v === 'true'),
  style: CitationStyle.optional(),
  sources: z.enum(['cited', 'library']).optional(),
});
export type ExportQuery = z.infer<typeof ExportQuery>;
