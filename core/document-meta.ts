import { z } from 'zod';
import { CitationStyle } from './citations/style-names.js';

/** Dates are ISO calendar dates, or a month when only the month is known ("2015-07"). */
export const PolicyDate = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a date must look like 2015-04-24 or 2015-07');

export const DocumentId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'an id is lower-case letters, digits and hyphens (at most 80)');

/** How a later policy stands to an earlier document or program, as its own text says. */
export const DocumentRelationKind = z.enum([
  'replaces',
  'reinstates',
  'revokes',
  'rescinds',
  'implements',
  'revises',
  'related',
]);
export type DocumentRelationKind = z.infer<typeof DocumentRelationKind>;

export const DocumentRelation = z.object({
  kind: DocumentRelationKind,
  /** Ids of the documents or catalogue entries it acts on. */
  targets: z.array(DocumentId).max(20).default([]),
  note: z.string().max(1000),
  /**
   * When the act takes effect, if not on the document's own date (an order "effective 90 days
   * after"). Never earlier than the document: nobody can be bound by an order not yet issued.
   */
  date: PolicyDate.optional(),
});
export type DocumentRelation = z.infer<typeof DocumentRelation>;

const text = (max: number) => z.string().trim().min(1).max(max);

/** A document's metadata as kept in the workspace: a text the group reads, or a catalogue entry not yet imported. */
export const DocumentMeta = z.object({
  id: DocumentId,
  title: text(500),
  issuer: text(500).optional(),
  date: PolicyDate,
  /** Qualifies an imprecise date, e.g. "not before". */
  dateNote: text(200).optional(),
  type: text(100),
  citation: text(500).optional(),
  /** The official address of the text. */
  sourceUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Where the official text is published, when no exact address is certain. */
  source: text(1000).optional(),
  /** How this copy of the text was obtained, when not from the official source. */
  capture: text(2000).optional(),
  license: text(500).optional(),
  /** When the text was brought into the workspace, and the SHA-256 of what was brought in. */
  retrieved: z.iso.datetime().optional(),
  checksum: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** A short label printed above the title on the source page ("Immigration Enforcement"). */
  kicker: text(200).optional(),
  relations: z.array(DocumentRelation).max(20).default([]),
  /** Locked texts are primary sources: only owners may correct them. */
  locked: z.boolean(),
  /** False for a catalogue entry whose text has not been imported yet. */
  imported: z.boolean(),
  order: z.number().int().min(0),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

/**
 * What the group may correct about a document: the facts a catalogue entry records and its
 * relations. Not its id (addresses and annotations point at it), not whether it is locked (owners
 * decide that with the text), not its provenance (the server stamps that when a text comes in).
 */
export const DocumentFacts = DocumentMeta.pick({
  title: true,
  issuer: true,
  date: true,
  dateNote: true,
  type: true,
  citation: true,
  sourceUrl: true,
  source: true,
  license: true,
  kicker: true,
}).extend({ relations: z.array(DocumentRelation).max(20).default([]) });
export type DocumentFacts = z.output<typeof DocumentFacts>;

/** The fields of DocumentFacts, in the order a form shows them. */
export const DOCUMENT_FACT_FIELDS = ['title', 'issuer', 'date', 'dateNote', 'type', 'citation', 'sourceUrl', 'source', 'license', 'kicker', 'relations'] as const satisfies readonly (keyof DocumentFacts)[];

/** The kinds of document the forms offer first; any other short name will do. */
export const DOCUMENT_TYPES = ['executive order', 'memorandum', 'web page', 'guidance', 'regulation', 'statute', 'report', 'document'] as const;

/**
 * A document with corrected facts. Fields left out of `facts` are cleared (an issuer removed
 * is removed), except the required ones, which `facts` must carry. Throws on facts that do not
 * validate, with zod's message: callers validate first.
 */
export function withFacts(meta: DocumentMeta, facts: DocumentFacts): DocumentMeta {
  const kept: Partial<DocumentMeta> = { ...meta };
  for (const field of DOCUMENT_FACT_FIELDS) delete kept[field];
  return DocumentMeta.parse({ ...kept, ...DocumentFacts.parse(facts) });
}

/** The facts of a document as they stand, for a form to start from. */
export function factsOf(meta: DocumentMeta): DocumentFacts {
  const facts: Partial<DocumentFacts> = {};
  for (const field of DOCUMENT_FACT_FIELDS) if (meta[field] !== undefined) (facts as Record<string, unknown>)[field] = meta[field];
  return DocumentFacts.parse(facts);
}

/** Which facts differ between two versions of a document, by field name. */
export function changedFacts(before: DocumentMeta, after: DocumentMeta): (keyof DocumentFacts)[] {
  return DOCUMENT_FACT_FIELDS.filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null));
}

/**
 * Why these facts cannot stand in this workspace, or null: a relation must point at documents
 * the workspace has, other than the document itself, and take effect no earlier than it is dated.
 */
export function factsProblem(id: string, facts: DocumentFacts, known: (id: string) => boolean): string | null {
  for (const [i, relation] of facts.relations.entries()) {
    const where = `relation ${i + 1} (${relation.kind})`;
    if (relation.targets.includes(id)) return `${where}: a document cannot act on itself`;
    const unknown = relation.targets.find((t) => !known(t));
    if (unknown) return `${where}: there is no document “${unknown}” in the workspace`;
    if (relation.targets.length === 0 && relation.note.trim() === '') return `${where}: name the documents it acts on, or say in a note what it acts on`;
    if (relation.date && startOf(relation.date) < startOf(facts.date)) return `${where}: it cannot take effect (${relation.date}) before the document is dated (${facts.date})`;
  }
  return null;
}

// A month-only date counts from its first day, as the as-of view reads it.
const startOf = (date: string) => (date.length === 7 ? `${date}-01` : date);

/** Documents in reading order: by date, then by their order in the corpus. */
export function byDate(a: DocumentMeta, b: DocumentMeta): number {
  return a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1;
}

export const WorkspaceInfo = z.object({
  title: text(200),
  description: z.string().max(2000).default(''),
  created: z.iso.datetime(),
  /** How the workspace's cards and exports format citations (an export may ask for another). */
  citationStyle: CitationStyle.optional(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;
