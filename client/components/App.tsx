import { useEffect, useMemo, useState } from 'preact/hooks';
import { Connection } from '../connection.js';
import { loadIdentity, saveDisplayName, type Identity } from '../identity.js';
import { useConnectionStatus, useDocuments, usePresence, useWorkspaceInfo } from '../hooks.js';
import { navigate, notebookPath, documentPath, useRoute } from '../router.js';
import { Timeline } from './Timeline.js';
import { Reader } from './Reader.js';
import { Notebook } from './Notebook.js';
import { PresenceAvatars, PresenceList } from './Presence.js';
import { NameEditor } from './NameEditor.js';

export interface Session {
  name: string;
  role: string;
  workspaceId: string;
}

type Panel = 'timeline' | 'reader' | 'notebook';

export function App({ session }: { session: Session }) {
  const route = useRoute();
  const workspaceId = route.page === 'unknown' ? session.workspaceId : route.workspaceId;
  const connection = useMemo(() => new Connection(workspaceId), [workspaceId]);
  useEffect(() => () => connection.destroy(), [connection]);

  const status = useConnectionStatus(connection);
  const [identity, setIdentity] = useState<Identity>(() => loadIdentity(session.name, connection.ydoc.clientID));
  useEffect(() => connection.setIdentity(identity), [connection, identity]);

  if (route.page === 'unknown') {
    navigate(`/w/${session.workspaceId}`);
    return null;
  }
  if (status.state === 'refused') {
    return (
      <div class="fullscreen-message" role="alert">
        <h1>Cannot open this workspace</h1>
        <p>{status.reason}</p>
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
  return (
    <Workspace
      connection={connection}
      session={session}
      identity={identity}
      onRename={(name) => {
        saveDisplayName(name);
        setIdentity(loadIdentity(session.name, connection.ydoc.clientID));
      }}
      documentId={route.page === 'document' ? route.documentId : null}
      initialPanel={route.page === 'notebook' ? 'notebook' : 'reader'}
      offline={status.state === 'offline'}
    />
  );
}

interface WorkspaceProps {
  connection: Connection;
  session: Session;
  identity: Identity;
  onRename: (name: string) => void;
  documentId: string | null;
  initialPanel: Panel;
  offline: boolean;
}

function Workspace({ connection, session, identity, onRename, documentId, initialPanel, offline }: WorkspaceProps) {
  const info = useWorkspaceInfo(connection);
  const documents = useDocuments(connection);
  const people = usePresence(connection);
  const [panel, setPanel] = useState<Panel>(initialPanel);
  useEffect(() => setPanel(initialPanel), [initialPanel, documentId]);

  // With no document in the address, open the first text of the workspace (the notice).
  const selected = documents.find((d) => d.id === documentId) ?? documents.find((d) => d.imported) ?? null;

  useEffect(() => {
    if (selected) connection.setLocation({ view: 'document', documentId: selected.id });
  }, [connection, selected?.id]);

  const readers = people.filter((p) => !p.self && p.state.location?.view === 'document' && p.state.location.documentId === selected?.id);

  // On narrow screens the tabs pick a panel; the notebook and the reader also have addresses.
  const choose = (next: Panel) => {
    setPanel(next);
    if (next === 'notebook') navigate(notebookPath(connection.workspaceId));
    if (next === 'reader' && selected) navigate(documentPath(connection.workspaceId, selected.id));
  };

  return (
    <div class="shell" data-panel={panel}>
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
        <NameEditor identity={identity} role={session.role} onRename={onRename} />
      </header>
      {offline && (
        <div class="banner" role="status">
          Offline: reconnecting… Your changes are kept and will sync when the connection returns.
        </div>
      )}
      <nav class="panel-tabs" aria-label="Panels">
        {(['timeline', 'reader', 'notebook'] as const).map((p) => (
          <button type="button" key={p} aria-pressed={panel === p} onClick={() => choose(p)}>
            {p === 'timeline' ? 'Documents' : p === 'reader' ? 'Read' : 'Notebook'}
          </button>
        ))}
      </nav>
      <aside class="panel panel-timeline">
        <PresenceList people={people} documents={documents} />
        <Timeline workspaceId={connection.workspaceId} documents={documents} selectedId={selected?.id ?? null} />
      </aside>
      <main class="panel panel-reader">
        {selected ? (
          <Reader key={selected.id} connection={connection} document={selected} documents={documents} readers={readers} />
        ) : (
          <p class="empty">This workspace has no documents yet.</p>
        )}
      </main>
      <aside class="panel panel-notebook">
        <Notebook
          connection={connection}
          onFocus={() => connection.setLocation({ view: 'notebook' })}
        />
      </aside>
    </div>
  );
}
