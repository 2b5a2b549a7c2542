import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CloseCode } from '../../core/index.js';
import { Connection } from '../connection.js';
import { identityFor, useOwnColor, type Identity } from '../identity.js';
import type { Role } from '../../core/index.js';
import { api } from '../api.js';
import { useConnectionStatus, useDocuments, usePresence, useWorkspaceInfo } from '../hooks.js';
import { PeopleContext, usePeople } from '../people.js';
import { CitationStyleContext } from '../citation-style.js';
import { DEFAULT_CITATION_STYLE } from '../../core/citations/index.js';
import { navigate, notebookPath, documentPath, matrixPath, onLinkClick, useRoute, type Route } from '../router.js';
import { Timeline } from './Timeline.js';
import { Desk } from './Desk.js';
import { Matrix } from './Matrix.js';
import { AsOf } from './AsOf.js';
import { Notebook } from './Notebook.js';
import { PresenceAvatars, PresenceList } from './Presence.js';
import { AccountMenu, AccountSetupBanner } from './AccountMenu.js';
import { MembersPanel } from './MembersPanel.js';
import { ExportPanel } from './ExportPanel.js';
import { LibraryPanel } from '../library/index.js';
import { useAnnotations } from '../annotations/use-annotations.js';
import { useActivity } from '../activity.js';
import { ModerationContext, isModerator, moderationFor } from '../annotations/moderation.js';
import { HiddenWords } from '../annotations/hidden-words.js';
import { useWide } from '../media.js';
import { VersionsPanel } from './VersionsPanel.js';
import { VersionView } from './VersionView.js';
import { useSeminar } from '../seminar/use-seminar.js';
import { useSeminarFollow } from '../seminar/use-follow.js';
import { SeminarBar } from '../seminar/SeminarBar.js';
import { SeminarPanel } from '../seminar/SeminarPanel.js';
import { Projector } from '../seminar/Projector.js';
import { Toast, type ToastMessage } from './Toast.js';
import { SkipLinks } from './SkipLinks.js';
import { pageTitle, usePageTitle } from '../title.js';

export interface Session {
  userId: string;
  name: string;
  /** The first workspace, when the address names none. */
  workspaceId: string | null;
  memberships: { workspaceId: string; role: Role }[];
  hasPassword?: boolean;
}

type Panel = 'timeline' | 'reader' | 'annotations' | 'notebook';

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
    return <VersionPage session={session} route={route} role={role} />;
  }
  return <ConnectedApp key={route.workspaceId} session={session} route={route} />;
}

/** A saved version, read-only; its people named as they are now, like the live workspace's. */
function VersionPage({ session, route, role }: { session: Session; route: Extract<Route, { page: 'version' }>; role: Role }) {
  const names = usePeople(route.workspaceId, { id: session.userId, name: session.name }, '');
  return (
    <PeopleContext.Provider value={names}>
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
    </PeopleContext.Provider>
  );
}

