import { useEffect, useMemo, useState } from 'preact/hooks';
import { CloseCode } from '../../core/index.js';
import { Connection } from '../connection.js';
import { identityFor, type Identity } from '../identity.js';
import type { Role } from '../../core/index.js';
import { api } from '../api.js';
import { useConnectionStatus, useDocuments, usePresence, useWorkspaceInfo } from '../hooks.js';
import { navigate, notebookPath, documentPath, matrixPath, onLinkClick, useRoute, type Route } from '../router.js';
import { Timeline } from './Timeline.js';
import { Desk } from './Desk.js';
import { Matrix } from './Matrix.js';
import { AsOf } from './AsOf.js';
import { Notebook } from './Notebook.js';
import { PresenceAvatars, PresenceList } from './Presence.js';
import { AccountMenu } from './AccountMenu.js';
import { MembersPanel } from './MembersPanel.js';
import { ExportPanel } from './ExportPanel.js';
import { useAnnotations } from '../annotations/use-annotations.js';
import { useActivity } from '../activity.js';
import { ModerationContext, isModerator, moderationFor } from '../annotations/moderation.js';
import { useMedia } from '../media.js';
import { VersionsPanel } from './VersionsPanel.js';
import { VersionView } from './VersionView.js';
import { useSeminar, facilitationOf } from '../seminar/use-seminar.js';
import { SeminarBar } from '../seminar/SeminarBar.js';
import { SeminarPanel } from '../seminar/SeminarPanel.js';
import { Projector } from '../seminar/Projector.js';
import { Toast, type ToastMessage } from './Toast.js';
import type { Facilitation } from '../connection.js';

export interface Session {
  userId: string;
  name: string;
  /** The first workspace, when the address names none. */
  workspaceId: string | null;
  memberships: { workspaceId: string; role: Role }[];
  hasPassword?: boolean;
}

type Panel = 'timeline' | 'reader' | 'annotations' | 'notebook';

const WIDE = '(min-width: 1100px)';
const VERY_WIDE = '(min-width: 1680px)';

const PANEL_LABEL: Record<Panel, string> = { timeline: 'Documents', reader: 'Read', annotations: 'Annotations', notebook: 'Notebook' };

export function App({ session }: { session: Session }) {
  const route = useRoute();
  if (route.page === 'unknown') {
    if (session.workspaceId) navigate(`/w/${session.workspaceId}`);
    return (
      <div class="fullscreen-message" role="alert">
        <h1>No workspace here</h1>
        <p>You are not a member of any workspace yet. Open an invite link to join one.</p>
      </div>
    );
  }
  if (route.page === 'version') {
    const role = session.memberships.find((m) => m.workspaceId === route.workspaceId)?.role ?? 'viewer';
    return (
      <VersionView
        key={`${route.workspaceId}/${route.versionId}`}
        workspaceId={route.workspaceId}
        versionId={route.versionId}
        documentId={route.documentId}
        besideId={route.besideId}
        focusId={route.focusId}
        me={{ id: session.userId, name: session.name }}
        role={role}
      />
    );
  }
  return <ConnectedApp key={route.workspaceId} session={session} route={route} />;
}

