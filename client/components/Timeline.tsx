import type { DocumentMeta } from '../../core/index.js';
import { documentPath, onLinkClick } from '../router.js';
import { formatDate, relationVerb, yearOf } from '../format.js';

interface Props {
  workspaceId: string;
  documents: DocumentMeta[];
  selectedId: string | null;
}

/** The notice and every later policy by date, with how each acts on the others. */
export function Timeline({ workspaceId, documents, selectedId }: Props) {
  const titles = new Map(documents.map((d) => [d.id, shortTitle(d)]));
  let lastYear = '';
  return (
    <nav class="timeline" aria-label="Documents by date">
      <h2 class="panel-title">Timeline</h2>
      <ol>
        {documents.map((doc) => {
          const year = yearOf(doc.date);
          const showYear = year !== lastYear;
          lastYear = year;
          return (
            <li key={doc.id} class={`timeline-item${doc.imported ? '' : ' not-imported'}`} data-document-id={doc.id}>
              {showYear && <div class="timeline-year">{year}</div>}
              <a
                href={documentPath(workspaceId, doc.id)}
                onClick={onLinkClick}
                aria-current={doc.id === selectedId ? 'page' : undefined}
              >
                <span class="timeline-date">{formatDate(doc.date, doc.dateNote)}</span>
                <span class="timeline-title">{doc.title}</span>
                <span class="timeline-meta">
                  <span class="chip">{doc.type}</span>
                  {doc.imported ? (
                    <span class="chip chip-ok">{doc.locked ? 'Source text' : 'Text'}</span>
                  ) : (
                    <span class="chip chip-muted">Not imported</span>
                  )}
                </span>
                {doc.issuer && <span class="timeline-issuer">{doc.issuer}</span>}
                {doc.relations.map((relation, i) => (
                  <span class={`timeline-relation rel-${relation.kind}`} key={i}>
                    {relation.targets.length > 0
                      ? `${relationVerb[relation.kind]} ${relation.targets.map((t) => titles.get(t) ?? t).join('; ')}`
                      : relation.note}
                  </span>
                ))}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** "Executive Order 13768, Enhancing Public Safety…" → "Executive Order 13768"; others keep their title. */
function shortTitle(doc: DocumentMeta): string {
  const eo = /^Executive Order \d+/.exec(doc.title);
  if (eo) return eo[0];
  if (doc.type === 'memorandum') return `the “${doc.title}” memo (${formatDate(doc.date)})`;
  return `${doc.title} (${formatDate(doc.date)})`;
}
