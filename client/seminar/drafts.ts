import { useEffect, useState } from 'preact/hooks';

/*
 * Unsaved writing anywhere in the app: an open annotation form, a reply being typed, a reply
 * being edited. Following the facilitator reads it: while any is open, the facilitator's moves are
 * offered rather than applied, because applying one can unmount the form (the Desk is keyed by
 * its document) and what was typed would be gone.
 */

const open = new Set<string>();
const listeners = new Set<() => void>();

function set(key: string, unsaved: boolean): void {
  const had = open.has(key);
  if (unsaved === had) return;
  if (unsaved) open.add(key);
  else open.delete(key);
  for (const listener of listeners) listener();
}

/** Whether anything unsaved is open now (read at the moment of a move, not only on render). */
export function hasDrafts(): boolean {
  return open.size > 0;
}

/** Reports a form's unsaved writing under `key` while the component is mounted. */
export function useDraft(key: string, unsaved: boolean): void {
  useEffect(() => set(key, unsaved), [key, unsaved]);
  useEffect(() => () => set(key, false), [key]);
}

/** Whether anything unsaved is open, kept current. */
export function useHasDrafts(): boolean {
  const [drafting, setDrafting] = useState(hasDrafts);
  useEffect(() => {
    const update = () => setDrafting(hasDrafts());
    update();
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return drafting;
}
