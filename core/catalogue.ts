import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DocumentMeta } from './document-meta.js';
import { DocumentLoadError, describeIssue } from './document-loader.js';

// A catalogue entry is a document's metadata without its text.
const CatalogueEntry = DocumentMeta.omit({ locked: true, imported: true, order: true }).extend({
  date: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)).pipe(DocumentMeta.shape.date),
});

/**
 * Parses the catalogue of later policies (a YAML list) into metadata records that are
 * not yet imported. `firstOrder` places them after the documents already loaded.
 */
export function loadCatalogue(file: string, source: string, firstOrder = 0): DocumentMeta[] {
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (error) {
    throw new DocumentLoadError(file, `bad YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(raw)) throw new DocumentLoadError(file, 'the catalogue must be a list of entries');

  return raw.map((item, index) => {
    const entry = CatalogueEntry.safeParse(item);
    if (!entry.success) throw new DocumentLoadError(file, `entry ${index + 1}: ${describeIssue(entry.error)}`);
    return { ...entry.data, locked: true, imported: false, order: firstOrder + index };
  });
}
