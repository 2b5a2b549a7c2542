import * as Y from 'yjs';
import type { Node as PmNode } from 'prosemirror-model';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { DocumentId, DocumentMeta, WorkspaceInfo, byDate } from './document-meta.js';
import type { Origin } from './origin.js';
import { Annotations } from './annotation-store.js';
import { Dismissals } from './suggestion-dismissals.js';
import { Seminar } from './seminar.js';
import { Library } from './citations/library.js';

/*
 * The workspace Y.Doc layout: the contract between the client, the server and the
 * exporters. These names are stored format; nothing outside this module spells them.
 */
const WORKSPACE = 'workspace';
const DOCUMENTS = 'documents';
const ANNOTATIONS = 'annotations';
const NOTEBOOK = 'notebook';
const AGENDA = 'agenda';
const AGENDA_ITEMS = 'agendaItems';
const SESSIONS = 'sessions';
const SEMINAR = 'seminar';
const DISMISSED_SUGGESTIONS = 'dismissedSuggestions';
const SOURCES = 'sources';
const DOCUMENT_TEXT_PREFIX = 'doc:';

/** The names of every top-level type, for code that must classify an update by where it lands. */
export const rootNames = { WORKSPACE, DOCUMENTS, ANNOTATIONS, NOTEBOOK, AGENDA, AGENDA_ITEMS, SESSIONS, SEMINAR, DISMISSED_SUGGESTIONS, SOURCES, DOCUMENT_TEXT_PREFIX } as const;

const ROOTS = new Set<string>([WORKSPACE, DOCUMENTS, ANNOTATIONS, NOTEBOOK, AGENDA, AGENDA_ITEMS, SESSIONS, SEMINAR, DISMISSED_SUGGESTIONS, SOURCES]);

/** Whether a top-level type of this name is part of the layout (an update may create no other). */
export function isWorkspaceRoot(name: string): boolean {
  return ROOTS.has(name) || (name.startsWith(DOCUMENT_TEXT_PREFIX) && DocumentId.safeParse(name.slice(DOCUMENT_TEXT_PREFIX.length)).success);
}

/** Typed access to one workspace's Y.Doc. */
export class Workspace {
  constructor(readonly ydoc: Y.Doc) {}

  private get infoMap(): Y.Map<unknown> {
    return this.ydoc.getMap(WORKSPACE);
  }

  private get documentMap(): Y.Map<unknown> {
    return this.ydoc.getMap(DOCUMENTS);
  }

  /** The workspace's title and description, or null before it has been seeded. */
  info(): WorkspaceInfo | null {
    const parsed = WorkspaceInfo.safeParse(this.infoMap.toJSON());
    return parsed.success ? parsed.data : null;
  }

  setInfo(info: WorkspaceInfo, origin: Origin): void {
    const valid = WorkspaceInfo.parse(info);
    this.ydoc.transact(() => {
      for (const [key, value] of Object.entries(valid)) this.infoMap.set(key, value);
    }, origin);
  }

  /** Every document and catalogue entry, by date. Entries that fail validation are left out. */
  documents(): DocumentMeta[] {
    const result: DocumentMeta[] = [];
    this.documentMap.forEach((value) => {
      const parsed = DocumentMeta.safeParse(value);
      if (parsed.success) result.push(parsed.data);
    });
    return result.sort(byDate);
  }

  document(id: string): DocumentMeta | undefined {
    const parsed = DocumentMeta.safeParse(this.documentMap.get(id));
    return parsed.success ? parsed.data : undefined;
  }

  setDocument(meta: DocumentMeta, origin: Origin): void {
    const valid = DocumentMeta.parse(meta);
    this.ydoc.transact(() => this.documentMap.set(valid.id, valid), origin);
  }

  /** The text of a document, as bound by y-prosemirror. */
  documentText(id: string): Y.XmlFragment {
    return this.ydoc.getXmlFragment(DOCUMENT_TEXT_PREFIX + id);
  }

  /** Adds a document with its text. Replaces nothing: the text must be empty. */
  addDocument(meta: DocumentMeta, doc: PmNode, origin: Origin): void {
    const text = this.documentText(meta.id);
    if (text.length > 0) throw new Error(`document "${meta.id}" already has a text`);
    this.ydoc.transact(() => {
      this.setDocument({ ...meta, imported: true }, origin);
      prosemirrorToYXmlFragment(doc, text);
    }, origin);
  }

  /** The group's shared notes. */
  notebook(): Y.XmlFragment {
    return this.ydoc.getXmlFragment(NOTEBOOK);
  }

  /** The annotations of every document. */
  annotations(): Annotations {
    return new Annotations(this.ydoc.getMap(ANNOTATIONS));
  }

  /** The library of sources the group cites from. */
  library(): Library {
    return new Library(this.ydoc.getMap(SOURCES));
  }

  /** Alignment suggestions the group has set aside. */
  dismissedSuggestions(): Dismissals {
    return new Dismissals(this.ydoc.getMap(DISMISSED_SUGGESTIONS));
  }

  /** Seminar sessions, the agenda (order in `agenda`, records in `agendaItems`) and what is being discussed now. */
  seminar(): Seminar {
    const types = { order: this.ydoc.getArray(AGENDA), items: this.ydoc.getMap(AGENDA_ITEMS), sessions: this.ydoc.getMap(SESSIONS), state: this.ydoc.getMap(SEMINAR) };
    return new Seminar(types, this.annotations());
  }

  /** Calls `listener` whenever the list of documents or their metadata changes. Returns an unsubscribe. */
  observeDocuments(listener: () => void): () => void {
    this.documentMap.observe(listener);
    return () => this.documentMap.unobserve(listener);
  }

  /** Calls `listener` whenever the workspace info changes. Returns an unsubscribe. */
  observeInfo(listener: () => void): () => void {
    this.infoMap.observe(listener);
    return () => this.infoMap.unobserve(listener);
  }
}

export interface WorkspaceSeed {
  info: WorkspaceInfo;
  documents: { meta: DocumentMeta; doc: PmNode }[];
  catalogue: DocumentMeta[];
}

/** Fills an empty workspace Y.Doc with its corpus, in one transaction. */
export function seedWorkspace(ydoc: Y.Doc, seed: WorkspaceSeed): Workspace {
  const workspace = new Workspace(ydoc);
  if (workspace.info() !== null) throw new Error('the workspace is already seeded');
  ydoc.transact(() => {
    workspace.setInfo(seed.info, 'seed');
    for (const entry of seed.catalogue) workspace.setDocument(entry, 'seed');
    for (const { meta, doc } of seed.documents) workspace.addDocument(meta, doc, 'seed');
  }, 'seed');
  return workspace;
}
