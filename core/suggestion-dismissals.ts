import * as Y from 'yjs';
import { z } from 'zod';
import { Person } from './annotation.js';
import { fnv1a } from './block-labels.js';
import type { Origin } from './origin.js';

/** Who set an alignment suggestion aside, and when: the workspace's shared decision. */
export const Dismissal = z.object({ by: Person, at: z.iso.datetime() });
export type Dismissal = z.infer<typeof Dismissal>;

/** Keys are short and bounded so that a client cannot fill the map with junk names. */
export const DismissalKey = z.string().regex(/^[a-z0-9-]{1,80}:[0-9a-z]{7}>[a-z0-9-]{1,80}:[0-9a-z]{7}$/, 'malformed suggestion key');

/**
 * Names a suggested pair by the documents and the words of both passages, so that a dismissal
 * holds across reloads and re-rankings, and lapses when either passage's text changes.
 */
export function suggestionKey(sourceDocumentId: string, sourceText: string, targetDocumentId: string, targetText: string): string {
  const hash = (text: string) => fnv1a(text.replace(/\s+/g, ' ').trim().toLowerCase());
  return `${sourceDocumentId}:${hash(sourceText)}>${targetDocumentId}:${hash(targetText)}`;
}

/** The suggestions a workspace has dismissed, by key. */
export class Dismissals {
  constructor(private readonly map: Y.Map<unknown>) {}

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Every valid dismissal by key; malformed entries are left out. */
  all(): Map<string, Dismissal> {
    const result = new Map<string, Dismissal>();
    this.map.forEach((value, key) => {
      const parsed = Dismissal.safeParse(value);
      if (parsed.success && DismissalKey.safeParse(key).success) result.set(key, parsed.data);
    });
    return result;
  }

  dismiss(key: string, by: Person, origin: Origin): void {
    DismissalKey.parse(key);
    this.map.doc!.transact(() => this.map.set(key, Dismissal.parse({ by, at: new Date().toISOString() })), origin);
  }

  restore(key: string, origin: Origin): void {
    this.map.doc!.transact(() => this.map.delete(key), origin);
  }

  observe(listener: () => void): () => void {
    this.map.observe(listener);
    return () => this.map.unobserve(listener);
  }
}
