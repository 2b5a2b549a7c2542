import {
  AnnotationContent,
  AnnotationRecord,
  Citation,
  ReactionRecord,
  Reply,
  explain,
  type Annotation,
  type Passage,
  type Person,
  type Reaction,
  type TextQuoteSelector,
} from '../annotation.js';
import { TextIndex } from '../anchoring/text-index.js';
import { describePassage } from '../anchoring/passage.js';
import { findQuote } from '../anchoring/quote-match.js';
import { textOffset } from '../anchoring/coordinates.js';
import type { Workspace } from '../workspace.js';
import { clean, externalIdOfMember, isExternalId, type Candidate, type ImportFormat } from './read.js';
import { sourceKeyIn, sourceKeyOf } from './batch.js';

/*
 * What an import would do, worked out before anything is written: where each annotation
 * anchors, which are here already, which cannot be taken. The preview shows it; the import
 * writes it. Both read the same plan, so the preview says what the import does.
 */

/** What an import will do (a preview) with the annotations of a file. */
export interface ImportPreview {
  format: ImportFormat;
  /** Annotations in the file, replies aside. */
  total: number;
  /** New annotations found exactly. */
  anchored: number;
  approximate: { id: string; quote: string; found: string }[];
  /** New annotations whose text is not here: kept, detached. */
  orphaned: { id: string; quote: string }[];
  /**
   * Annotations of the file that are here already and are left as they are: the same annotation
   * (our own export's id), or the same passage, words and author. `id` is the one here.
   */
  alreadyHere: { id: string; quote: string; match: 'id' | 'content' }[];
  skipped: { id: string; reason: string }[];
  /** Replies added: those of new annotations, and those new to an annotation already here. */
  replies: number;
  /** Replies of the file already in their thread here. */
  repliesAlreadyHere: number;
}

/** What an import did. Its annotations and replies carry `importId` in their ids (see batch.ts). */
export interface ImportReport extends ImportPreview {
  importId: string;
}

type Quality = 'exact' | 'approximate' | 'orphan';

/** An annotation the import adds, validated. */
export interface NewAnnotation {
  externalId: string;
  quote: string;
  quality: Quality;
  input: { id: string; author: Person; passage: Passage; content: AnnotationContent; created: string; updated?: string };
  resolved: boolean;
  reactions: { by: Person; reaction: Reaction; at: string }[];
}

/** A reply the import adds, to a new annotation or to one already here. */
export interface NewReply {
  annotationId: string;
  reply: { id: string; author: Person; body: string; created: string };
}

type Outcome =
  | { type: 'new'; annotation: NewAnnotation }
  | { type: 'here'; id: string; quote: string; match: 'id' | 'content' }
  | { type: 'skipped'; id: string; reason: string };

export interface ImportPlan {
  format: ImportFormat;
  outcomes: Outcome[];
  replies: NewReply[];
  repliesAlreadyHere: number;
}

/** Ids for what an import adds, in the order it adds them, given the source key when there is one. */
export interface IdSource {
  annotation: (sourceKey?: string) => string;
  reply: (sourceKey?: string) => string;
}

const OUR_ANNOTATION = /^urn:crosswalk:annotation:([^/]+)$/;
const OUR_REPLY = /^urn:crosswalk:annotation:([^/]+)\/reply\/([^/]+)$/;

// What an import added knows its source by its id; a member's annotation that only looks so is not one.
const sourceKeyOfItem = (item: { id: string; author: Person }) => (isExternalId(item.author.id) ? sourceKeyIn(item.id) : null);

// Who can have written an annotation as a file names them: the person the file names, or, for
// an annotation that went out in an export and came back, the member it went out as.
const authorKeys = (person: Person) => [person.id, externalIdOfMember(person.id)];

interface KnownReply {
  id: string;
  source: string | null;
  body: string;
  authors: string[];
}

/**
 * The annotations already in the workspace, by what identifies one: its id, and its passage
 * with its words. Annotations the plan adds join it, so a file holding one twice adds it once.
 */
