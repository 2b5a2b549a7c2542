import { useEffect, useState } from 'preact/hooks';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { Workspace, type Person } from '../core/index.js';
import { ApiError, api } from './api.js';
import type { WorkspaceSource } from './connection.js';
import { versionPath } from './router.js';
import { formatMonthDay } from './format.js';

/** A named version as the server lists it (everything but its bytes). */
export interface VersionSummary {
  id: string;
  name: string;
  createdAt: string;
  createdBy: Person;
  /** Saved from the Versions panel, or when a seminar session ended. */
  reason: 'manual' | 'session-end';
  sessionId: string | null;
  size: number;
}

export const versionsUrl = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/versions`;

/** The workspace's versions, newest first. */
export async function listVersions(workspaceId: string): Promise<VersionSummary[]> {
  return (await api<{ versions: VersionSummary[] }>(versionsUrl(workspaceId))).versions;
}

/**
 * A named version opened in the browser: its own Y.Doc and awareness and no provider, so that
 * nothing done to it can reach the live workspace.
 */
export class VersionSource implements WorkspaceSource {
  readonly ydoc = new Y.Doc();
  readonly workspace = new Workspace(this.ydoc);
  readonly awareness = new Awareness(this.ydoc);

  constructor(
    readonly workspaceId: string,
    readonly version: VersionSummary,
    state: Uint8Array,
  ) {
    Y.applyUpdate(this.ydoc, state);
  }

  documentPath(documentId: string, besideId?: string | null, focusId?: string | null): string {
    return versionPath(this.workspaceId, this.version.id, documentId, besideId, focusId);
  }

  destroy(): void {
    this.awareness.destroy();
    this.ydoc.destroy();
  }
}

/** Fetches a version's record and bytes; throws ApiError with the server's reason. */
export async function openVersion(workspaceId: string, versionId: string): Promise<VersionSource> {
  const version = (await listVersions(workspaceId)).find((v) => v.id === versionId);
  if (!version) throw new ApiError('There is no such version of this workspace.', 404);
  const response = await fetch(`${versionsUrl(workspaceId)}/${encodeURIComponent(versionId)}`, { credentials: 'same-origin' });
  if (!response.ok) {
    const payload = (await response.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(payload.error ?? `the server answered ${response.status}`, response.status);
  }
  return new VersionSource(workspaceId, version, new Uint8Array(await response.arrayBuffer()));
}

/** A version opened for as long as the component showing it lives. */
export function useVersionSource(workspaceId: string, versionId: string): { source: VersionSource | null; error: string | null } {
  const [state, setState] = useState<{ source: VersionSource | null; error: string | null }>({ source: null, error: null });
  useEffect(() => {
    let current = true;
    let opened: VersionSource | null = null;
    setState({ source: null, error: null });
    openVersion(workspaceId, versionId).then(
      (source) => {
        if (!current) return source.destroy();
        opened = source;
        setState({ source, error: null });
      },
      (error: Error) => current && setState({ source: null, error: error.message }),
    );
    return () => {
      current = false;
      opened?.destroy();
    };
  }, [workspaceId, versionId]);
  return state;
}

/** "Seminar, November 27": the name offered for a version saved today. */
export function defaultVersionName(now = new Date()): string {
  return `Seminar, ${formatMonthDay(now)}`;
}
