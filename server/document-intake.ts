import crypto from 'node:crypto';
import type { Node as PmNode } from 'prosemirror-model';
import type { DocumentMeta, Workspace } from '../core/index.js';

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
