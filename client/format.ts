const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The one way the app writes a day: "2015-04-24" → "April 24, 2015"; "2015-07" → "July 2015".
 * Documents' dates, timestamps older than a day and the as-of day all go through it.
 */
export function formatDate(date: string, dateNote?: string): string {
  const [year, month, day] = date.split('-');
  const monthName = MONTHS[Number(month) - 1] ?? '';
  const text = day ? `${monthName} ${Number(day)}, ${year}` : `${monthName} ${year}`;
  return dateNote ? `${text} (${dateNote})` : text;
}

const pad = (n: number) => String(n).padStart(2, '0');

// The reader's own calendar day of a moment: an annotation written late on the 3rd is dated the 3rd where they are.
function localDay(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

const MINUTE = 60_000;

/** When something was written: "just now", "5 min ago", "3 h ago", then its day as formatDate writes it. */
export function formatWhen(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const diff = now - at.getTime();
  if (diff < MINUTE) return 'just now';
  if (diff < 60 * MINUTE) return `${Math.floor(diff / MINUTE)} min ago`;
  if (diff < 24 * 60 * MINUTE) return `${Math.floor(diff / (60 * MINUTE))} h ago`;
  return formatDate(localDay(at));
}

/** A moment in full, for a tooltip beside formatWhen: "November 27, 2026, 14:05". */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${formatDate(localDay(at))}, ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The reader's day of a moment, as formatDate writes days: "November 27, 2026". */
export function formatDayOf(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return formatDate(localDay(at));
}

/** A day without its year, for names of things made today: "November 27". */
export function formatMonthDay(at: Date): string {
  return `${MONTHS[at.getMonth()]} ${at.getDate()}`;
}

export function yearOf(date: string): string {
  return date.slice(0, 4);
}

export const relationVerb: Record<string, string> = {
  replaces: 'Replaces',
  reinstates: 'Reinstates',
  revokes: 'Revokes',
  rescinds: 'Rescinds',
  implements: 'Implements',
  revises: 'Revises',
  related: 'Related to',
};
