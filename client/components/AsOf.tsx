import { useMemo } from 'preact/hooks';
import { explain, type Annotation, type DocumentMeta } from '../../core/index.js';
import {
  AsOfDate,
  PASSAGE_STATUS_LABEL,
  crosswalkMatrix,
  documentsAsOf,
  labelledParagraphs,
  passagesAsOf,
  shortQuote,
  type DocumentAsOf,
  type PassageAsOf,
  type PassageStatus,
} from '../../core/crosswalk/index.js';
import type { Connection } from '../connection.js';
import { useTextVersion } from '../annotations/use-annotations.js';
import { asOfPath, documentPath, matrixPath, navigate, onLinkClick } from '../router.js';
import { formatDate } from '../format.js';
import { actPhrase, shortName, standingText } from './crosswalk-names.js';
import './crosswalk.css';
import './as-of.css';

interface Props {
  connection: Connection;
  documents: DocumentMeta[];
  annotations: Annotation[];
  /** The day in the address, unchecked. */
  date: string | null;
}

// Most consequential first; passages nobody has compared come last.
const STATUS_ORDER: PassageStatus[] = ['replaces', 'rescinds', 'contradicts', 'narrows', 'broadens', 'reinstates', 'retains', 'implements', 'related', 'lapsed', 'no-comparison'];

/** Today in the person's own calendar, as "YYYY-MM-DD". */
function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** The corpus as it stood on one day: which documents were in force, and where each passage of the notice stood. */
export function AsOf({ connection, documents, annotations, date }: Props) {
  const workspaceId = connection.workspaceId;
  const day = AsOfDate.safeParse(date ?? today());
  const matrix = useMemo(() => crosswalkMatrix(documents, annotations), [documents, annotations]);
  const originalId = matrix?.original.id ?? null;
  const textVersion = useTextVersion(connection, originalId);
  const paragraphs = useMemo(() => (originalId ? labelledParagraphs(connection.workspace.documentText(originalId)) : []), [connection, originalId, textVersion]);

  const chooser = (
    <label class="as-of-picker">
      <span>As of</span>
      <input
        type="date"
        value={day.success ? day.data : ''}
        onChange={(e) => {
          const value = (e.target as HTMLInputElement).value;
          if (value) navigate(asOfPath(workspaceId, value));
        }}
      />
    </label>
  );

  if (!day.success) {
    return (
      <section class="crosswalk-page" aria-labelledby="as-of-title">
        <header class="crosswalk-head">
          <h1 id="as-of-title">As of a day</h1>
          {chooser}
        </header>
        <p class="crosswalk-empty" role="alert">
          “{date}” is not a day this page can show ({explain(day.error)}). Choose one above.
        </p>
      </section>
    );
  }
  if (!matrix) return <p class="empty">This workspace has no documents yet.</p>;

  const names = new Map(documents.map((d) => [d.id, d]));
  const standings = documentsAsOf(documents, day.data);
  const passages = passagesAsOf(matrix.rows, documents, day.data, paragraphs);
  const groups = STATUS_ORDER.map((status) => ({ status, passages: passages.filter((p) => p.status === status) })).filter((g) => g.passages.length > 0);
  const documentGroups: { title: string; state: DocumentAsOf['standing']['state'] }[] = [
    { title: 'In force', state: 'in-force' },
    { title: 'Revoked, rescinded or replaced', state: 'ended' },
    { title: 'Not yet issued', state: 'not-yet-issued' },
  ];

  return (
    <section class="crosswalk-page as-of-page" aria-labelledby="as-of-title">
      <header class="crosswalk-head">
        <div>
          <h1 id="as-of-title">As of {formatDate(day.data)}</h1>
          <p class="crosswalk-lede">
            What was in force on that day, from how each document says it acts on the others, and where each passage of{' '}
            <a href={documentPath(workspaceId, matrix.original.id)} onClick={onLinkClick}>{matrix.original.title}</a> stood, from the latest comparison with a
            document issued by then and still in force. A comparison with a document revoked, rescinded or replaced by then no longer says where a
            passage stands: it is shown beside, with what ended it. <a href={matrixPath(workspaceId)} onClick={onLinkClick}>The whole crosswalk</a>.
          </p>
        </div>
        {chooser}
      </header>

      <div class="as-of-columns">
        <section aria-labelledby="as-of-documents">
          <h2 id="as-of-documents" class="as-of-heading">Documents</h2>
          {documentGroups.map(({ title, state }) => {
            const members = standings.filter((s) => s.standing.state === state);
            if (members.length === 0) return null;
            return (
              <div class="as-of-group" key={state} data-state={state}>
                <h3>
                  {title} <span class="as-of-count">{members.length}</span>
                </h3>
                <ul class="as-of-documents">
                  {members.map((entry) => {
                    const { label, detail } = standingText(entry, names);
                    return (
                      <li key={entry.document.id} data-document-id={entry.document.id} data-state={state}>
                        <a href={documentPath(workspaceId, entry.document.id)} onClick={onLinkClick}>
                          {shortName(entry.document)}
                        </a>
                        <span class="as-of-date">{formatDate(entry.document.date, entry.document.dateNote)}</span>
                        {state === 'ended' && <span class="as-of-standing">{label}</span>}
                        {detail && <span class="as-of-detail">{detail}</span>}
                      </li>
                    );
                  })}
                </ul>
              </div>
            );
          })}
        </section>

        <section aria-labelledby="as-of-passages">
          <h2 id="as-of-passages" class="as-of-heading">Passages of the notice</h2>
          {groups.map(({ status, passages: members }) => (
            <div class="as-of-group" key={status} data-status={status}>
              <h3>
                <span class={`relation-chip relation-${status}`}>{PASSAGE_STATUS_LABEL[status]}</span> <span class="as-of-count">{members.length}</span>
              </h3>
              <ul class="as-of-passages">
                {members.map((p) => (
                  <PassageItem key={`${p.pinpoint}-${p.start}`} passage={p} workspaceId={workspaceId} originalId={matrix.original.id} names={names} />
                ))}
              </ul>
            </div>
          ))}
        </section>
      </div>
    </section>
  );
}

