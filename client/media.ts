import { useEffect, useState } from 'preact/hooks';

/*
 * The one breakpoint between the wide layout (panels side by side, cards beside their passages)
 * and the narrow one (one panel at a time behind tabs). The stylesheets spell the same query,
 * `(width <= 1100px)`, on their media-query lines; the two range queries are complementary, so
 * no width (1100 exactly, or a fractional one under zoom) is counted wide by the code while the
 * CSS lays it out narrow.
 */
export const NARROW = '(width <= 1100px)';
export const WIDE = '(width > 1100px)';

/** Whether a media query matches, kept current as the window changes. */
export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

/** Whether the wide layout is on. */
export const useWide = (): boolean => useMedia(WIDE);
