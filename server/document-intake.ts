import crypto from 'node:crypto';
import type { Node as PmNode } from 'prosemirror-model';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { TextIndex, describePassage, findQuote, resolvePassage, rootNames, textOffset, type Annotation, type DocumentMeta, type Passage, type Workspace } from '../core/index.js';
import { changedFacts, factsProblem, withFacts, type DocumentFacts } from '../core/document-meta.js';

/** Which document a text is for: a catalogue entry, or a new document with its title and date. */
export interface Destination {
  catalogueId?: string;
  title?: string;
  date?: string;
}

/** How this copy was obtained: the bytes as they came, where from, and the note that says so ("Uploaded memo.pdf by Ana on 2026-05-01."). */
export interface Provenance {
  bytes: Uint8Array | string;
  capture: string;
  sourceUrl?: string;
}

export interface Outcome {
  status: number;
  body: { id: string } | { error: string };
}

/**
 * Why a text cannot go to this destination (an unknown entry, or one whose text is in already),
 * or null. Asked before fetching or reading anything, and again when the text is added.
 */
export function refusal(workspace: Workspace, to: Destination): Outcome | null {
  if (!to.catalogueId) return null;
  const entry = workspace.document(to.catalogueId);
  if (!entry) return { status: 404, body: { error: `no catalogue entry "${to.catalogueId}"` } };
  if (entry.imported) return { status: 409, body: { error: `“${entry.title}” already has its text in the workspace` } };
  return null;
}

/**
 * Adds a text to the workspace as a locked source with its provenance (the time, the SHA-256 of
 * the bytes, the capture note): a catalogue entry's text, or a new document whose title and date
 * come from the request or from the file's front matter. Everyone connected sees it at once.
 */
export function admitDocument(workspace: Workspace, to: Destination, read: { doc: PmNode; front: Partial<DocumentMeta> }, provenance: Provenance): Outcome {
  const refused = refusal(workspace, to);
  if (refused) return refused;
  const entry = to.catalogueId ? workspace.document(to.catalogueId) : undefined;
  const { front } = read;
  const title = entry?.title ?? to.title ?? front.title;
  const date = entry?.date ?? to.date ?? front.date;
  if (!title || !date) return { status: 400, body: { error: 'a new document needs a title and a date' } };
  const id = entry?.id ?? `${slug(title)}-${date}`.slice(0, 80);
  if (!entry && workspace.document(id)) return { status: 409, body: { error: `a document “${id}” exists already` } };
  const now = new Date().toISOString();
  const meta: DocumentMeta = {
    ...front,
    ...entry,
    id,
    title,
    date,
    type: entry?.type ?? front.type ?? 'document',
    relations: entry?.relations ?? front.relations ?? [],
    sourceUrl: entry?.sourceUrl ?? front.sourceUrl ?? provenance.sourceUrl,
    locked: true,
    imported: true,
    order: entry?.order ?? workspace.documents().reduce((max, d) => Math.max(max, d.order), 0) + 1,
    retrieved: now,
    checksum: crypto.createHash('sha256').update(provenance.bytes).digest('hex'),
    // A Markdown file may say how its text was captured; the note of how it came here follows.
    capture: [front.capture, provenance.capture].filter(Boolean).join(' ').slice(0, 2000),
  };
  workspace.addDocument(meta, read.doc, 'import');
  return { status: 201, body: { id } };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'document';
}

/** Who is correcting a document, as the audit log and the provenance note name them. */
export interface Corrector {
  userId: string;
  name: string;
}

/** The facts of a document corrected; the fields that changed, for the audit log. */
export function editDocument(workspace: Workspace, id: string, facts: DocumentFacts): { status: 200; changed: string[]; document: DocumentMeta } | Outcome {
  const meta = workspace.document(id);
  if (!meta) return { status: 404, body: { error: `no document “${id}”` } };
  const problem = factsProblem(id, facts, (target) => workspace.document(target) !== undefined);
  if (problem) return { status: 400, body: { error: problem } };
  const next = withFacts(meta, facts);
  const changed = changedFacts(meta, next);
  if (changed.length > 0) workspace.setDocument(next, 'server');
  return { status: 200, changed, document: next };
}