function ConnectedApp({ session, route }: { session: Session; route: Exclude<Route, { page: 'unknown' }> }) {
  const workspaceId = route.workspaceId;
  const connection = useMemo(() => new Connection(workspaceId), [workspaceId]);
  useEffect(() => () => connection.destroy(), [connection]);

  const status = useConnectionStatus(connection);
  const [identity, setIdentity] = useState<Identity>(() => identityFor(session.name, session.userId));
  useEffect(() => connection.setIdentity(identity), [connection, identity]);

  const role = session.memberships.find((m) => m.workspaceId === workspaceId)?.role ?? 'viewer';
  const moderation = useMemo(() => moderationFor(role, connection.workspace.annotations(), { id: session.userId, name: identity.name }), [role, connection, identity.name]);
  if (status.state === 'refused') {
    return (
      <div class="fullscreen-message" role="alert">
        <h1>{status.code === CloseCode.Refused ? 'Your last change was not saved' : 'Disconnected from this workspace'}</h1>
        <p>{status.reason}</p>
        <p>
          <button type="button" class="button button-primary" onClick={() => location.reload()}>
            Reload the workspace
          </button>
        </p>
      </div>
    );
  }
  if (status.state === 'connecting' && !connection.provider.synced && connection.workspace.info() === null) {
    return (
      <div class="fullscreen-message" aria-busy="true">
        <p>Opening the workspace…</p>
      </div>
    );
  }
  if (route.page === 'projector') return <Projector connection={connection} />;
  return (
    <ModerationContext.Provider value={moderation}>
      <Workspace
        connection={connection}
        session={session}
        identity={identity}
        role={role}
        onRename={(name) => {
          void api('/api/me', { method: 'POST', body: { displayName: name } }).then(() => setIdentity(identityFor(name, session.userId)));
        }}
        documentId={route.page === 'document' ? route.documentId : null}
        besideId={route.page === 'document' ? route.besideId : null}
        focusId={route.page === 'document' ? route.focusId : null}
        view={route.page === 'matrix' || route.page === 'as-of' ? route.page : 'desk'}
        asOfDate={route.page === 'as-of' ? route.date : null}
        initialPanel={route.page === 'notebook' ? 'notebook' : 'reader'}
        offline={status.state === 'offline'}
      />
    </ModerationContext.Provider>
  );
}

interface WorkspaceProps {
  connection: Connection;
  session: Session;
  identity: Identity;
  role: Role;
  onRename: (name: string) => void;
  documentId: string | null;
  besideId: string | null;
  /** An annotation to bring into view, from a link into the compare view. */
  focusId: string | null;
  initialPanel: Panel;
  /** What the main panel shows: a document (with one beside it), the crosswalk table or the as-of page. */
  view: 'desk' | 'matrix' | 'as-of';
  asOfDate: string | null;
  offline: boolean;
}

