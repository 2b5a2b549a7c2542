import { z } from 'zod';

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

/** Documents in reading order: by date, then by their order in the corpus. */
export function byDate(a: DocumentMeta, b: DocumentMeta): number {
  return a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1;
}

export const WorkspaceInfo = z.object({
  title: text(200),
  description: z.string().max(2000).default(''),
  created: z.iso.datetime(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;