/** How each annotation of a replaced text was found again in the new one. */
export interface ReanchorReport {
  /** Passages found again word for word (a comparison's passage in this document counts too). */
  exact: number;
  /** Found with small differences: the quote they had and the words they are on now. */
  approximate: { annotationId: string; quote: string; found: string }[];
  /** Not found: kept, detached, with their quote. */
  orphaned: { annotationId: string; quote: string }[];
}

export type ReplaceOutcome = { status: 200; report: ReanchorReport; document: DocumentMeta } | Outcome;

/**
 * Replaces a document's text with a corrected one and finds every annotation on it again by its
 * quote, comparisons' far passages included. The new text is written as y-prosemirror writes an
 * edit (a diff of the old fragment), so an annotation in a paragraph that did not move keeps its
 * anchors and is not rewritten; every other one is placed again from its quote. The provenance is the new
 * text's: when, the SHA-256 of its bytes, how it came, and which text it replaced. One
 * transaction: every reader sees the new text and the moved highlights together.
 */
export function replaceText(workspace: Workspace, id: string, read: { doc: PmNode }, provenance: Provenance): ReplaceOutcome {
  const meta = workspace.document(id);
  if (!meta) return { status: 404, body: { error: `no document “${id}”` } };
  if (!meta.imported) return { status: 409, body: { error: `“${meta.title}” has no text yet to replace: bring its text in instead` } };
  const checksum = crypto.createHash('sha256').update(provenance.bytes).digest('hex');
  if (checksum === meta.checksum) return { status: 409, body: { error: 'this is the very text already in the workspace (same SHA-256): nothing to replace' } };
  const earlier = meta.retrieved ? ` It replaces the text brought in on ${meta.retrieved.slice(0, 10)}${meta.checksum ? ` (SHA-256 ${meta.checksum.slice(0, 12)}…)` : ''}.` : '';
  const next: DocumentMeta = {
    ...meta,
    sourceUrl: provenance.sourceUrl ?? meta.sourceUrl,
    retrieved: new Date().toISOString(),
    checksum,
    capture: `${provenance.capture}${earlier}`.slice(0, 2000),
  };
  let report: ReanchorReport = { exact: 0, approximate: [], orphaned: [] };
  workspace.ydoc.transact(() => {
    workspace.setDocument(next, 'import');
    prosemirrorToYXmlFragment(read.doc, workspace.documentText(id));
    report = reanchor(workspace, id);
  }, 'import');
  return { status: 200, report, document: next };
}

/** The annotations a document's text carries, and the comparisons elsewhere that point into it. */
export function annotationsOf(workspace: Workspace, id: string): { on: Annotation[]; comparisons: Annotation[] } {
  const live = workspace.annotations().list().filter((a) => !a.deleted);
  return {
    on: live.filter((a) => a.passage.documentId === id),
    comparisons: live.filter((a) => a.passage.documentId !== id && a.kind === 'comparison' && a.comparison.target.documentId === id),
  };
}

/*
 * The server re-anchors on behalf of the person who replaced the text; the store lets only an
 * annotation's author move it, so the author is named as the one moving it. The audit log says
 * who replaced the text.
 */
function reanchor(workspace: Workspace, id: string): ReanchorReport {
  const report: ReanchorReport = { exact: 0, approximate: [], orphaned: [] };
  const index = new TextIndex(workspace.documentText(id));
  const store = workspace.annotations();
  const { on, comparisons } = annotationsOf(workspace, id);
  for (const a of on) {
    const moved = findAgain(workspace, index, a.id, a.passage, report);
    if (moved) store.reattach(a.id, a.author, moved, 'import');
  }
  for (const a of comparisons) {
    if (a.kind !== 'comparison') continue;
    const moved = findAgain(workspace, index, a.id, a.comparison.target, report);
    if (!moved) continue;
    const { id: _i, author: _a, created: _c, updated: _u, passage: _p, status: _s, deleted: _d, hidden: _h, replies: _r, reactions: _x, history: _y, ...content } = a;
    store.edit(a.id, a.author, { ...content, comparison: { ...a.comparison, target: moved } }, 'import');
  }
  return report;
}

