import { z } from 'zod';
import { DocumentId } from './document-meta.js';

/*
 * What an annotation is. These schemas validate at every boundary: the client before it
 * writes, the server when it reads a client's update, the importers.
 */

export const LIMITS = {
  body: 10_000,
  reply: 5_000,
  tags: 12,
  tag: 40,
  quote: 5_000,
  context: 64,
  title: 500,
  authors: 20,
  locator: 60,
  comment: 5_000,
} as const;

export const AnnotationKind = z.enum(['citation', 'critique', 'comparison', 'question']);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

export const ComparisonRelation = z.enum([
  'retains',
  'narrows',
  'broadens',
  'replaces',
  'rescinds',
  'reinstates',
  'contradicts',
  'implements',
  'related',
]);
export type ComparisonRelation = z.infer<typeof ComparisonRelation>;

export const CritiqueCategory = z.enum(['factual-claim', 'legal-basis', 'civil-liberties', 'data-and-methods', 'rhetoric']);
export type CritiqueCategory = z.infer<typeof CritiqueCategory>;

export const Reaction = z.enum(['agree', 'disagree', 'plus-one']);
export type Reaction = z.infer<typeof Reaction>;

export const AnnotationStatus = z.enum(['open', 'resolved']);
export type AnnotationStatus = z.infer<typeof AnnotationStatus>;

/** Only web and DOI addresses: no javascript:, data: or file: links can enter a workspace. */
export const SafeUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((url) => /^(https?:\/\/[^\s]+|doi:10\.\S+\/\S+)$/i.test(url), 'a link must start with http://, https:// or doi:');

export const Doi = z
  .string()
  .trim()
  .regex(/^10\.\d{4,9}\/\S+$/, 'a DOI looks like 10.1234/abc');

const Tag = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(LIMITS.tag, `a tag has at most ${LIMITS.tag} characters`)
  .regex(/^[^\s<>"'`]+(?: [^\s<>"'`]+)*$/, 'a tag has no angle brackets or quotes');

export const Tags = z
  .array(Tag)
  .max(LIMITS.tags, `at most ${LIMITS.tags} tags`)
  .transform((tags) => Array.from(new Set(tags)));

export const Person = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100),
});
export type Person = z.infer<typeof Person>;

export const TextQuoteSelector = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1, 'the quote is empty').max(LIMITS.quote, `a passage has at most ${LIMITS.quote} characters`),
  prefix: z.string().max(LIMITS.context),
  suffix: z.string().max(LIMITS.context),
});
export type TextQuoteSelector = z.infer<typeof TextQuoteSelector>;

export const TextPositionSelector = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  })
  .refine((s) => s.end > s.start, 'a passage must end after it starts');
export type TextPositionSelector = z.infer<typeof TextPositionSelector>;

/** A Yjs relative position as JSON (Y.relativePositionToJSON). */
export const RelativePositionJson = z
  .object({
    type: z.unknown().optional(),
    tname: z.string().nullable().optional(),
    item: z.object({ client: z.number().int(), clock: z.number().int() }).nullable().optional(),
    assoc: z.number().int().optional(),
  })
  .loose();

/** A range of a document: two Yjs anchors, with the quote and offsets beside them for export and re-anchoring. */
export const Passage = z.object({
  documentId: DocumentId,
  start: RelativePositionJson,
  end: RelativePositionJson,
  quote: TextQuoteSelector,
  position: TextPositionSelector,
  /** The pinpoint of the block the passage starts in ("¶ 7"), when it has one. */
  pinpoint: z.string().max(40).optional(),
});
export type Passage = z.infer<typeof Passage>;

const CslName = z.union([
  z.object({ family: z.string().trim().min(1).max(200), given: z.string().trim().max(200).optional() }),
  z.object({ literal: z.string().trim().min(1).max(300) }),
]);

/** The CSL item types a source may have: those of policy research; a library import reads any other as `document`. */
export const CSL_TYPES = [
  'legislation',
  'bill',
  'regulation',
  'treaty',
  'legal_case',
  'report',
  'webpage',
  'post-weblog',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'article',
  'book',
  'chapter',
  'entry-encyclopedia',
  'paper-conference',
  'thesis',
  'manuscript',
  'speech',
  'personal_communication',
  'document',
  'dataset',
] as const;

