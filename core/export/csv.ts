import Papa from 'papaparse';
import type { ExportModel } from './model.js';
import { comparisonSentence, readComparison } from './comparison.js';

const COLUMNS = [
  'row_type', 'annotation_id', 'reply_id', 'number', 'document_id', 'document_title', 'kind', 'category', 'status', 'anchor',
  'pinpoint', 'quote', 'start', 'end', 'author', 'created', 'updated', 'body', 'tags', 'relation', 'compared_document', 'compared_quote',
  'comparison', 'acting_document', 'acted_on_document',
  'citation_title', 'citation_url', 'citation_doi', 'citation_locator', 'agree', 'disagree', 'plus_one', 'replies',
] as const;

/** One row per annotation and one per reply, for coding in a spreadsheet or R. */
export function exportCsv(model: ExportModel): string {
  const rows: Record<(typeof COLUMNS)[number], string | number>[] = [];
  for (const d of model.documents) {
    for (const note of d.notes) {
      const a = note.annotation;
      const count = (r: string) => a.reactions.filter((x) => x.reaction === r).length;
      const reading = a.kind === 'comparison' ? readComparison(a.passage, a.comparison, model.allDocuments) : null;
      const base = {
        row_type: 'annotation', annotation_id: a.id, reply_id: '', number: note.n, document_id: d.meta.id, document_title: d.meta.title,
        kind: a.kind, category: a.kind === 'critique' ? (a.category ?? '') : '', status: a.status, anchor: note.health,
        pinpoint: a.passage.pinpoint ?? '', quote: a.passage.quote.exact, start: note.start ?? '', end: note.end ?? '',
        author: a.author.name, created: a.created, updated: a.updated, body: a.body, tags: a.tags.join('; '),
        relation: a.kind === 'comparison' ? a.comparison.relation : '',
        compared_document: a.kind === 'comparison' ? a.comparison.target.documentId : '',
        compared_quote: a.kind === 'comparison' ? a.comparison.target.quote.exact : '',
        // Which document does what to which, the same sentence as the other formats (compared_* is the side not annotated).
        comparison: reading ? comparisonSentence(reading) : '',
        acting_document: reading?.actor.documentId ?? '',
        acted_on_document: reading?.acted.documentId ?? '',
        citation_title: a.kind === 'citation' ? a.citation.source.title : '',
        citation_url: a.kind === 'citation' ? (a.citation.source.URL ?? '') : '',
        citation_doi: a.kind === 'citation' ? (a.citation.source.DOI ?? '') : '',
        citation_locator: a.kind === 'citation' ? (a.citation.locator ?? '') : '',
        agree: count('agree'), disagree: count('disagree'), plus_one: count('plus-one'),
        replies: a.replies.filter((r) => !r.deleted).length,
      };
      rows.push(base);
      for (const reply of a.replies.filter((r) => !r.deleted)) {
        rows.push({
          ...Object.fromEntries(COLUMNS.map((c) => [c, ''])), row_type: 'reply', annotation_id: a.id, reply_id: reply.id, number: note.n,
          document_id: d.meta.id, document_title: d.meta.title, kind: a.kind, author: reply.author.name, created: reply.created, updated: reply.updated, body: reply.body,
        } as Record<(typeof COLUMNS)[number], string | number>);
      }
    }
  }
  const safe = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, defuseFormula(v)])));
  return Papa.unparse({ fields: [...COLUMNS], data: safe.map((r) => COLUMNS.map((c) => r[c])) }, { newline: '\r\n' });
}

/** Cells that start with = + - @ would run as formulas in a spreadsheet: they get a quote in front. */
export function defuseFormula<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
