import { z } from 'zod';
import { digest as sha256 } from 'lib0/hash/sha256';
import { toHexString } from 'lib0/buffer';
import { CritiqueCategory, ComparisonRelation, Reaction, explain, type AnnotationKind, type Person, type TextQuoteSelector } from '../annotation.js';

/*
 * Reading other tools' annotation files (W3C Web Annotation JSON-LD, Hypothesis JSON) into
 * candidates: what each annotation says, before anything is anchored or written.
 */

/** Which kind of file an import read. */
export type ImportFormat = 'w3c' | 'hypothesis';

/** One annotation read from another tool's file, before it is anchored. */
export interface Candidate {
  /** Its id in the file (an IRI for W3C files), or a made-up one when the file gives none. */
  externalId: string;
  /**
   * Who the annotation is in the tool it came from, when the file says so in a way that holds
   * across files: a W3C annotation's IRI, a Hypothesis annotation's id. Re-imports know it by it.
   */
  sourceId?: string;
  documentId?: string;
  sourceIri?: string;
  quote: TextQuoteSelector | null;
  position?: number;
  kind: AnnotationKind;
  body: string;
  tags: string[];
  author: Person;
  created?: string;
  updated?: string;
  status?: 'open' | 'resolved';
  category?: CritiqueCategory;
  citation?: unknown;
  comparison?: { relation: ComparisonRelation; target: { documentId: string; quote: TextQuoteSelector; position?: { start: number } } };
  replies: { sourceId?: string; author: Person; body: string; created?: string }[];
  reactions: { by: Person; reaction: Reaction; at?: string }[];
}

export class ImportError extends Error {
  override name = 'ImportError';
}

