import type * as Y from 'yjs';
import { z } from 'zod';
import type { Node as PmNode } from 'prosemirror-model';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { AnnotationKind, AnnotationStatus, type Annotation, type CslItem, type Person } from '../annotation.js';
import { DocumentId, type DocumentMeta, type WorkspaceInfo } from '../document-meta.js';
import { TextIndex } from '../anchoring/text-index.js';
import { resolvePassage, type AnchorHealth } from '../anchoring/passage.js';
import { schema } from '../schema.js';
import { CitationStyle, DEFAULT_CITATION_STYLE } from '../citations/style-names.js';
import { Workspace } from '../workspace.js';
import { NO_PEOPLE, withCurrentNames, type People } from '../people.js';
import { withLibrarySource } from '../citations/library.js';

/** Which annotations an export holds, and whether authors are named. */
export const ExportFilters = z.object({
  documentId: DocumentId.optional(),
  kinds: z.array(AnnotationKind).max(4).optional(),
  authors: z.array(z.string().max(100)).max(200).optional(),
  tags: z.array(z.string().max(40)).max(50).optional(),
  status: AnnotationStatus.optional(),
  /** ISO dates (inclusive): annotations created in this range. */
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}/).optional(),
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}/).optional(),
  anonymise: z.boolean().default(false),
  /** Annotations and replies hidden by moderators are left out unless this is set. */
  includeHidden: z.boolean().default(false),
  /** The citation style; the workspace's when left out. */
  style: CitationStyle.optional(),
  /** What a bibliography export lists: the sources cited (by the annotations chosen), or the whole library. */
  sources: z.enum(['cited', 'library']).default('cited'),
});
export type ExportFilters = z.infer<typeof ExportFilters>;

/** One annotation in an export: numbered, with where its passage is now. */
export interface ExportNote {
  n: number;
  annotation: Annotation;
  health: AnchorHealth;
  /** Text offsets of the passage in its document's text, or null for an orphan. */
  start: number | null;
  end: number | null;
}

export interface ExportDocument {
  meta: DocumentMeta;
  doc: PmNode;
  text: string;
  notes: ExportNote[];
}

/** Everything an exporter needs, read once from the workspace. */
export interface ExportModel {
  workspaceId: string;
  info: WorkspaceInfo | null;
  generated: string;
  filters: ExportFilters;
  /** How citations are formatted: the request's style, else the workspace's. */
  style: CitationStyle;
  documents: ExportDocument[];
  /** The workspace library's sources (merged ones left out). */
  library: CslItem[];
  /** Documents of the workspace by id (for comparisons and citations that point elsewhere). */
  allDocuments: Map<string, DocumentMeta>;
}

export function matchesFilters(a: Annotation, f: ExportFilters): boolean {
  if (a.deleted) return false;
  if (a.hidden && !f.includeHidden) return false;
  if (f.kinds?.length && !f.kinds.includes(a.kind)) return false;
  if (f.authors?.length && !f.authors.includes(a.author.id) && !f.authors.includes(a.author.name)) return false;
  if (f.tags?.length && !a.tags.some((t) => f.tags!.includes(t))) return false;
  if (f.status && a.status !== f.status) return false;
  if (f.since && a.created.slice(0, 10) < f.since.slice(0, 10)) return false;
  if (f.until && a.created.slice(0, 10) > f.until.slice(0, 10)) return false;
  return true;
}

/** Replaces every person with "Participant n", consistently across annotations, replies and reactions. */
function anonymiser(): (person: Person) => Person {
  const seen = new Map<string, Person>();
  return (person) => {
    let alias = seen.get(person.id);
    if (!alias) {
      alias = { id: `participant-${seen.size + 1}`, name: `Participant ${seen.size + 1}` };
      seen.set(person.id, alias);
    }
    return alias;
  };
}

function anonymise(a: Annotation, as: (p: Person) => Person): Annotation {
  return {
    ...a,
    author: as(a.author),
    hidden: a.hidden && { ...a.hidden, by: as(a.hidden.by) },
    replies: a.replies.map((r) => ({ ...r, author: as(r.author), hidden: r.hidden && { ...r.hidden, by: as(r.hidden.by) } })),
    reactions: a.reactions.map((r) => ({ ...r, by: as(r.by) })),
    history: a.history.map((h) => ({ ...h, by: as(h.by) })),
  };
}

/**
 * Reads the documents (one, or every imported one) and their filtered annotations, in text order,
 * with members named as they are now (`people`; see core/people.ts).
 */
export function buildExportModel(ydoc: Y.Doc, workspaceId: string, input: Partial<ExportFilters> = {}, people: People = NO_PEOPLE): ExportModel {
  const filters = ExportFilters.parse(input);
  const workspace = new Workspace(ydoc);
  const library = workspace.library();
  const all = workspace.documents();
  const chosen = all.filter((d) => d.imported && (!filters.documentId || d.id === filters.documentId));
  const annotations = workspace
    .annotations()
    .list()
    .map((a) => withLibrarySource(withCurrentNames(a, people), library))
    .filter((a) => matchesFilters(a, filters))
    .map((a) => (filters.includeHidden ? a : { ...a, replies: a.replies.filter((r) => !r.hidden) }));
  const as = filters.anonymise ? anonymiser() : null;
  let n = 0;
  const documents = chosen.map((meta) => {
    const fragment = workspace.documentText(meta.id);
    const index = new TextIndex(fragment);
    const notes = annotations
      .filter((a) => a.passage.documentId === meta.id)
      .map((a) => {
        const resolved = resolvePassage(ydoc, index, a.passage);
        return resolved.health === 'orphan'
          ? { annotation: a, health: resolved.health, start: null, end: null }
          : { annotation: a, health: resolved.health, start: resolved.start as number, end: resolved.end as number };
      })
      .sort((x, y) => (x.start ?? Infinity) - (y.start ?? Infinity) || (x.annotation.created < y.annotation.created ? -1 : 1))
      .map((note) => ({ ...note, n: ++n, annotation: as ? anonymise(note.annotation, as) : note.annotation }));
    return { meta, doc: yXmlFragmentToProseMirrorRootNode(fragment, schema), text: index.text, notes };
  });
  const info = workspace.info();
  const style = filters.style ?? info?.citationStyle ?? DEFAULT_CITATION_STYLE;
  return { workspaceId, info, generated: new Date().toISOString(), filters, style, documents, library: library.list().map((s) => s.item), allDocuments: new Map(all.map((d) => [d.id, d])) };
}
