import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { Annotation, DocumentMeta, SeminarSession } from '../../core/index.js';
import { api } from '../api.js';
import type { WorkspaceSource } from '../connection.js';
import { ModerationContext, visibleAnnotations } from '../annotations/moderation.js';
import { onLinkClick, versionPath } from '../router.js';
import { defaultVersionName, listVersions, useVersionSource, versionsUrl, type VersionSummary } from '../versions.js';
import { ExportForm } from './ExportPanel.js';
import { Participation, SessionList } from './Participation.js';
import { VersionCompare, type VersionRef } from './VersionCompare.js';
import './versions.css';
import { formatDateTime } from '../format.js';
import { Sheet } from './Dialog.js';

type Tab = 'versions' | 'participation' | 'sessions';
type View = { kind: 'list' } | { kind: 'compare'; from: VersionRef; to: VersionRef } | { kind: 'export'; version: VersionSummary };

interface Props {
  /** The live workspace. */
  source: WorkspaceSource;
  /** Owners and editors save versions and see participation. */
  moderator: boolean;
  documents: DocumentMeta[];
  annotations: Annotation[];
  /** The document being read, offered first in an export. */
  documentId: string | null;
  onClose: () => void;
}

export const REASON_LABEL: Record<VersionSummary['reason'], string> = { manual: 'Saved by hand', 'session-end': 'End of a session' };

/** The workspace's records: named versions (save, open, compare, export), participation and sessions. */
export function VersionsPanel({ source, moderator, documents, annotations, documentId, onClose }: Props) {
  const workspaceId = source.workspaceId;
  const [tab, setTab] = useState<Tab>('versions');
  const [view, setView] = useState<View>({ kind: 'list' });
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sessions = useSessions(source);

  const reload = () => listVersions(workspaceId).then(setVersions, (e: Error) => setError(e.message));
  useEffect(() => void reload(), [workspaceId]);

  const tabs: [Tab, string][] = moderator
    ? [
        ['versions', 'Versions'],
        ['participation', 'Participation'],
        ['sessions', 'Sessions'],
      ]
    : [
        ['versions', 'Versions'],
        ['sessions', 'Sessions'],
      ];
  const title = view.kind === 'compare' ? 'Compare versions' : view.kind === 'export' ? `Export “${view.version.name}”` : 'Versions and sessions';

  return (
    <Sheet title={title} class="versions-sheet" onClose={onClose}>
        {view.kind === 'list' ? (
          <nav class="sheet-tabs" role="tablist">
            {tabs.map(([t, label]) => (
              <button type="button" role="tab" key={t} aria-selected={tab === t} onClick={() => setTab(t)}>
                {label}
              </button>
            ))}
          </nav>
        ) : (
          <p class="sheet-back">
            <button type="button" class="link-button" onClick={() => setView({ kind: 'list' })}>
              ← All versions
            </button>
          </p>
        )}
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {view.kind === 'compare' && versions && (
          <VersionCompare workspaceId={workspaceId} versions={versions} from={view.from} to={view.to} documents={documents} annotations={annotations} />
        )}
        {view.kind === 'export' && <VersionExport workspaceId={workspaceId} version={view.version} documentId={documentId} />}
        {view.kind === 'list' && tab === 'versions' && (
          <>
            {moderator && <SaveVersion workspaceId={workspaceId} onSaved={reload} />}
            <VersionList
              workspaceId={workspaceId}
              versions={versions}
              onCompare={(v) => setView({ kind: 'compare', from: v.id, to: 'live' })}
              onExport={(v) => setView({ kind: 'export', version: v })}
            />
          </>
        )}
        {view.kind === 'list' && tab === 'participation' && moderator && <Participation workspaceId={workspaceId} />}
        {view.kind === 'list' && tab === 'sessions' && <SessionList workspaceId={workspaceId} sessions={sessions} />}
    </Sheet>
  );
}

