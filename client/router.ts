import { useEffect, useState } from 'preact/hooks';

/** What the address bar says the person is looking at. */
export type Route =
  | { page: 'document'; workspaceId: string; documentId: string | null }
  | { page: 'notebook'; workspaceId: string }
  | { page: 'unknown' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'w' || !parts[1]) return { page: 'unknown' };
  if (parts.length === 2) return { page: 'document', workspaceId: parts[1], documentId: null };
  if (parts[2] === 'd' && parts[3]) return { page: 'document', workspaceId: parts[1], documentId: parts[3] };
  if (parts[2] === 'notebook') return { page: 'notebook', workspaceId: parts[1] };
  return { page: 'unknown' };
}

export function documentPath(workspaceId: string, documentId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/d/${encodeURIComponent(documentId)}`;
}

export function notebookPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/notebook`;
}

export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current route, updated on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
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
  navigate(anchor.pathname);
}
