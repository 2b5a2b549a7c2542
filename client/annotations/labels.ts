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

const MINUTE = 60_000;
export function timeAgo(iso: string, now = Date.now()): string {
  const diff = now - Date.parse(iso);
  if (diff < MINUTE) return 'just now';
  if (diff < 60 * MINUTE) return `${Math.floor(diff / MINUTE)} min ago`;
  if (diff < 24 * 60 * MINUTE) return `${Math.floor(diff / (60 * MINUTE))} h ago`;
  return new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
}