function PassageItem({ passage, workspaceId, originalId, names }: { passage: PassageAsOf; workspaceId: string; originalId: string; names: Map<string, DocumentMeta> }) {
  const decided = passage.decidedBy;
  const by = decided ? names.get(decided.documentId) : undefined;
  const text = (
    <>
      {passage.pinpoint && <span class="matrix-pinpoint">{passage.pinpoint}</span>}
      <span class="matrix-quote">{shortQuote(passage.quote, 140)}</span>
    </>
  );
  return (
    <li data-pinpoint={passage.pinpoint ?? ''}>
      {decided ? (
        <a class="as-of-passage" href={documentPath(workspaceId, originalId, decided.documentId, decided.annotationId)} onClick={onLinkClick}>
          {text}
          <span class="as-of-by">by {by ? `${shortName(by)} (${formatDate(by.date)})` : decided.documentId}</span>
        </a>
      ) : (
        <div class="as-of-passage">{text}</div>
      )}
      {passage.lapsed && <LapsedNote lapsed={passage.lapsed} later={decided !== null} workspaceId={workspaceId} originalId={originalId} names={names} />}
    </li>
  );
}

/** "Was narrowed by Executive Order 13993 (January 20, 2021), revoked by Executive Order 14159 (January 20, 2025)." */
function LapsedNote({ lapsed, later, workspaceId, originalId, names }: { lapsed: NonNullable<PassageAsOf['lapsed']>; later: boolean; workspaceId: string; originalId: string; names: Map<string, DocumentMeta> }) {
  const { entry, endedBy } = lapsed;
  const document = names.get(entry.documentId);
  const name = document ? `${shortName(document)} (${formatDate(document.date)})` : entry.documentId;
  const verb = `${PASSAGE_STATUS_LABEL[entry.relation].toLowerCase()} ${entry.relation === 'related' ? 'to' : 'by'}`;
  return (
    <a class="as-of-lapsed" data-lapsed-by={entry.documentId} href={documentPath(workspaceId, originalId, entry.documentId, entry.annotationId)} onClick={onLinkClick}>
      {later ? 'Later ' : 'Was '}
      {verb} {name}, since {actPhrase(endedBy, names)}: not in force on this day.
    </a>
  );
}
