import { useEffect, useState } from 'preact/hooks';

/** What the address bar says the person is looking at. */
export type Route =
  | { page: 'document'; workspaceId: string; documentId: string | null; besideId: string | null; focusId: string | null }
  | { page: 'notebook'; workspaceId: string }
  | { page: 'matrix'; workspaceId: string }
  /** `date` is what the address says, checked by the page that shows it. */
  | { page: 'as-of'; workspaceId: string; date: string | null }
  /** A named version, read-only: a document of it (the first text when none is named). */
  | { page: 'version'; workspaceId: string; versionId: string; documentId: string | null; besideId: string | null; focusId: string | null }
  | { page: 'projector'; workspaceId: string }
  | { page: 'unknown' };

export function parseRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  const besideId = query.get('beside');
  const focusId = query.get('focus');
  if (parts[0] !== 'w' || !parts[1]) return { page: 'unknown' };
  if (parts.length === 2) return { page: 'document', workspaceId: parts[1], documentId: null, besideId: null, focusId: null };
  if (parts[2] === 'd' && parts[3]) return { page: 'document', workspaceId: parts[1], documentId: parts[3], besideId, focusId };
  if (parts[2] === 'notebook') return { page: 'notebook', workspaceId: parts[1] };
  if (parts[2] === 'matrix') return { page: 'matrix', workspaceId: parts[1] };
  if (parts[2] === 'projector') return { page: 'projector', workspaceId: parts[1] };
  if (parts[2] === 'as-of') return { page: 'as-of', workspaceId: parts[1], date: query.get('date') };
  if (parts[2] === 'versions' && parts[3]) {
    const documentId = parts[4] === 'd' && parts[5] ? parts[5] : null;
    return { page: 'version', workspaceId: parts[1], versionId: parts[3], documentId, besideId: documentId && besideId, focusId: documentId && focusId };
  }
  return { page: 'unknown' };
}

/** The address of a document, optionally with another document open beside it and an annotation in focus. */
export function documentPath(workspaceId: string, documentId: string, besideId?: string | null, focusId?: string | null): string {
  const path = `/w/${encodeURIComponent(workspaceId)}/d/${encodeURIComponent(documentId)}`;
  const query = new URLSearchParams();
  if (besideId) query.set('beside', besideId);
  if (focusId) query.set('focus', focusId);
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** The seminar's item under discussion, sized for a projector. */
export function projectorPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/projector`;
}

export function notebookPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/notebook`;
}

/** The crosswalk table: passages of the notice against every later document. */
export function matrixPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/matrix`;
}

/** The corpus as it stood on a day ("2021-06-01"). */
export function asOfPath(workspaceId: string, date?: string | null): string {
  const path = `/w/${encodeURIComponent(workspaceId)}/as-of`;
  return date ? `${path}?${new URLSearchParams({ date })}` : path;
}

/** A named version opened read-only, optionally at one of its documents (with another beside, an annotation in focus). */
export function versionPath(workspaceId: string, versionId: string, documentId?: string | null, besideId?: string | null, focusId?: string | null): string {
  const version = `/w/${encodeURIComponent(workspaceId)}/versions/${encodeURIComponent(versionId)}`;
  if (!documentId) return version;
  return version + documentPath(workspaceId, documentId, besideId, focusId).slice(`/w/${encodeURIComponent(workspaceId)}`.length);
}

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current route, updated on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** Click handler for in-app links: keeps modifier-clicks (new tab) working. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.currentTarget as HTMLAnchorElement | null) ?? null;
  if (!anchor || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
