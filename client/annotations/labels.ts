import type { Reaction } from '../../core/index.js';
export { KIND_LABEL, CATEGORY_LABEL, RELATION_LABEL } from '../../core/index.js';

export const REACTION_LABEL: Record<Reaction, { text: string; symbol: string }> = {
  agree: { text: 'Agree', symbol: '✓' },
  disagree: { text: 'Disagree', symbol: '✗' },
  'plus-one': { text: '+1', symbol: '+1' },
};

export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 14)}`;
}

/** Kept for the panels that still import it from here; the app's one date formatter is client/format.ts. */
export { formatWhen as timeAgo } from '../format.js';
