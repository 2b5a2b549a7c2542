import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Annotation, DocumentMeta, Person, Role } from '../../core/index.js';
import { ModerationContext, moderationFor } from '../annotations/moderation.js';
import { useAnnotations } from '../annotations/use-annotations.js';
import { formatDate, formatDateTime, yearOf } from '../format.js';
import { useWide } from '../media.js';
import { documentPath, onLinkClick } from '../router.js';
import { listVersions, useVersionSource, type VersionSource, type VersionSummary } from '../versions.js';
import { Desk } from './Desk.js';
import { VersionCompare } from './VersionCompare.js';
import { VersionExport } from './VersionsPanel.js';
import './versions.css';
import { Sheet } from './Dialog.js';
import { usePageTitle } from '../title.js';

interface Props {
  workspaceId: string;
  versionId: string;
  documentId: string | null;
  besideId: string | null;
  focusId: string | null;
  me: Person;
  /** The person's role in the live workspace: moderators see hidden items in a version too. */
  role: Role;
}

type Panel = 'timeline' | 'reader' | 'annotations';
const PANEL_LABEL: Record<Panel, string> = { timeline: 'Documents', reader: 'Read', annotations: 'Annotations' };

/** A named version, read-only: its documents, and a document with its highlights and cards as they were. */
export function VersionView(props: Props) {
  const { source, error } = useVersionSource(props.workspaceId, props.versionId);
  // A version takes no moderation: moderators see what was hidden, and change nothing.
  const moderation = useMemo(() => moderationFor(props.role, null, props.me), [props.role]);
  if (error)
    return (
      <div class="fullscreen-message" role="alert">
        <h1>This version could not be opened</h1>
        <p>{error}</p>
        <p>
          <a href={`/w/${encodeURIComponent(props.workspaceId)}`}>Back to the live workspace</a>
        </p>
      </div>
    );
  if (!source)
    return (
      <div class="fullscreen-message" aria-busy="true">
        <p>Opening the version…</p>
      </div>
    );
  return (
    <ModerationContext.Provider value={moderation}>
      <OpenVersion {...props} source={source} />
    </ModerationContext.Provider>
  );
}

function OpenVersion({ source, documentId, besideId, focusId, me }: Props & { source: VersionSource }) {
  const { workspaceId, version } = source;
  // A version never changes: its documents are read once.
  const documents = useMemo(() => source.workspace.documents(), [source]);
  const info = useMemo(() => source.workspace.info(), [source]);
  const annotations = useAnnotations(source);
  const wide = useWide();
  const [panel, setPanel] = useState<Panel>('reader');
  const [sheet, setSheet] = useState<'compare' | 'export' | null>(null);
  useEffect(() => setPanel('reader'), [documentId]);

  const selected = documents.find((d) => d.id === documentId) ?? documents.filter((d) => d.imported).sort((a, b) => a.order - b.order)[0] ?? null;
  const beside = documents.find((d) => d.id === besideId && d.imported && d.id !== selected?.id) ?? null;
  const live = selected ? documentPath(workspaceId, selected.id) : `/w/${encodeURIComponent(workspaceId)}`;
  usePageTitle(selected && (beside ? `${selected.title} beside ${beside.title}` : selected.title), `version “${version.name}”`, info?.title);

  return (
    <div class="shell version-shell" data-panel={panel} data-notebook="closed">
      <header class="topbar">
        <a class="brand" href={live} onClick={onLinkClick} aria-label="Crosswalk: the live workspace">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Crosswalk</span>
        </a>
        <div class="workspace-title">
          <span class="workspace-name">{version.name}</span>
          <span class="workspace-description">A saved version of {info?.title ?? workspaceId}</span>
        </div>
        <button type="button" class="topbar-toggle topbar-members" onClick={() => setSheet('compare')}>
          Compare
        </button>
        <button type="button" class="topbar-toggle topbar-members" onClick={() => setSheet('export')}>
          Export
        </button>
      </header>
      <div class="banner-stack">
        <div class="banner banner-version" role="note">
          <span>
            Version “{version.name}”, saved by {version.createdBy.name} on {formatDateTime(version.createdAt)}
            {version.reason === 'session-end' ? ' at the end of a session' : ''}: read-only.
          </span>{' '}
          <a href={live} onClick={onLinkClick}>
            Back to the live workspace
          </a>
        </div>
      </div>
      <nav class="panel-tabs" aria-label="Panels">
        {(['timeline', 'reader', 'annotations'] as const).map((p) => (
          <button type="button" key={p} aria-pressed={panel === p} onClick={() => setPanel(p)}>
            {PANEL_LABEL[p]}
          </button>
        ))}
      </nav>
      <aside class="panel panel-timeline">
        <VersionDocuments source={source} documents={documents} selectedId={selected?.id ?? null} />
      </aside>
      <main class="panel panel-reader">
        {selected ? (
          <Desk
            key={selected.id}
            connection={source}
            me={me}
            role="viewer"
            document={selected}
            beside={beside}
            initialFocusId={focusId}
            documents={documents}
            people={[]}
            alignCards={wide}
            onShowAnnotations={() => !wide && setPanel('annotations')}
            onShowText={() => !wide && setPanel('reader')}
            seminar={null}
          />
        ) : (
          <p class="empty">This version has no documents.</p>
        )}
      </main>
      {sheet && (
        <Sheet key={sheet} title={sheet === 'compare' ? 'Compare versions' : `Export “${version.name}”`} class="versions-sheet" onClose={() => setSheet(null)}>
          {sheet === 'compare' ? (
            <CompareWithLive workspaceId={workspaceId} version={version} documents={documents} annotations={annotations} />
          ) : (
            <VersionExport workspaceId={workspaceId} version={version} documentId={selected?.id ?? null} />
          )}
        </Sheet>
      )}
    </div>
  );
}

/** This version against the live workspace to begin with; either side can be changed. */
function CompareWithLive({ workspaceId, version, documents, annotations }: { workspaceId: string; version: VersionSummary; documents: DocumentMeta[]; annotations: Annotation[] }) {
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listVersions(workspaceId).then(setVersions, (e: Error) => setError(e.message));
  }, [workspaceId]);
  if (error)
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    );
  return versions ? <VersionCompare workspaceId={workspaceId} versions={versions} from={version.id} to="live" documents={documents} annotations={annotations} /> : <p class="progress">Loading versions…</p>;
}

/** The version's documents by date, as the timeline shows the live ones; links stay inside the version. */
function VersionDocuments({ source, documents, selectedId }: { source: VersionSource; documents: DocumentMeta[]; selectedId: string | null }) {
  let lastYear = '';
  return (
    <nav class="timeline" aria-label="Documents in this version">
      <h2 class="panel-title">Documents in this version</h2>
      <ol>
        {documents.map((doc) => {
          const year = yearOf(doc.date);
          const showYear = year !== lastYear;
          lastYear = year;
          return (
            <li key={doc.id} class={`timeline-item${doc.imported ? '' : ' not-imported'}`} data-document-id={doc.id}>
              {showYear && <div class="timeline-year">{year}</div>}
              <a href={source.documentPath(doc.id)} onClick={onLinkClick} aria-current={doc.id === selectedId ? 'page' : undefined}>
                <span class="timeline-date">{formatDate(doc.date, doc.dateNote)}</span>
                <span class="timeline-title">{doc.title}</span>
                <span class="timeline-meta">
                  <span class="chip">{doc.type}</span>
                  {doc.imported ? <span class="chip chip-ok">{doc.locked ? 'Source text' : 'Text'}</span> : <span class="chip chip-muted">Not imported</span>}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
