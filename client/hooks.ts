import { useEffect, useState } from 'preact/hooks';
import type { DocumentMeta, WorkspaceInfo } from '../core/index.js';
import type { Connection, ConnectionStatus, PresenceState } from './connection.js';

/** Every document and catalogue entry of the workspace, by date, kept current. */
export function useDocuments(connection: Connection): DocumentMeta[] {
  const [documents, setDocuments] = useState(() => connection.workspace.documents());
  useEffect(() => {
    const update = () => setDocuments(connection.workspace.documents());
    update();
    return connection.workspace.observeDocuments(update);
  }, [connection]);
  return documents;
}

export function useWorkspaceInfo(connection: Connection): WorkspaceInfo | null {
  const [info, setInfo] = useState(() => connection.workspace.info());
  useEffect(() => {
    const update = () => setInfo(connection.workspace.info());
    update();
    return connection.workspace.observeInfo(update);
  }, [connection]);
  return info;
}

export function useConnectionStatus(connection: Connection): ConnectionStatus {
  const [status, setStatus] = useState(connection.current);
  useEffect(() => {
    setStatus(connection.current);
    return connection.onStatus(setStatus);
  }, [connection]);
  return status;
}

export interface Present {
  clientId: number;
  self: boolean;
  state: PresenceState;
}

/** Everyone connected to the workspace (this tab first), from awareness. */
export function usePresence(connection: Connection): Present[] {
  const read = (): Present[] => {
    const own = connection.awareness.clientID;
    const result: Present[] = [];
    connection.awareness.getStates().forEach((state, clientId) => {
      const user = (state as Partial<PresenceState>).user;
      if (!user || typeof user.name !== 'string') return;
      result.push({ clientId, self: clientId === own, state: state as PresenceState });
    });
    return result.sort((a, b) => (a.self === b.self ? a.state.user.name.localeCompare(b.state.user.name) : a.self ? -1 : 1));
  };
  const [present, setPresent] = useState(read);
  useEffect(() => {
    const update = () => setPresent(read());
    update();
    connection.awareness.on('change', update);
    return () => connection.awareness.off('change', update);
  }, [connection]);
  return present;
}