const Quote = z.object({ type: z.literal('TextQuoteSelector'), exact: z.string().min(1).max(5000), prefix: z.string().max(2000).optional(), suffix: z.string().max(2000).optional() });
const Position = z.object({ type: z.literal('TextPositionSelector'), start: z.number().int().min(0), end: z.number().int().min(0) });
const Selector = z.union([Quote, Position, z.object({ type: z.string() }).loose()]);
const W3cTarget = z.union([
  z.string(),
  z.object({ source: z.string().optional(), selector: z.union([Selector, z.array(Selector)]).optional() }).loose(),
]);
const W3cBody = z.union([z.string(), z.object({ type: z.string().optional(), value: z.string().optional(), purpose: z.string().optional(), id: z.string().optional(), source: z.string().optional() }).loose()]);
const W3cAnnotation = z
  .object({
    id: z.string().optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    motivation: z.union([z.string(), z.array(z.string())]).optional(),
    creator: z.union([z.string(), z.object({ id: z.string().optional(), name: z.string().optional(), nickname: z.string().optional() }).loose()]).optional(),
    created: z.string().optional(),
    modified: z.string().optional(),
    body: z.union([W3cBody, z.array(W3cBody)]).optional(),
    bodyValue: z.string().optional(),
    target: z.union([W3cTarget, z.array(W3cTarget)]),
    crosswalk: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
type W3cAnnotation = z.infer<typeof W3cAnnotation>;

const HypothesisAnnotation = z
  .object({
    id: z.string(),
    uri: z.string().optional(),
    text: z.string().default(''),
    tags: z.array(z.string()).default([]),
    user: z.string().optional(),
    user_info: z.object({ display_name: z.string().nullable().optional() }).loose().optional(),
    created: z.string().optional(),
    updated: z.string().optional(),
    references: z.array(z.string()).optional(),
    target: z.array(z.object({ source: z.string().optional(), selector: z.array(Selector).optional() }).loose()).default([]),
  })
  .loose();

const MAX_ANNOTATIONS = 20_000;
const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Drops control characters (a body is shown as text, but they confuse every reader) and cuts to `max`. */
export const clean = (s: string, max: number) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').slice(0, max);

/*
 * Whoever a file says wrote an annotation stays a person from outside the workspace. Their id is
 * `external:` and a hash of who the file names: members' ids (slugs of names, UUIDs) never hold
 * a colon, so no member can edit an import as their own, and no file can make one the author of
 * words they did not write, not even a file this workspace exported.
 */
const EXTERNAL = 'external:';
const EXTERNAL_ID = /^external:[0-9a-f]{32}$/;

/** An outside person: `who` names them in the file (an IRI, an account, `name:…`); `name` is shown. */
export function externalPerson(who: string, name: string | undefined): Person {
  const shown = clean(name ?? '', 100).trim() || 'Imported';
  // Our own export of an import names the outside person it already had; they keep that id.
  const known = /^urn:crosswalk:user:(.+)$/.exec(who)?.[1];
  const decoded = known ? safeDecode(known) : undefined;
  if (decoded && EXTERNAL_ID.test(decoded)) return { id: decoded, name: shown };
  return { id: EXTERNAL + toHexString(sha256(new TextEncoder().encode(who))).slice(0, 32), name: shown };
}

/** Whether an id is an outside person's, as only imports make them. */
export const isExternalId = (id: string): boolean => EXTERNAL_ID.test(id);

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The outside person a member becomes in another workspace's import of this one's export: how a
 * file that went out and came back is recognised as theirs, without making them its author.
 */
export function externalIdOfMember(memberId: string): string {
  return externalPerson(`urn:crosswalk:user:${encodeURIComponent(memberId)}`, undefined).id;
}

function creatorOf(creator: W3cAnnotation['creator']): Person {
  if (typeof creator === 'string') return externalPerson(creator, creator.replace(/^.*[/:]/, ''));
  const name = creator?.name ?? creator?.nickname;
  return externalPerson(creator?.id ?? `name:${name ?? ''}`, name);
}

// The Web Annotation model makes `id` an IRI; anything else ("1", "note") may repeat in another file.
const iriOf = (id: string | undefined) => (id && /^[a-z][a-z0-9+.-]*:\S+$/i.test(id) ? id : undefined);

const KIND_OF_MOTIVATION: Record<string, AnnotationKind> = { assessing: 'critique', questioning: 'question', linking: 'comparison', describing: 'citation' };

function fromW3c(items: W3cAnnotation[]): Candidate[] {
  const byIri = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  const replies: W3cAnnotation[] = [];
  for (const item of items) {
    const motivations = arr(item.motivation);
    if (motivations.includes('replying')) {
      replies.push(item);
      continue;
    }
    const target = arr(item.target).find((t) => typeof t !== 'string') as Exclude<z.infer<typeof W3cTarget>, string> | undefined;
    const selectors = arr(target?.selector);
    const quote = selectors.find((s) => s.type === 'TextQuoteSelector') as z.infer<typeof Quote> | undefined;
    const position = selectors.find((s) => s.type === 'TextPositionSelector') as z.infer<typeof Position> | undefined;
    const bodies = arr(item.body);
    const text = [item.bodyValue, ...bodies.map((b) => (typeof b === 'string' ? undefined : b.purpose === 'tagging' || b.purpose === 'describing' || b.type === 'SpecificResource' ? undefined : b.value))]
      .filter((v): v is string => typeof v === 'string')
      .join('\n\n');
    const tags = bodies.filter((b): b is Exclude<typeof b, string> => typeof b !== 'string' && b.purpose === 'tagging' && typeof b.value === 'string').map((b) => b.value!);
    const ext = item.crosswalk ?? {};
    const kind = (typeof ext.kind === 'string' ? ext.kind : KIND_OF_MOTIVATION[motivations[0] ?? '']) as AnnotationKind | undefined;
    const comparisonExt = ext.comparison as Candidate['comparison'] | undefined;
    const candidate: Candidate = {
      externalId: item.id ?? `w3c-${candidates.length + 1}`,
      sourceId: iriOf(item.id),
      documentId: typeof ext.documentId === 'string' ? ext.documentId : undefined,
      sourceIri: target?.source,
      quote: quote ? { type: 'TextQuoteSelector', exact: quote.exact, prefix: (quote.prefix ?? '').slice(-64), suffix: (quote.suffix ?? '').slice(0, 64) } : null,
      position: position?.start,
      // Without our extension, only what the Web Annotation model can carry survives: a comparison
      // needs its second passage and a citation its source, so those become critiques.
      kind: kind && (kind === 'critique' || kind === 'question' || (kind === 'comparison' && comparisonExt) || (kind === 'citation' && ext.citation)) ? kind : 'critique',
      body: text,
      tags,
      author: creatorOf(item.creator),
      created: item.created,
      updated: item.modified,
      status: ext.status === 'resolved' ? 'resolved' : 'open',
      category: CritiqueCategory.safeParse(ext.category).data,
      citation: ext.citation,
      comparison: comparisonExt,
      replies: [],
      // Our extension names members by their bare ids: those become the people their creators' IRIs do.
      reactions: (z.array(z.object({ by: z.object({ id: z.string(), name: z.string() }), reaction: Reaction, at: z.string().optional() })).safeParse(ext.reactions).data ?? []).map((r) => ({
        ...r,
        by: externalPerson(`urn:crosswalk:user:${encodeURIComponent(r.by.id)}`, r.by.name),
      })),
    };
    candidates.push(candidate);
    if (item.id) byIri.set(item.id, candidate);
  }
  for (const reply of replies) {
    const parentIri = arr(reply.target).find((t): t is string => typeof t === 'string') ?? (arr(reply.target)[0] as { source?: string } | undefined)?.source;
    const parent = parentIri ? byIri.get(parentIri) : undefined;
    const body = arr(reply.body).map((b) => (typeof b === 'string' ? b : (b.value ?? ''))).join('\n\n') || reply.bodyValue || '';
    if (parent && body.trim()) parent.replies.push({ sourceId: iriOf(reply.id), author: creatorOf(reply.creator), body, created: reply.created });
  }
  return candidates;
}

function fromHypothesis(rows: z.infer<typeof HypothesisAnnotation>[]): Candidate[] {
  const byId = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  const person = (row: z.infer<typeof HypothesisAnnotation>): Person => {
    const account = row.user ?? 'acct:unknown@hypothes.is';
    return externalPerson(account, row.user_info?.display_name ?? account.replace(/^acct:/, '').replace(/@.*$/, ''));
  };
  for (const row of rows.filter((r) => !r.references?.length)) {
    const selectors = row.target[0]?.selector ?? [];
    const quote = selectors.find((s) => s.type === 'TextQuoteSelector') as z.infer<typeof Quote> | undefined;
    const position = selectors.find((s) => s.type === 'TextPositionSelector') as z.infer<typeof Position> | undefined;
    const candidate: Candidate = {
      externalId: row.id,
      sourceId: `hypothesis:${row.id}`,
      sourceIri: row.target[0]?.source ?? row.uri,
      quote: quote ? { type: 'TextQuoteSelector', exact: quote.exact, prefix: (quote.prefix ?? '').slice(-64), suffix: (quote.suffix ?? '').slice(0, 64) } : null,
      position: position?.start,
      kind: row.text.trim().endsWith('?') ? 'question' : 'critique',
      body: row.text,
      tags: row.tags,
      author: person(row),
      created: row.created,
      updated: row.updated,
      replies: [],
      reactions: [],
    };
    candidates.push(candidate);
    byId.set(row.id, candidate);
  }
  for (const row of rows.filter((r) => r.references?.length)) {
    const parent = byId.get(row.references![0]!);
    if (parent && row.text.trim()) parent.replies.push({ sourceId: `hypothesis:${row.id}`, author: person(row), body: row.text, created: row.created });
  }
  return candidates;
}

/** Reads W3C JSON-LD (a collection, a page, a list or one annotation) or Hypothesis's JSON. */
export function readAnnotationFile(json: unknown): { format: ImportFormat; candidates: Candidate[] } {
  const root = json as Record<string, unknown> | unknown[];
  const rows = Array.isArray(root) ? root : Array.isArray((root as { rows?: unknown }).rows) ? ((root as { rows: unknown[] }).rows) : null;
  if (rows && rows.length > 0 && typeof rows[0] === 'object' && rows[0] !== null && 'uri' in (rows[0] as object) && !('type' in (rows[0] as object))) {
    if (rows.length > MAX_ANNOTATIONS) throw new ImportError(`too many annotations (at most ${MAX_ANNOTATIONS})`);
    const parsed = z.array(HypothesisAnnotation).safeParse(rows);
    if (!parsed.success) throw new ImportError(`not valid Hypothesis JSON: ${explain(parsed.error)}`);
    return { format: 'hypothesis', candidates: fromHypothesis(parsed.data) };
  }
  const items = Array.isArray(root)
    ? root
    : (root as { type?: unknown }).type === 'AnnotationCollection'
      ? ((root as { first?: { items?: unknown[] } }).first?.items ?? [])
      : (root as { type?: unknown }).type === 'AnnotationPage'
        ? ((root as { items?: unknown[] }).items ?? [])
        : [root];
  if (items.length > MAX_ANNOTATIONS) throw new ImportError(`too many annotations (at most ${MAX_ANNOTATIONS})`);
  const parsed = z.array(W3cAnnotation).safeParse(items);
  if (!parsed.success) throw new ImportError(`not a W3C Web Annotation file: ${explain(parsed.error)}`);
  return { format: 'w3c', candidates: fromW3c(parsed.data) };
}