/**
 * Finds a passage in the new text by its quote (exactly, else approximately, weighed by its
 * context and former place) and counts it in the report. The quote decides, not the old anchors:
 * the diff may have reused a paragraph's Yjs items for other words. Returns the passage to write,
 * or null when what is stored already says it: its anchors sit on the same words under the same
 * pinpoint, or it was detached already.
 */
function findAgain(workspace: Workspace, index: TextIndex, annotationId: string, passage: Passage, report: ReanchorReport): Passage | null {
  const found = findQuote(index.text, passage.quote, passage.position.start);
  const from = found ? index.pmOfText(textOffset(found.start)) : null;
  const to = found ? index.pmOfText(textOffset(found.end)) : null;
  const fresh = from !== null && to !== null ? describePassage(passage.documentId, index, from, to) : null;
  // With a quote that cannot be found, only the Yjs anchors can place the passage, not resolvePassage's fallback search.
  const held = resolvePassage(workspace.ydoc, index, { ...passage, quote: { ...passage.quote, exact: '\u0000' } });
  if (!found || !fresh) {
    report.orphaned.push({ annotationId, quote: passage.quote.exact });
    // Detached, as the report says, even where its anchors still land on reused items.
    return held.health === 'orphan' ? null : { ...passage, start: {}, end: {} };
  }
  if (found.errors === 0 && fresh.quote.exact === passage.quote.exact) report.exact += 1;
  else report.approximate.push({ annotationId, quote: passage.quote.exact, found: fresh.quote.exact });
  const unchanged = held.health !== 'orphan' && held.start === found.start && held.end === found.end && fresh.quote.exact === passage.quote.exact && fresh.pinpoint === passage.pinpoint;
  return unchanged ? null : fresh;
}

/** `onText`: annotations on its text; `comparisons`: comparisons written on other documents that pointed into it. */
export type RemoveOutcome = { status: 200; title: string; onText: number; comparisons: number; relationsUpdated: string[] } | Outcome;

/**
 * Removes a document from the workspace: its entry, its text, and its id from other documents'
 * relations. Its annotations, and the comparisons elsewhere that point into it, are either kept
 * (detached: their quotes are their record, listed as annotations of removed documents, and found
 * again if a text with the same id comes back) or marked deleted, as the person chose.
 */
export function removeDocument(workspace: Workspace, id: string, annotations: 'keep' | 'remove'): RemoveOutcome {
  const meta = workspace.document(id);
  if (!meta) return { status: 404, body: { error: `no document “${id}”` } };
  const { on, comparisons } = annotationsOf(workspace, id);
  const affected = [...on, ...comparisons];
  const relationsUpdated: string[] = [];
  workspace.ydoc.transact(() => {
    if (annotations === 'remove') {
      const store = workspace.annotations();
      for (const a of affected) store.remove(a.id, a.author, 'server');
    }
    for (const other of workspace.documents()) {
      if (other.id === id || !other.relations.some((r) => r.targets.includes(id))) continue;
      const relations = other.relations
        .map((r) => ({ ...r, targets: r.targets.filter((t) => t !== id) }))
        .filter((r) => r.targets.length > 0 || r.note.trim() !== '');
      workspace.setDocument({ ...other, relations }, 'server');
      relationsUpdated.push(other.id);
    }
    const text = workspace.documentText(id);
    if (text.length > 0) text.delete(0, text.length);
    // Workspace has no removal of an entry yet: this is the one write to the documents map by name outside it.
    workspace.ydoc.getMap(rootNames.DOCUMENTS).delete(id);
  }, 'server');
  return { status: 200, title: meta.title, onText: on.length, comparisons: comparisons.length, relationsUpdated };
}