/** The CSL-JSON fields a citation keeps. */
export const CslItem = z.object({
  type: z.enum(CSL_TYPES),
  title: z.string().trim().min(1, 'a source needs a title').max(LIMITS.title),
  author: z.array(CslName).max(LIMITS.authors).optional(),
  issued: z.object({ 'date-parts': z.array(z.array(z.number().int()).min(1).max(3)).length(1) }).optional(),
  URL: SafeUrl.optional(),
  DOI: Doi.optional(),
  'container-title': z.string().trim().max(LIMITS.title).optional(),
  /** "Fed. Reg.", "F.3d": what legal styles print for the container. */
  'container-title-short': z.string().trim().max(200).optional(),
  'collection-title': z.string().trim().max(LIMITS.title).optional(),
  publisher: z.string().trim().max(LIMITS.title).optional(),
  'publisher-place': z.string().trim().max(200).optional(),
  /** The court or issuing agency of a legal source. */
  authority: z.string().trim().max(300).optional(),
  /** A report's kind ("Audit report"), a document's ("Memorandum"). */
  genre: z.string().trim().max(200).optional(),
  volume: z.string().trim().max(40).optional(),
  issue: z.string().trim().max(40).optional(),
  /** A report's or an order's number ("OIG-12-64", "14159"). */
  number: z.string().trim().max(100).optional(),
  page: z.string().trim().max(40).optional(),
  section: z.string().trim().max(100).optional(),
  edition: z.string().trim().max(40).optional(),
  ISBN: z.string().trim().max(40).optional(),
  'title-short': z.string().trim().max(300).optional(),
  accessed: z.object({ 'date-parts': z.array(z.array(z.number().int()).min(1).max(3)).length(1) }).optional(),
});
export type CslItem = z.infer<typeof CslItem>;

/** A source of the workspace library (core/citations/library.ts). */
export const SourceId = z.string().regex(/^src-[a-z0-9]{6,32}$/, 'a source id looks like src-…');
export type SourceId = z.infer<typeof SourceId>;

export const Citation = z.object({
  source: CslItem,
  /** The library's record of the source, when it was cited from there; `source` is its copy. */
  sourceId: SourceId.optional(),
  /** Pinpoint within the source: "3", "Sec. 10(b)", "¶ 7". */
  locator: z.string().trim().max(LIMITS.locator).optional(),
  /** When the source is a passage of another document of the workspace. */
  sourcePassage: Passage.optional(),
});
export type Citation = z.infer<typeof Citation>;

export const Comparison = z.object({
  target: Passage,
  relation: ComparisonRelation,
});
export type Comparison = z.infer<typeof Comparison>;

const body = z.string().max(LIMITS.body, `the text has at most ${LIMITS.body} characters`);

/** The part of an annotation its author writes and may edit. */
export const AnnotationContent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('citation'), body, tags: Tags, citation: Citation }),
  z.object({ kind: z.literal('critique'), body: body.min(1, 'a critique needs some text'), tags: Tags, category: CritiqueCategory.optional() }),
  z.object({ kind: z.literal('comparison'), body, tags: Tags, comparison: Comparison }),
  z.object({ kind: z.literal('question'), body: body.min(1, 'a question needs some text'), tags: Tags }),
]);
export type AnnotationContent = z.infer<typeof AnnotationContent>;

/** The author-owned record of an annotation, as stored. */
export const AnnotationRecord = z.intersection(
  AnnotationContent,
  z.object({
    id: z.string().min(1).max(64),
    author: Person,
    created: z.iso.datetime(),
    updated: z.iso.datetime(),
    passage: Passage,
  }),
);
export type AnnotationRecord = z.infer<typeof AnnotationRecord>;

export const Reply = z.object({
  id: z.string().min(1).max(64),
  author: Person,
  body: z.string().trim().min(1, 'a reply needs some text').max(LIMITS.reply, `a reply has at most ${LIMITS.reply} characters`),
  created: z.iso.datetime(),
  updated: z.iso.datetime(),
  deleted: z.boolean().default(false),
});
export type Reply = z.infer<typeof Reply>;

export const ReactionRecord = z.object({
  by: Person,
  reaction: Reaction,
  at: z.iso.datetime(),
});
export type ReactionRecord = z.infer<typeof ReactionRecord>;

/** An earlier anchor of a re-attached annotation: its quote stays in its history. */
export const AnchorHistoryEntry = z.object({
  passage: Passage,
  replacedAt: z.iso.datetime(),
  by: Person,
});
export type AnchorHistoryEntry = z.infer<typeof AnchorHistoryEntry>;

/** A moderator's mark on an annotation or a reply: it stays in the workspace, shown to moderators only. */
export const ModerationMark = z.object({
  by: Person,
  at: z.iso.datetime(),
});
export type ModerationMark = z.infer<typeof ModerationMark>;

/** A reply as listed in its thread, with its moderation mark when hidden. */
export type ThreadReply = Reply & { hidden: ModerationMark | null };

/** Everything about one annotation, assembled from its parts. */
export type Annotation = AnnotationRecord & {
  status: AnnotationStatus;
  deleted: boolean;
  hidden: ModerationMark | null;
  replies: ThreadReply[];
  reactions: ReactionRecord[];
  history: AnchorHistoryEntry[];
};

/** The first issue of a failed parse, as a sentence for a person. */
export function explain(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.filter((p) => typeof p === 'string').join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
