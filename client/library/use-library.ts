import { useEffect, useState } from 'preact/hooks';
import type { LibrarySource } from '../../core/index.js';
import type { WorkspaceSource } from '../connection.js';

/** The library's sources to show and cite, re-read whenever anyone changes it. */
export function useLibrary(source: WorkspaceSource): LibrarySource[] {
  const [sources, setSources] = useState(() => source.workspace.library().list());
  useEffect(() => {
    const library = source.workspace.library();
    const update = () => setSources(library.list());
    update();
    return library.observe(update);
  }, [source]);
  return sources;
}

/** Sources whose authors, title, year or container hold every word of `query`. */
export function searchLibrary(sources: LibrarySource[], query: string): LibrarySource[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return sources;
  return sources.filter((s) => {
    const { item } = s;
    const text = fold(
      [item.title, item['container-title'], item.publisher, item.DOI, String(item.issued?.['date-parts'][0]?.[0] ?? ''), ...(item.author ?? []).map((n) => ('literal' in n ? n.literal : `${n.family} ${n.given ?? ''}`))].join(' '),
    );
    return words.every((w) => text.includes(w));
  });
}

const fold = (text: string | undefined) => (text ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
