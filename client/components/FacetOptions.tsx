import type { Annotation } from '../../core/index.js';

/** The authors and tags of the live annotations, for the filter menus of the sidebar and the export. */
export function annotationFacets(annotations: Annotation[]): { authors: [string, string][]; tags: string[] } {
  const live = annotations.filter((a) => !a.deleted);
  return {
    authors: Array.from(new Map(live.map((a) => [a.author.id, a.author.name])).entries()),
    tags: Array.from(new Set(live.flatMap((a) => a.tags))).sort(),
  };
}

/** Options of an author menu: "Everyone", then each author. */
export function AuthorOptions({ authors }: { authors: [string, string][] }) {
  return (
    <>
      <option value="">Everyone</option>
      {authors.map(([id, name]) => (
        <option value={id} key={id}>
          {name}
        </option>
      ))}
    </>
  );
}

/** Options of a tag menu: "Any tag", then each tag. */
export function TagOptions({ tags }: { tags: string[] }) {
  return (
    <>
      <option value="">Any tag</option>
      {tags.map((t) => (
        <option value={t} key={t}>
          #{t}
        </option>
      ))}
    </>
  );
}
