import { useEffect, useMemo, useState } from 'preact/hooks';
import { Connection } from '../connection.js';
import { loadIdentity, saveDisplayName, type Identity } from '../identity.js';
import { useConnectionStatus, useDocuments, usePresence, useWorkspaceInfo } from '../hooks.js';
import { navigate, notebookPath, documentPath, useRoute } from '../router.js';
import { Timeline } from './Timeline.js';
import { Desk } from './Desk.js';
import { Notebook } from './Notebook.js';
import { PresenceAvatars, PresenceList } from './Presence.js';
import { NameEditor } from './NameEditor.js';

export interface Session {
  userId: string;
  name: string;
  role: string;
  workspaceId: string;
}

type Panel = 'timeline' | 'reader' | 'annotations' | 'notebook';

const WIDE = '(min-width: 1100px)';
const VERY_WIDE = '(min-width: 1680px)';

const PANEL_LABEL: Record<Panel, string> = { timeline: 'Documents', reader: 'Read', annotations: 'Annotations', notebook: 'Notebook' };

function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

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
      besideId={route.page === 'document' ? route.besideId : null}
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
  besideId: string | null;
  initialPanel: Panel;
  offline: boolean;
}

function Workspace({ connection, session, identity, onRename, documentId, besideId, initialPanel, offline }: WorkspaceProps) {
  const info = useWorkspaceInfo(connection);
  const documents = useDocuments(connection);
  const people = usePresence(connection);
  const [panel, setPanel] = useState<Panel>(initialPanel);
  useEffect(() => setPanel(initialPanel), [initialPanel, documentId]);
  const wide = useMedia(WIDE);
  const [notebookOpen, setNotebookOpen] = useState(() => matchMedia(VERY_WIDE).matches);
  const me = { id: session.userId, name: identity.name };

  // With no document in the address, open the workspace's first text (the notice), whatever its date.
  const selected =
    documents.find((d) => d.id === documentId) ??
    documents.filter((d) => d.imported).sort((a, b) => a.order - b.order)[0] ??
    null;

  useEffect(() => {
    if (selected) connection.setLocation({ view: 'document', documentId: selected.id });
  }, [connection, selected?.id]);

  const beside = documents.find((d) => d.id === besideId && d.imported && d.id !== selected?.id) ?? null;

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
        <NameEditor identity={identity} role={session.role} onRename={onRename} />
      </header>
      {offline && (
        <div class="banner" role="status">
          Offline: reconnecting… Your changes are kept and will sync when the connection returns.
        </div>
      )}
      <nav class="panel-tabs" aria-label="Panels">
        {(['timeline', 'reader', 'annotations', 'notebook'] as const).map((p) => (
          <button type="button" key={p} aria-pressed={panel === p} onClick={() => choose(p)}>
            {PANEL_LABEL[p]}
          </button>
        ))}
      </nav>
      <aside class="panel panel-timeline">
        <PresenceList people={people} documents={documents} />
        <Timeline workspaceId={connection.workspaceId} documents={documents} selectedId={selected?.id ?? null} />
      </aside>
      <main class="panel panel-reader">
        {selected ? (
          <Desk
            key={selected.id}
            connection={connection}
            me={me}
            document={selected}
            beside={beside}
            documents={documents}
            people={people}
            alignCards={wide}
            onShowAnnotations={() => !wide && setPanel('annotations')}
            onShowText={() => !wide && setPanel('reader')}
          />
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