class Known {
  private readonly byId = new Map<string, Annotation | NewAnnotation>();
  private readonly bySource = new Map<string, string>();
  private readonly byContent = new Map<string, { id: string; authors: string[] }[]>();
  private readonly threads = new Map<string, KnownReply[]>();

  constructor(annotations: Annotation[]) {
    for (const a of annotations) {
      if (a.deleted) continue;
      this.byId.set(a.id, a);
      const source = sourceKeyOfItem(a);
      if (source) this.bySource.set(source, a.id);
      this.index(a.id, a.passage, a.body, authorKeys(a.author));
      this.threads.set(a.id, a.replies.filter((r) => !r.deleted).map((r) => ({ id: r.id, source: sourceKeyOfItem(r), body: r.body, authors: authorKeys(r.author) })));
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The annotation an earlier import made of the one the file names so. */
  fromSource(sourceId: string | undefined): string | undefined {
    return sourceId === undefined ? undefined : this.bySource.get(sourceKeyOf(sourceId));
  }

  sameContent(passage: Passage, fileQuote: string, body: string, author: Person): string | undefined {
    for (const quote of new Set([passage.quote.exact, fileQuote])) {
      const match = this.byContent.get(key(passage.documentId, quote, body))?.find((k) => k.authors.includes(author.id));
      if (match) return match.id;
    }
    return undefined;
  }

  add(annotation: NewAnnotation): void {
    const { id, passage, content, author } = annotation.input;
    this.byId.set(id, annotation);
    const source = sourceKeyOfItem(annotation.input);
    if (source) this.bySource.set(source, id);
    this.index(id, passage, content.body, [author.id]);
    this.threads.set(id, []);
  }

  /** Whether a reply of the file is in this thread already: by our export's id, or same words and author. */
  hasReply(annotationId: string, reply: Candidate['replies'][number], body: string): boolean {
    const thread = this.threads.get(annotationId) ?? [];
    const ours = OUR_REPLY.exec(reply.sourceId ?? '');
    if (ours && thread.some((r) => r.id === safeDecode(ours[2]!))) return true;
    const source = reply.sourceId === undefined ? null : sourceKeyOf(reply.sourceId);
    if (source && thread.some((r) => r.source === source)) return true;
    return thread.some((r) => r.body === body && r.authors.includes(reply.author.id));
  }

  addReply(annotationId: string, reply: NewReply['reply']): void {
    this.threads.get(annotationId)?.push({ id: reply.id, source: sourceKeyOfItem(reply), body: reply.body, authors: [reply.author.id] });
  }

  private index(id: string, passage: Passage, body: string, authors: string[]): void {
    const k = key(passage.documentId, passage.quote.exact, body);
    const list = this.byContent.get(k) ?? [];
    list.push({ id, authors });
    this.byContent.set(k, list);
  }
}

const key = (documentId: string, quote: string, body: string) => `${documentId}\u0000${quote}\u0000${body}`;

/**
 * Works out what importing `candidates` into the workspace would do, writing nothing. Ids are
 * drawn from `ids` for what it would add, in order.
 */
export function planImport(workspace: Workspace, format: ImportFormat, candidates: Candidate[], ids: IdSource, now = new Date().toISOString()): ImportPlan {
  const plan: ImportPlan = { format, outcomes: [], replies: [], repliesAlreadyHere: 0 };
  const known = new Known(workspace.annotations().list());
  const indexes = new Map<string, TextIndex>();
  const seenInFile = new Map<string, string>();

  const addReplies = (annotationId: string, c: Candidate, dedupe: boolean) => {
    for (const reply of c.replies) {
      const body = clean(reply.body, 5000).trim();
      if (dedupe && known.hasReply(annotationId, reply, body)) {
        plan.repliesAlreadyHere += 1;
        continue;
      }
      const valid = Reply.safeParse({ id: 'planned', author: reply.author, body, created: validDate(reply.created) ?? now, updated: validDate(reply.created) ?? now });
      // A reply that does not validate (empty, too long) is left out; its annotation stays.
      if (!valid.success) continue;
      const planned = { id: ids.reply(reply.sourceId === undefined ? undefined : sourceKeyOf(reply.sourceId)), author: valid.data.author, body: valid.data.body, created: valid.data.created };
      plan.replies.push({ annotationId, reply: planned });
      known.addReply(annotationId, planned);
    }
  };

  for (const c of candidates) {
    const quote = c.quote?.exact ?? '';
    const ours = OUR_ANNOTATION.exec(c.externalId);
    const sameId = ours ? safeDecode(ours[1]!) : undefined;
    const here = (sameId !== undefined && known.has(sameId) ? sameId : undefined) ?? known.fromSource(c.sourceId) ?? seenInFile.get(c.externalId);
    if (here) {
      plan.outcomes.push({ type: 'here', id: here, quote, match: 'id' });
      addReplies(here, c, true);
      continue;
    }
    const located = locate(workspace, indexes, { documentId: c.documentId, sourceIri: c.sourceIri }, c.quote, c.position);
    if (!located) {
      plan.outcomes.push({ type: 'skipped', id: c.externalId, reason: c.quote ? 'the workspace has no text to attach it to' : 'it has no quote of the text it annotates' });
      continue;
    }
    const content = contentOf(workspace, indexes, c);
    if (!content.success) {
      plan.outcomes.push({ type: 'skipped', id: c.externalId, reason: content.reason });
      continue;
    }
    const same = known.sameContent(located.passage, quote, content.data.body, c.author);
    if (same) {
      plan.outcomes.push({ type: 'here', id: same, quote, match: 'content' });
      addReplies(same, c, true);
      continue;
    }
    const created = validDate(c.created) ?? now;
    const input = { id: ids.annotation(c.sourceId === undefined ? undefined : sourceKeyOf(c.sourceId)), author: c.author, passage: located.passage, content: content.data, created, updated: validDate(c.updated) };
    const record = AnnotationRecord.safeParse({ ...input.content, id: input.id, author: input.author, passage: input.passage, created, updated: input.updated ?? created });
    if (!record.success) {
      plan.outcomes.push({ type: 'skipped', id: c.externalId, reason: explain(record.error) });
      continue;
    }
    const reactions = new Map<string, NewAnnotation['reactions'][number]>();
    for (const r of c.reactions) {
      const valid = ReactionRecord.safeParse({ by: r.by, reaction: r.reaction, at: validDate(r.at) ?? now });
      if (valid.success) reactions.set(`${r.by.id}|${r.reaction}`, valid.data);
    }
    const annotation: NewAnnotation = { externalId: c.externalId, quote, quality: located.quality, input, resolved: c.status === 'resolved', reactions: [...reactions.values()] };
    plan.outcomes.push({ type: 'new', annotation });
    known.add(annotation);
    seenInFile.set(c.externalId, input.id);
    addReplies(input.id, c, false);
  }
  return plan;
}

/** The counts and lists a person reads, from a plan (and, after an import, what failed to write). */
export function summarise(plan: ImportPlan, failed: Map<string, string> = new Map()): ImportPreview {
  const preview: ImportPreview = { format: plan.format, total: plan.outcomes.length, anchored: 0, approximate: [], orphaned: [], alreadyHere: [], skipped: [], replies: 0, repliesAlreadyHere: plan.repliesAlreadyHere };
  for (const outcome of plan.outcomes) {
    if (outcome.type === 'here') preview.alreadyHere.push({ id: outcome.id, quote: outcome.quote, match: outcome.match });
    else if (outcome.type === 'skipped') preview.skipped.push({ id: outcome.id, reason: outcome.reason });
    else {
      const { input, quality, quote, externalId } = outcome.annotation;
      const failure = failed.get(input.id);
      if (failure) preview.skipped.push({ id: externalId, reason: failure });
      else if (quality === 'exact') preview.anchored += 1;
      else if (quality === 'approximate') preview.approximate.push({ id: input.id, quote, found: input.passage.quote.exact });
      else preview.orphaned.push({ id: input.id, quote });
    }
  }
  preview.replies = plan.replies.filter((r) => !failed.has(r.annotationId) && !failed.has(r.reply.id)).length;
  return preview;
}

function contentOf(workspace: Workspace, indexes: Map<string, TextIndex>, c: Candidate): { success: true; data: AnnotationContent } | { success: false; reason: string } {
  let content: unknown = {
    kind: c.kind,
    body: clean(c.body, 10_000),
    tags: c.tags.map((t) => clean(t, 40)).filter((t) => /^[^\s<>"'`]+(?: [^\s<>"'`]+)*$/.test(t)).slice(0, 12),
    ...(c.category ? { category: c.category } : {}),
  };
  if (c.kind === 'citation') content = { ...(content as object), citation: Citation.safeParse(c.citation).data };
  if (c.kind === 'comparison' && c.comparison) {
    const target = locate(workspace, indexes, { documentId: c.comparison.target.documentId, keepDocumentId: true }, c.comparison.target.quote, c.comparison.target.position?.start);
    content = { ...(content as object), comparison: { relation: c.comparison.relation, target: target?.passage } };
  }
  if ((c.kind === 'critique' || c.kind === 'question') && !c.body.trim()) content = { ...(content as object), body: '(imported without a comment)' };
  const parsed = AnnotationContent.safeParse(content);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, reason: explain(parsed.error) };
}

interface Located {
  documentId: string;
  passage: Passage;
  quality: Quality;
}

/** Finds where a quote is in the workspace: in the named document, else in any whose text holds it. */
function locate(workspace: Workspace, indexes: Map<string, TextIndex>, hint: { documentId?: string; sourceIri?: string; keepDocumentId?: boolean }, quote: TextQuoteSelector | null, position = 0): Located | null {
  const documents = workspace.documents().filter((d) => d.imported);
  const named =
    documents.find((d) => d.id === hint.documentId) ??
    documents.find((d) => hint.sourceIri && (d.sourceUrl === hint.sourceIri || `urn:crosswalk:document:${d.id}` === hint.sourceIri));
  if (!quote) return null;
  const indexOf = (id: string) => {
    let index = indexes.get(id);
    if (!index) indexes.set(id, (index = new TextIndex(workspace.documentText(id))));
    return index;
  };
  const candidates = named ? [named] : documents;
  let best: { id: string; start: number; end: number; errors: number } | null = null;
  for (const doc of candidates) {
    const found = findQuote(indexOf(doc.id).text, quote, position);
    if (found && (!best || found.errors < best.errors)) best = { id: doc.id, ...found };
  }
  if (best) {
    const index = indexOf(best.id);
    const from = index.pmOfText(textOffset(best.start));
    const to = index.pmOfText(textOffset(best.end));
    const passage = from !== null && to !== null ? describePassage(best.id, index, from, to) : null;
    if (passage) return { documentId: best.id, passage, quality: best.errors === 0 && passage.quote.exact === quote.exact ? 'exact' : 'approximate' };
  }
  // Kept as an orphan on the document it named (or the first text): its quote is its record. A
  // comparison's far passage keeps the id of its document even when that is not imported yet.
  const homeId = named?.id ?? (hint.keepDocumentId ? hint.documentId : undefined) ?? documents[0]?.id;
  if (!homeId) return null;
  return {
    documentId: homeId,
    passage: { documentId: homeId, start: {}, end: {}, quote: { ...quote, prefix: quote.prefix.slice(-64), suffix: quote.suffix.slice(0, 64) }, position: { type: 'TextPositionSelector', start: position, end: position + quote.exact.length } },
    quality: 'orphan',
  };
}

function validDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