function Workspace({ connection, session, identity, role, onRename, documentId, besideId, focusId, initialPanel, view, asOfDate, offline }: WorkspaceProps) {
  const info = useWorkspaceInfo(connection);
  const documents = useDocuments(connection);
  const people = usePresence(connection);
  useActivity(connection);
  const [panel, setPanel] = useState<Panel>(initialPanel);
  useEffect(() => setPanel(initialPanel), [initialPanel, documentId, view]);
  const wide = useMedia(WIDE);
  const [notebookOpen, setNotebookOpen] = useState(() => matchMedia(VERY_WIDE).matches);
  const me = { id: session.userId, name: identity.name };
  const [membersOpen, setMembersOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const annotations = useAnnotations(connection);
  const seminar = useSeminar(connection);
  const [agendaOpen, setAgendaOpen] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);

  // With no document in the address, open the workspace's first text (the notice), whatever its date.
  const selected =
    documents.find((d) => d.id === documentId) ??
    documents.filter((d) => d.imported).sort((a, b) => a.order - b.order)[0] ??
    null;

  const [readingAt, setReadingAt] = useState<string | null>(null);
  useEffect(() => {
    if (selected) connection.setLocation({ view: 'document', documentId: selected.id, ...(readingAt ? { pinpoint: readingAt } : {}) });
  }, [connection, selected?.id, readingAt]);

  const beside = documents.find((d) => d.id === besideId && d.imported && d.id !== selected?.id) ?? null;

  // Seminar: the facilitator publishes where they read; followers' views go there.
  const running = seminar.active;
  const facilitating = running !== null && running.facilitator.id === me.id;
  const facilitator = facilitationOf(people, running);
  const [following, setFollowing] = useState(false);
  const [viewport, setViewport] = useState<{ blockId: string | null; spotlight: Facilitation['spotlight'] }>({ blockId: null, spotlight: null });
  useEffect(() => {
    if (!running) setFollowing(false);
  }, [running?.id]);
  useEffect(() => connection.setFollowing(following && running ? running.id : null), [connection, following, running?.id]);
  useEffect(() => setViewport((v) => ({ blockId: null, spotlight: v.spotlight })), [selected?.id]);
  useEffect(() => {
    if (!facilitating || !running) return connection.setFacilitating(null);
    connection.setFacilitating({
      sessionId: running.id,
      facilitatorId: me.id,
      documentId: view === 'desk' ? (selected?.id ?? null) : null,
      besideId: view === 'desk' ? (beside?.id ?? null) : null,
      blockId: viewport.blockId,
      spotlight: viewport.spotlight,
      at: Date.now(),
    });
  }, [connection, facilitating, running?.id, selected?.id, beside?.id, view, viewport]);
  const lead = following ? facilitator?.facilitation ?? null : null;
  useEffect(() => {
    if (!lead?.documentId) return;
    if (view !== 'desk' || lead.documentId !== selected?.id || lead.besideId !== (beside?.id ?? null)) navigate(documentPath(connection.workspaceId, lead.documentId, lead.besideId));
  }, [lead?.documentId, lead?.besideId]);
  // "Now discussing" moves everyone who follows to the item's annotation.
  const nowItem = seminar.now ? seminar.agenda.find((i) => i.id === seminar.now!.itemId) : undefined;
  const nowAnnotation = nowItem?.annotationId ? annotations.find((a) => a.id === nowItem.annotationId) : undefined;
  useEffect(() => {
    if (following && nowAnnotation) navigate(documentPath(connection.workspaceId, nowAnnotation.passage.documentId, null, nowAnnotation.id));
  }, [seminar.now?.itemId, seminar.now?.since]);
  // Opening another document than the facilitator's (or the one under discussion) is stepping out.
  useEffect(() => {
    const expected = [lead?.documentId, nowAnnotation?.passage.documentId];
    if (lead?.documentId && view === 'desk' && selected && !expected.includes(selected.id)) setFollowing(false);
  }, [selected?.id, view]);
  const followers = people.filter((p) => !p.self && running && p.state.following === running.id);
  const spotlight = running ? (facilitating ? viewport.spotlight : facilitator?.facilitation.spotlight ?? null) : null;

  // On narrow screens the tabs pick a panel; the notebook and the reader also have addresses.
  const choose = (next: Panel) => {
    setPanel(next);
    if (next === 'notebook') navigate(notebookPath(connection.workspaceId));
    if ((next === 'reader' || next === 'annotations') && selected) navigate(documentPath(connection.workspaceId, selected.id, beside?.id));
  };

  return (
    <div class="shell" data-panel={panel} data-notebook={notebookOpen ? 'open' : 'closed'}>
      <header class="topbar">
        <a class="brand" href={`/w/${connection.workspaceId}`} aria-label="Crosswalk home">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Crosswalk</span>
        </a>
        <div class="workspace-title">
          <span class="workspace-name">{info?.title ?? connection.workspaceId}</span>
          {info?.description && <span class="workspace-description">{info.description}</span>}
        </div>
        <PresenceAvatars people={people} documents={documents} />
        <button type="button" class="topbar-toggle" aria-pressed={notebookOpen} onClick={() => setNotebookOpen(!notebookOpen)}>
          Notebook
        </button>
        <a class="topbar-toggle topbar-link" href={matrixPath(connection.workspaceId)} onClick={onLinkClick} aria-current={view === 'matrix' ? 'page' : undefined}>
          Crosswalk
        </a>
        <button type="button" class="topbar-toggle topbar-members topbar-seminar" aria-pressed={agendaOpen} onClick={() => setAgendaOpen(!agendaOpen)}>
          {running && <span class="seminar-live" aria-hidden="true" />} Seminar
        </button>
        <button type="button" class="topbar-toggle topbar-members" onClick={() => setExportOpen(true)}>
          Export
        </button>
        <button type="button" class="topbar-toggle topbar-members" onClick={() => setVersionsOpen(true)}>
          Versions
        </button>
        {role === 'owner' && (
          <button type="button" class="topbar-toggle topbar-members" onClick={() => setMembersOpen(true)}>
            Members
          </button>
        )}
        <AccountMenu identity={identity} role={role} canChangePassword={session.hasPassword !== undefined} onRename={onRename} />
      </header>
      {exportOpen && selected && (
        <ExportPanel
          workspaceId={connection.workspaceId}
          documentId={selected.id}
          documentTitle={selected.title}
          annotations={annotations}
          canImport={role === 'owner' || role === 'editor'}
          onClose={() => setExportOpen(false)}
        />
      )}
      {versionsOpen && (
        <VersionsPanel
          source={connection}
          moderator={isModerator(role)}
          documents={documents}
          annotations={annotations}
          documentId={selected?.id ?? null}
          onClose={() => setVersionsOpen(false)}
        />
      )}
      {membersOpen && <MembersPanel workspaceId={connection.workspaceId} myId={session.userId} onClose={() => setMembersOpen(false)} />}
      {agendaOpen && (
        <SeminarPanel
          connection={connection}
          me={me}
          role={role}
          seminar={seminar}
          annotations={annotations}
          documents={documents}
          onClose={() => setAgendaOpen(false)}
          onMessage={(text) => setToast({ text })}
        />
      )}
      {toast && <Toast message={toast} onClose={() => setToast(null)} />}
      <div class="banner-stack">
      <SeminarBar
        workspaceId={connection.workspaceId}
        me={me}
        seminar={seminar}
        facilitator={facilitator}
        followers={followers}
        following={following}
        annotations={annotations}
        documents={documents}
        onFollow={() => setFollowing(true)}
        onStepOut={() => setFollowing(false)}
        onOpenAgenda={() => setAgendaOpen(true)}
      />
      {role === 'viewer' && (
        <div class="banner banner-info" role="note">
          You are a viewer: you can read, follow along and see everyone’s work, but not change anything. Ask an owner for a role that lets you annotate.
        </div>
      )}
      {offline && (
        <div class="banner" role="status">
          Offline: reconnecting… Your changes are kept and will sync when the connection returns.
        </div>
      )}
      </div>
      <nav class="panel-tabs" aria-label="Panels">
        {(['timeline', 'reader', 'annotations', 'notebook'] as const).map((p) => (
          <button type="button" key={p} aria-pressed={panel === p} onClick={() => choose(p)}>
            {PANEL_LABEL[p]}
          </button>
        ))}
      </nav>
      <aside class="panel panel-timeline">
        <PresenceList people={people} documents={documents} />
        <Timeline workspaceId={connection.workspaceId} documents={documents} selectedId={view === 'desk' ? (selected?.id ?? null) : null} asOfDate={asOfDate} />
      </aside>
      <main class="panel panel-reader">
        {view === 'matrix' ? (
          <Matrix workspaceId={connection.workspaceId} documents={documents} annotations={annotations} />
        ) : view === 'as-of' ? (
          <AsOf connection={connection} documents={documents} annotations={annotations} date={asOfDate} />
        ) : selected ? (
          <Desk
            key={selected.id}
            connection={connection}
            me={me}
            role={role}
            document={selected}
            beside={beside}
            initialFocusId={focusId}
            documents={documents}
            people={people}
            alignCards={wide}
            onShowAnnotations={() => !wide && setPanel('annotations')}
            onShowText={() => !wide && setPanel('reader')}
            onReadingAt={(block) => {
              setReadingAt(block?.label ?? null);
              setViewport((v) => (v.blockId === (block?.id ?? null) ? v : { ...v, blockId: block?.id ?? null }));
            }}
            seminar={
              running
                ? {
                    facilitating,
                    followBlockId: lead && lead.documentId === selected.id ? lead.blockId : null,
                    spotlight,
                    onSpotlight: (next) => setViewport((v) => ({ ...v, spotlight: next })),
                    onStepOut: () => setFollowing(false),
                  }
                : null
            }
          />
        ) : (
          <p class="empty">This workspace has no documents yet.</p>
        )}
      </main>
      <aside class="panel panel-notebook">
        <Notebook
          connection={connection}
          readOnly={role === 'viewer'}
          onFocus={() => connection.setLocation({ view: 'notebook' })}
        />
      </aside>
    </div>
  );
}