function SaveVersion({ workspaceId, onSaved }: { workspaceId: string; onSaved: () => void }) {
  const [name, setName] = useState(defaultVersionName);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  return (
    <form
      class="save-version"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setMessage(null);
        api<{ version: VersionSummary }>(versionsUrl(workspaceId), { method: 'POST', body: { name } })
          .then(
            (r) => {
              setMessage({ text: `Saved “${r.version.name}”.`, error: false });
              onSaved();
            },
            (err: Error) => setMessage({ text: err.message, error: true }),
          )
          .finally(() => setBusy(false));
      }}
    >
      <label class="field">
        <span class="field-label">Save the workspace as it is now, named</span>
        <input value={name} maxLength={200} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" class="button button-primary" disabled={busy || !name.trim()}>
        Save a version
      </button>
      {message && (
        <p class={message.error ? 'form-error' : 'form-ok'} role="status">
          {message.text}
        </p>
      )}
    </form>
  );
}

function VersionList({ workspaceId, versions, onCompare, onExport }: { workspaceId: string; versions: VersionSummary[] | null; onCompare: (v: VersionSummary) => void; onExport: (v: VersionSummary) => void }) {
  if (!versions) return <p class="progress">Loading versions…</p>;
  if (versions.length === 0) return <p class="hint">No version saved yet. A version keeps the whole workspace as it was: texts, annotations, replies and notes. Ending a seminar session saves one too.</p>;
  return (
    <ul class="record-list" aria-label="Saved versions">
      {versions.map((v) => (
        <li key={v.id} class="record" data-version-id={v.id}>
          <div class="record-main">
            <strong class="record-name">{v.name}</strong>
            <span class="record-meta">
              saved by {v.createdBy.name} · <time dateTime={v.createdAt}>{formatDateTime(v.createdAt)}</time>
            </span>
            <span class={`chip${v.reason === 'session-end' ? ' chip-ok' : ''}`}>{REASON_LABEL[v.reason]}</span>
          </div>
          <div class="record-actions">
            <a class="button button-small" href={versionPath(workspaceId, v.id)} onClick={onLinkClick}>
              Open
            </a>
            <button type="button" class="button button-small" onClick={() => onCompare(v)}>
              Compare
            </button>
            <button type="button" class="button button-small" onClick={() => onExport(v)}>
              Export
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The export form over a version: its own documents and annotations feed the filters. */
export function VersionExport({ workspaceId, version, documentId }: { workspaceId: string; version: VersionSummary; documentId: string | null }) {
  const { source, error } = useVersionSource(workspaceId, version.id);
  const { seesHidden } = useContext(ModerationContext);
  const contents = useMemo(() => {
    if (!source) return null;
    const texts = source.workspace.documents().filter((d) => d.imported);
    return { document: texts.find((d) => d.id === documentId) ?? texts.sort((a, b) => a.order - b.order)[0], annotations: visibleAnnotations(source.workspace.annotations().list(), seesHidden) };
  }, [source, documentId, seesHidden]);
  if (error)
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    );
  if (!contents)
    return (
      <p class="progress" role="progressbar" aria-label="Opening the version">
        Opening the version…
      </p>
    );
  if (!contents.document) return <p class="hint">This version has no document to export.</p>;
  return (
    <>
      <p class="hint">
        As saved by {version.createdBy.name} on {formatDateTime(version.createdAt)}; what was written since is not in it.
      </p>
      <ExportForm exportUrl={`${versionsUrl(workspaceId)}/${encodeURIComponent(version.id)}/export`} documentId={contents.document.id} documentTitle={contents.document.title} annotations={contents.annotations} />
    </>
  );
}

/** The workspace's seminar sessions, kept current. */
function useSessions(source: WorkspaceSource): SeminarSession[] {
  const [sessions, setSessions] = useState(() => source.workspace.seminar().sessions());
  useEffect(() => {
    const seminar = source.workspace.seminar();
    const update = () => setSessions(seminar.sessions());
    update();
    return seminar.observe(update);
  }, [source]);
  return sessions;
}