function ConnectedApp({ session, route }: { session: Session; route: Exclude<Route, { page: 'unknown' }> }) {
  const workspaceId = route.workspaceId;
  const connection = useMemo(() => new Connection(workspaceId), [workspaceId]);
  useEffect(() => () => connection.destroy(), [connection]);

  const status = useConnectionStatus(connection);
  const [identity, setIdentity] = useState<Identity>(() => identityFor(session.name, session.userId));
  const ownColor = useOwnColor(workspaceId, session.userId);
  useEffect(() => connection.setIdentity(ownColor ? { ...identity, color: ownColor } : identity), [connection, identity, ownColor]);

  const role = session.memberships.find((m) => m.workspaceId === workspaceId)?.role ?? 'viewer';
  const moderation = useMemo(() => moderationFor(role, connection.workspace.annotations(), { id: session.userId, name: identity.name }, new HiddenWords(workspaceId)), [role, connection, identity.name, workspaceId]);
  const presentNames = usePresence(connection).map((p) => p.state.user.name).sort().join('\n');
  const names = usePeople(workspaceId, { id: session.userId, name: identity.name }, presentNames);
  // The projector has no Workspace to title it.
  useEffect(() => {
    if (route.page === 'projector') document.title = pageTitle('Projector', connection.workspace.info()?.title);
  }, [route.page, connection, status.state]);
  const citationStyle = useWorkspaceInfo(connection)?.citationStyle ?? DEFAULT_CITATION_STYLE;
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
  if (route.page === 'projector')
    return (
      <PeopleContext.Provider value={names}>
        <Projector connection={connection} />
      </PeopleContext.Provider>
    );
  return (
    <PeopleContext.Provider value={names}>
    <CitationStyleContext.Provider value={citationStyle}>
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
        offline={status.state === 'offline' ? (status.reason ?? true) : false}
      />
    </ModerationContext.Provider>
    </CitationStyleContext.Provider>
    </PeopleContext.Provider>
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
  /** Offline, with the server's reason when it asked this client to slow down. */
  offline: string | boolean;
}

function Workspace({ connection, session, identity, role, onRename, documentId, besideId, focusId, initialPanel, view, asOfDate, offline }: WorkspaceProps) {
  const info = useWorkspaceInfo(connection);
  const documents = useDocuments(connection);
  const people = usePresence(connection);
  useActivity(connection);
  const [panel, setPanel] = useState<Panel>(initialPanel);
  // Opening a document, the notebook or a table shows it; but when a tab's own navigation
  // changes the address (the workspace's root becoming the notice's address), the tab chosen stays.
  const chosen = useRef<{ panel: Panel; path: string } | null>(null);
  useEffect(() => {
    const here = location.pathname + location.search;
    setPanel(chosen.current?.path === here ? chosen.current.panel : initialPanel);
    chosen.current = null;
  }, [initialPanel, documentId, view]);
  const wide = useWide();
  const [notebookOpen, setNotebookOpen] = useState(() => matchMedia(VERY_WIDE).matches);
  const me = { id: session.userId, name: identity.name };
  const [membersOpen, setMembersOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [libraryOpen, setLibraryOpen] = useState(false);
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

  usePageTitle(view === 'matrix' ? 'Crosswalk table' : view === 'as-of' ? `As of ${asOfDate ?? 'a day'}` : initialPanel === 'notebook' ? 'Notebook' : selected && (beside ? `${selected.title} beside ${beside.title}` : selected.title), info?.title);
  const follow = useSeminarFollow(connection, me, people, seminar, annotations, documents, { onDesk: view === 'desk', documentId: selected?.id ?? null, besideId: beside?.id ?? null });

  // On narrow screens the tabs pick a panel; the notebook and the reader also have addresses.
  const choose = (next: Panel) => {
    setPanel(next);
    const path = next === 'notebook' ? notebookPath(connection.workspaceId) : (next === 'reader' || next === 'annotations') && selected ? documentPath(connection.workspaceId, selected.id, beside?.id) : null;
    if (!path) return;
    chosen.current = { panel: next, path };
    navigate(path);
  };

  return (
    <div class="shell" data-panel={panel} data-notebook={notebookOpen ? 'open' : 'closed'} data-agenda={agendaOpen ? 'open' : 'closed'}>
      <SkipLinks onPanel={(p) => !wide && setPanel(p)} />
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
          {seminar.active && <span class="seminar-live" aria-hidden="true" />} Seminar
        </button>
        <button type="button" class="topbar-toggle topbar-members" onClick={() => setLibraryOpen(true)}>
          Library
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
          onSetWorkspaceStyle={
            role === 'owner' && info
              ? (citationStyle) => {
                  // The workspace map is the owner's: the server refuses this write from anyone else.
                  connection.workspace.setInfo({ ...info, citationStyle }, 'local');
                }
              : undefined
          }
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
      {libraryOpen && (
        <LibraryPanel source={connection} me={{ id: session.userId, name: identity.name }} role={role} onClose={() => setLibraryOpen(false)} onMessage={(text) => setToast({ text })} />
      )}
      {toast && <Toast message={toast} onClose={() => setToast(null)} />}
      <div class="banner-stack">
      <AccountSetupBanner identity={identity} role={role} onRename={onRename} />
      <SeminarBar
        workspaceId={connection.workspaceId}
        me={me}
        role={role}
        seminar={seminar}
        annotations={annotations}
        documents={documents}
        follow={follow}
        connection={connection}
        onOpenAgenda={() => setAgendaOpen(true)}
      />
      {role === 'viewer' && (
        <div class="banner banner-info" role="note">
          You are a viewer: you can read, follow along and see everyone’s work, but not change anything. Ask an owner for a role that lets you annotate.
        </div>
      )}
      {offline && (
        <div class="banner" role="status">
          {typeof offline === 'string'
            ? `The server paused your connection (${offline}). Your changes are kept and will be sent again in a moment.`
            : 'Offline: reconnecting… Your changes are kept and will sync when the connection returns.'}
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
        <Timeline workspaceId={connection.workspaceId} documents={documents} selectedId={view === 'desk' ? (selected?.id ?? null) : null} asOfDate={asOfDate} source={connection} annotations={annotations} />
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
              follow.setTopBlock(block?.id ?? null);
            }}
            seminar={follow.desk}
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
