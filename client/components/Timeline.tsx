import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DocumentMeta } from '../../core/index.js';
import { AsOfDate, documentsAsOf } from '../../core/crosswalk/index.js';
import { AsOfControl, StandingMark } from './AsOfControl.js';
import { AddDocumentButton } from './AddDocumentPanel.js';
import { documentPath, onLinkClick } from '../router.js';
import { formatDate, relationVerb, yearOf } from '../format.js';

interface Props {
  workspaceId: string;
  documents: DocumentMeta[];
  selectedId: string | null;
  /** The day of the as-of page being shown, to start the control from. */
  asOfDate?: string | null;
}

/** The notice and every later policy by date, with how each acts on the others. */
export function Timeline({ workspaceId, documents, selectedId, asOfDate }: Props) {
  const titles = new Map(documents.map((d) => [d.id, shortTitle(d)]));
  const [asOf, setAsOf] = useState(asOfDate ?? '');
  useEffect(() => {
    if (asOfDate) setAsOf(asOfDate);
  }, [asOfDate]);
  const day = AsOfDate.safeParse(asOf);
  const standings = useMemo(() => (day.success ? new Map(documentsAsOf(documents, day.data).map((s) => [s.document.id, s])) : null), [documents, asOf]);
  const byId = new Map(documents.map((d) => [d.id, d]));
  let lastYear = '';
  return (
    <nav class="timeline" aria-label="Documents by date" data-as-of={standings ? asOf : undefined}>
      <h2 class="panel-title">Timeline</h2>
      <AddDocumentButton workspaceId={workspaceId} />
      <AsOfControl workspaceId={workspaceId} value={asOf} onChange={setAsOf} />
      <ol>
        {documents.map((doc) => {
          const year = yearOf(doc.date);
          const showYear = year !== lastYear;
          lastYear = year;
          const standing = standings?.get(doc.id);
          return (
            <li key={doc.id} class={`timeline-item${doc.imported ? '' : ' not-imported'}`} data-document-id={doc.id} data-standing={standing?.standing.state}>
              {showYear && <div class="timeline-year">{year}</div>}
              <a
                href={documentPath(workspaceId, doc.id)}
                onClick={onLinkClick}
                aria-current={doc.id === selectedId ? 'page' : undefined}
              >
                <span class="timeline-date">{formatDate(doc.date, doc.dateNote)}</span>
                {standing && <StandingMark entry={standing} names={byId} />}
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
