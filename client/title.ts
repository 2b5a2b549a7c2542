import { useEffect } from 'preact/hooks';

/**
 * The window's title for what the page shows, most specific first ("EO 14159 · Secure
 * Communities · Crosswalk"): every page was titled "Crosswalk", so tabs, history and screen
 * readers could not tell them apart (WCAG 2.4.2).
 */
export function pageTitle(...parts: (string | null | undefined | false)[]): string {
  return [...parts.filter((p): p is string => typeof p === 'string' && p.trim() !== ''), 'Crosswalk'].join(' · ');
}

export function usePageTitle(...parts: (string | null | undefined | false)[]): void {
  const title = pageTitle(...parts);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
