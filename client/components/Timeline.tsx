import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Annotation, DocumentMeta } from '../../core/index.js';
import { AsOfDate, documentsAsOf, labelledParagraphs, originalDocument } from '../../core/crosswalk/index.js';
import type { WorkspaceSource } from '../connection.js';
import { managesDocuments, useMembership } from '../membership.js';
import { AsOfControl, StandingMark } from './AsOfControl.js';
import { AddDocumentButton } from './AddDocumentPanel.js';
import { Checklist } from './Checklist.js';
import { DetachedAnnotations } from './DetachedAnnotations.js';
import { DocumentSettings, type Removal } from './DocumentSettings.js';
import { firstSteps, progressByDocument, type Progress } from './timeline-progress.js';
import { documentPath, navigate, onLinkClick } from '../router.js';
import { formatDate, relationVerb, yearOf } from '../format.js';
import './documents.css';

interface Props {
  workspaceId: string;
  documents: DocumentMeta[];
  selectedId: string | null;
  /** The day of the as-of page being shown, to start the control from. */
  asOfDate?: string | null;
  /** The live workspace and its annotations: with them the timeline shows each document's progress, the first steps and detached annotations. */
  source?: WorkspaceSource;
  annotations?: Annotation[];
}

/** The notice and every later policy by date, with how each acts on the others and how far the group has got with each. */
export function Timeline({ workspaceId, documents, selectedId, asOfDate, source, annotations }: Props) {
  const titles = new Map(documents.map((d) => [d.id, shortTitle(d)]));
  const [asOf, setAsOf] = useState(asOfDate ?? '');
  useEffect(() => {
    if (asOfDate) setAsOf(asOfDate);
  }, [asOfDate]);
  const day = AsOfDate.safeParse(asOf);
  const standings = useMemo(() => (day.success ? new Map(documentsAsOf(documents, day.data).map((s) => [s.document.id, s])) : null), [documents, asOf]);
  const byId = new Map(documents.map((d) => [d.id, d]));

  const membership = useMembership(workspaceId);
  const canManage = managesDocuments(membership?.role);
  const [settingsFor, setSettingsFor] = useState<string | null>(null);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const openers = useRef(new Map<string, HTMLButtonElement>());
  const removalNote = useRef<HTMLParagraphElement>(null);
  // The entry and its button are gone: the focus and the eye go to what happened instead.
  useEffect(() => {
    if (!removal) return;
    removalNote.current?.scrollIntoView({ block: 'nearest' });
    removalNote.current?.focus();
  }, [removal]);
  const settingsDoc = settingsFor ? byId.get(settingsFor) : undefined;
  const closeSettings = () => {
    const opener = settingsFor ? openers.current.get(settingsFor) : undefined;
    setSettingsFor(null);
    opener?.focus();
  };

  const originalId = originalDocument(documents)?.id ?? null;
  const textVersion = useFragmentVersion(source, originalId);
  const paragraphs = useMemo(() => (source && originalId ? labelledParagraphs(source.workspace.documentText(originalId)) : []), [source, originalId, textVersion]);
  const progress = useMemo(() => (annotations ? progressByDocument(documents, annotations, paragraphs) : null), [documents, annotations, paragraphs]);
  const steps = useMemo(() => (annotations ? firstSteps(documents, annotations, originalId) : null), [documents, annotations, originalId]);

  let lastYear = '';
  return (
    <nav class="timeline" aria-label="Documents by date" data-as-of={standings ? asOf : undefined}>
      <h2 class="panel-title">Timeline</h2>
      {membership?.role === 'owner' && steps && <Checklist workspaceId={workspaceId} userId={membership.userId} documents={documents} originalId={originalId} steps={steps} />}
      {removal && (
        <p class="removal-note" role="status" tabIndex={-1} ref={removalNote}>
          <span>
            Removed “{removal.title}”. <RemovalOutcome removal={removal} />
          </span>
          <button type="button" class="toast-close" aria-label="Dismiss" onClick={() => setRemoval(null)}>
            ×
          </button>
        </p>
      )}
      {canManage && <AddDocumentButton workspaceId={workspaceId} documents={documents} />}
      <AsOfControl workspaceId={workspaceId} value={asOf} onChange={setAsOf} />
      <ol>
        {documents.map((doc) => {
          const year = yearOf(doc.date);
          const showYear = year !== lastYear;
          lastYear = year;
          const standing = standings?.get(doc.id);
          const done = progress?.get(doc.id);
          return (
            <li key={doc.id} class={`timeline-item${doc.imported ? '' : ' not-imported'}${canManage ? ' manageable' : ''}`} data-document-id={doc.id} data-standing={standing?.standing.state}>
              {showYear && <div class="timeline-year">{year}</div>}
              <div class="timeline-entry">
                <a href={documentPath(workspaceId, doc.id)} onClick={onLinkClick} aria-current={doc.id === selectedId ? 'page' : undefined}>
                  <span class="timeline-date">{formatDate(doc.date, doc.dateNote)}</span>
                  {standing && <StandingMark entry={standing} names={byId} />}
                  <span class="timeline-title">{doc.title}</span>
                  <span class="timeline-meta">
                    <span class="chip">{doc.type}</span>
                    {doc.imported ? <span class="chip chip-ok">{doc.locked ? 'Source text' : 'Text'}</span> : <span class="chip chip-muted">Not imported</span>}
                  </span>
                  {doc.issuer && <span class="timeline-issuer">{doc.issuer}</span>}
                  {doc.relations.map((relation, i) => (
                    <span class={`timeline-relation rel-${relation.kind}`} key={i}>
                      {relation.targets.length > 0 ? `${relationVerb[relation.kind]} ${relation.targets.map((t) => titles.get(t) ?? t).join('; ')}` : relation.note}
                      {relation.date && <span class="timeline-relation-date"> from {formatDate(relation.date)}</span>}
                    </span>
                  ))}
                  {done && <ProgressLine progress={done} />}
                </a>
                {canManage && (
                  <button
                    type="button"
                    class="timeline-settings"
                    aria-label={`Settings of “${doc.title}”`}
                    title="Document settings"
                    aria-haspopup="dialog"
                    ref={(el) => {
                      if (el) openers.current.set(doc.id, el);
                      else openers.current.delete(doc.id);
                    }}
                    onClick={() => setSettingsFor(doc.id)}
                  >
                    <GearIcon />
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {source && annotations && <DetachedAnnotations source={source} documents={documents} annotations={annotations} me={membership ? { id: membership.userId, name: membership.name } : null} />}
      {settingsDoc && membership && (
        <DocumentSettings
          workspaceId={workspaceId}
          document={settingsDoc}
          documents={documents}
          role={membership.role}
          onClose={closeSettings}
          onRemoved={(done) => {
            setSettingsFor(null);
            setRemoval(done);
            if (settingsDoc.id === selectedId) navigate(`/w/${encodeURIComponent(workspaceId)}`);
          }}
        />
      )}
    </nav>
  );
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What became of a removed document's annotations, in a sentence or two. */
function RemovalOutcome({ removal: r }: { removal: Removal }) {
  if (r.onText + r.comparisons === 0) return null;
  if (r.annotations === 'removed') return <>{count(r.onText + r.comparisons, 'annotation was', 'annotations were')} removed with it.</>;
  return (
    <>
      {r.onText > 0 && `${count(r.onText, 'annotation is', 'annotations are')} kept, detached: listed at the foot of the timeline. `}
      {r.comparisons > 0 && `${count(r.comparisons, 'comparison', 'comparisons')} with it ${r.comparisons === 1 ? 'stays on its document, its far side detached' : 'stay on their documents, their far sides detached'}.`}
    </>
  );
}

/** "4 of 10 paragraphs compared · 2 open questions", with a bar for the first part. */
function ProgressLine({ progress: p }: { progress: Progress }) {
  const share = p.paragraphs > 0 ? Math.round((100 * p.compared) / p.paragraphs) : 0;
  return (
    <span class="timeline-progress" data-compared={p.compared} data-open-questions={p.openQuestions}>
      <span class="progress-track" aria-hidden="true">
        <span class="progress-fill" style={{ width: `${share}%` }} />
      </span>
      <span class="progress-text">
        {p.compared} of {p.paragraphs} paragraphs compared
        {p.openQuestions > 0 && ` · ${p.openQuestions} open ${p.openQuestions === 1 ? 'question' : 'questions'}`}
      </span>
    </span>
  );
}

// Feather's "settings" icon (MIT): a gear people recognise at 18 px.
function GearIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <circle cx="12" cy="12" r="3" />
      <path d="M19.4 15a1.65 1.65 0 0 0 .33 1.82l.06.06a2 2 0 0 1 0 2.83 2 2 0 0 1-2.83 0l-.06-.06a1.65 1.65 0 0 0-1.82-.33 1.65 1.65 0 0 0-1 1.51V21a2 2 0 0 1-2 2 2 2 0 0 1-2-2v-.09A1.65 1.65 0 0 0 9 19.4a1.65 1.65 0 0 0-1.82.33l-.06.06a2 2 0 0 1-2.83 0 2 2 0 0 1 0-2.83l.06-.06a1.65 1.65 0 0 0 .33-1.82 1.65 1.65 0 0 0-1.51-1H3a2 2 0 0 1-2-2 2 2 0 0 1 2-2h.09A1.65 1.65 0 0 0 4.6 9a1.65 1.65 0 0 0-.33-1.82l-.06-.06a2 2 0 0 1 0-2.83 2 2 0 0 1 2.83 0l.06.06a1.65 1.65 0 0 0 1.82.33H9a1.65 1.65 0 0 0 1-1.51V3a2 2 0 0 1 2-2 2 2 0 0 1 2 2v.09a1.65 1.65 0 0 0 1 1.51 1.65 1.65 0 0 0 1.82-.33l.06-.06a2 2 0 0 1 2.83 0 2 2 0 0 1 0 2.83l-.06.06a1.65 1.65 0 0 0-.33 1.82V9a1.65 1.65 0 0 0 1.51 1H21a2 2 0 0 1 2 2 2 2 0 0 1-2 2h-.09a1.65 1.65 0 0 0-1.51 1z" />
    </svg>
  );
}

/** Re-renders when a document's text changes (its paragraphs are counted); nothing without a source. */
function useFragmentVersion(source: WorkspaceSource | undefined, documentId: string | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!source || !documentId) return undefined;
    const fragment = source.workspace.documentText(documentId);
    const bump = () => setVersion((v) => v + 1);
    fragment.observeDeep(bump);
    return () => fragment.unobserveDeep(bump);
  }, [source, documentId]);
  return version;
}

/** "Executive Order 13768, Enhancing Public Safety…" → "Executive Order 13768"; others keep their title. */
function shortTitle(doc: DocumentMeta): string {
  const eo = /^Executive Order \d+/.exec(doc.title);
  if (eo) return eo[0];
  if (doc.type === 'memorandum') return `the “${doc.title}” memo (${formatDate(doc.date)})`;
  return `${doc.title} (${formatDate(doc.date)})`;
}
