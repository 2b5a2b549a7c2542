import * as Y from 'yjs';
import { z } from 'zod';
import { CslItem, Person, SourceId, type Citation } from '../annotation.js';
import type { Origin } from '../origin.js';

/*
 * The workspace's library of sources, shared live like everything else: one record per source
 * by id, each a plain value validated here (by the client before it writes, by the server when it
 * judges an update). Citations name a library source by id and keep a copy of it, so an export
 * of an older workspace, or of a source removed since, still has what was cited. Merging keeps
 * the dropped record as a pointer to the one kept, so citations of either read the same source.
 */

export { SourceId };

export const LibrarySource = z.object({
  id: SourceId,
  item: CslItem,
  addedBy: Person,
  addedAt: z.iso.datetime(),
  editedBy: Person.optional(),
  editedAt: z.iso.datetime().optional(),
  /** Merged into another source: citations of this one read that one. */
  mergedInto: SourceId.optional(),
});
export type LibrarySource = z.infer<typeof LibrarySource>;

/** Library sources beyond this many are refused: a library is a reading list, not a catalogue. */
export const LIBRARY_LIMIT = 5000;

export function newSourceId(): SourceId {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `src-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const now = () => new Date().toISOString();

/** Typed access to the library map. */
export class Library {
  constructor(private readonly map: Y.Map<unknown>) {}

  /** Every valid source, merged ones included, by id. */
  all(): Map<SourceId, LibrarySource> {
    const result = new Map<SourceId, LibrarySource>();
    this.map.forEach((value, key) => {
      const parsed = LibrarySource.safeParse(value);
      if (parsed.success && parsed.data.id === key) result.set(key, parsed.data);
    });
    return result;
  }

  /** How many records the library holds, valid or not, without reading them. */
  size(): number {
    return this.map.size;
  }

  /** The sources to show and cite: not merged into another, by title. */
  list(): LibrarySource[] {
    return [...this.all().values()].filter((s) => !s.mergedInto).sort((a, b) => a.item.title.localeCompare(b.item.title));
  }

  get(id: string): LibrarySource | undefined {
    const parsed = LibrarySource.safeParse(this.map.get(id));
    return parsed.success && parsed.data.id === id ? parsed.data : undefined;
  }

  /** The source a citation of `id` reads: the record itself, or the one it was merged into. */
  resolve(id: string): LibrarySource | undefined {
    let source = this.get(id);
    for (let hops = 0; source?.mergedInto && hops < 16; hops++) source = this.get(source.mergedInto) ?? source;
    return source && !source.mergedInto ? source : undefined;
  }

  add(items: CslItem[], by: Person, origin: Origin): LibrarySource[] {
    const added = items.map((item) => LibrarySource.parse({ id: newSourceId(), item, addedBy: by, addedAt: now() }));
    this.map.doc!.transact(() => {
      for (const source of added) this.map.set(source.id, source);
    }, origin);
    return added;
  }

  update(id: SourceId, item: CslItem, by: Person, origin: Origin): LibrarySource {
    const existing = this.get(id);
    if (!existing) throw new Error(`no source ${id} in the library`);
    const updated = LibrarySource.parse({ ...existing, item, editedBy: by, editedAt: now() });
    this.map.doc!.transact(() => this.map.set(id, updated), origin);
    return updated;
  }

  /** Keeps `keep`, and points each of `drop` at it. */
  merge(keep: SourceId, drop: SourceId[], by: Person, origin: Origin): void {
    const kept = this.get(keep);
    if (!kept || kept.mergedInto) throw new Error('the source to keep is not in the library');
    this.map.doc!.transact(() => {
      for (const id of drop) {
        const source = this.get(id);
        if (!source || id === keep) continue;
        this.map.set(id, LibrarySource.parse({ ...source, mergedInto: keep, editedBy: by, editedAt: now() }));
      }
    }, origin);
  }

  remove(id: SourceId, origin: Origin): void {
    this.map.doc!.transact(() => this.map.delete(id), origin);
  }

  observe(listener: () => void): () => void {
    this.map.observe(listener);
    return () => this.map.unobserve(listener);
  }
}

/** What a citation cites now: its library source when it names one that is still there, else its own copy. */
export function citedSource(citation: Citation, library: Library | null): CslItem {
  if (!citation.sourceId || !library) return citation.source;
  return library.resolve(citation.sourceId)?.item ?? citation.source;
}

/** An annotation whose citation reads its library source as it is now: the same object when nothing differs. */
export function withLibrarySource<A extends { kind: string }>(annotation: A, library: Library | null): A {
  if (annotation.kind !== 'citation') return annotation;
  const cited = annotation as unknown as { citation: Citation };
  const source = citedSource(cited.citation, library);
  return source === cited.citation.source ? annotation : ({ ...annotation, citation: { ...cited.citation, source } } as A);
}
