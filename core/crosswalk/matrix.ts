import { ComparisonRelation, type Annotation, type Passage } from '../annotation.js';
import { byDate, type DocumentMeta } from '../document-meta.js';

/** One comparison between a passage of the original and a later document, whichever side it was written from. */
export interface MatrixEntry {
  annotationId: string;
  /** The later document. */
  documentId: string;
  relation: ComparisonRelation;
  /** The passage of the original it is about. */
  passage: Passage;
  created: string;
}

export interface MatrixCell {
  /** Each relation once, most frequent first: "replaces ×2, narrows". */
  relations: { relation: ComparisonRelation; count: number }[];
  /** The annotations behind the cell, oldest first. */
  annotationIds: string[];
}

/** A passage of the original: every comparison whose original-side passage starts in the same paragraph. */
export interface MatrixRow {
  key: string;
  pinpoint: string | null;
  /** The quote of the row's earliest passage. */
  quote: string;
  /** Where that passage starts in the original's text, for ordering. */
  start: number;
  entries: MatrixEntry[];
  cells: Map<string, MatrixCell>;
}

export interface CrosswalkMatrix {
  original: DocumentMeta;
  /** The other imported documents, by date. */
  columns: DocumentMeta[];
  rows: MatrixRow[];
}

/** The document the others are read against: the workspace's first text by corpus order, whatever its date. */
export function originalDocument(documents: DocumentMeta[]): DocumentMeta | null {
  return documents.filter((d) => d.imported).sort((a, b) => a.order - b.order)[0] ?? null;
}

/**
 * Which end of a comparison does what its relation says to the other: its own passage or its
 * target. The relation says how the later text treats the original, so the original is always
 * acted on, whichever side the comparison was written from; between two later documents the
 * later one by date acts; within one document, or when one is unknown, the target does (as the
 * composer words it: "the later passage retains this one"). Cards, the composer and every
 * export read comparisons through this one rule.
 */
export function actingSide(passageDocumentId: string, targetDocumentId: string, documents: DocumentMeta[]): 'passage' | 'target' {
  if (passageDocumentId === targetDocumentId) return 'target';
  const original = originalDocument(documents)?.id;
  if (original === targetDocumentId) return 'passage';
  if (original === passageDocumentId) return 'target';
  const here = documents.find((d) => d.id === passageDocumentId);
  const there = documents.find((d) => d.id === targetDocumentId);
  return here && there && byDate(here, there) > 0 ? 'passage' : 'target';
}

/**
 * The crosswalk: rows are passages of the original with comparisons, columns the other
 * imported documents, cells the relations between them. A comparison written on the later
 * document with its target in the original lands in the same cell as one written the other
 * way: its relation still says how the later text treats the original. Deleted annotations
 * and comparisons between two later documents are not part of it.
 */
export function crosswalkMatrix(documents: DocumentMeta[], annotations: Annotation[], originalId?: string): CrosswalkMatrix | null {
  const original = originalId ? documents.find((d) => d.id === originalId && d.imported) : originalDocument(documents);
  if (!original) return null;
  const columns = documents.filter((d) => d.imported && d.id !== original.id).sort(byDate);
  const later = new Set(columns.map((d) => d.id));

  const rows = new Map<string, MatrixRow>();
  for (const a of annotations) {
    const entry = entryOf(a, original.id, later);
    if (!entry) continue;
    const key = rowKey(entry.passage);
    let row = rows.get(key);
    if (!row) {
      row = { key, pinpoint: entry.passage.pinpoint ?? null, quote: entry.passage.quote.exact, start: entry.passage.position.start, entries: [], cells: new Map() };
      rows.set(key, row);
    }
    if (entry.passage.position.start < row.start) {
      row.start = entry.passage.position.start;
      row.quote = entry.passage.quote.exact;
    }
    row.entries.push(entry);
  }

  for (const row of rows.values()) {
    row.entries.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.annotationId < b.annotationId ? -1 : 1));
    for (const column of columns) {
      const entries = row.entries.filter((e) => e.documentId === column.id);
      if (entries.length > 0) row.cells.set(column.id, cellOf(entries));
    }
  }
  return { original, columns, rows: [...rows.values()].sort((a, b) => a.start - b.start) };
}

function entryOf(a: Annotation, originalId: string, later: Set<string>): MatrixEntry | null {
  if (a.kind !== 'comparison' || a.deleted) return null;
  const { target, relation } = a.comparison;
  const common = { annotationId: a.id, relation, created: a.created };
  if (a.passage.documentId === originalId && later.has(target.documentId)) return { ...common, documentId: target.documentId, passage: a.passage };
  if (target.documentId === originalId && later.has(a.passage.documentId)) return { ...common, documentId: a.passage.documentId, passage: target };
  return null;
}

// Passages in a labelled paragraph share its row; one in an unlabelled block (a heading) is a row of its own.
function rowKey(passage: Passage): string {
  return passage.pinpoint ? `p:${passage.pinpoint}` : `at:${passage.position.start}`;
}

function cellOf(entries: MatrixEntry[]): MatrixCell {
  const counts = new Map<ComparisonRelation, number>();
  for (const e of entries) counts.set(e.relation, (counts.get(e.relation) ?? 0) + 1);
  const order = ComparisonRelation.options;
  const relations = [...counts].map(([relation, count]) => ({ relation, count }));
  relations.sort((a, b) => b.count - a.count || order.indexOf(a.relation) - order.indexOf(b.relation));
  return { relations, annotationIds: entries.map((e) => e.annotationId) };
}

/** "replaces ×2, narrows". */
export function cellLabel(cell: MatrixCell): string {
  return cell.relations.map(({ relation, count }) => (count > 1 ? `${relation} ×${count}` : relation)).join(', ');
}

/** A quote cut at a word near `max` characters, for a table cell. */
export function shortQuote(quote: string, max = 90): string {
  const text = quote.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return `${text.slice(0, cut > max / 2 ? cut : max).replace(/[\s,;:.–-]+$/, '')}…`;
}
