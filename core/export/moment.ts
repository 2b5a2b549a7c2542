import { escapeHtml } from './html.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Whether `zone` is a time zone this runtime knows (an IANA name such as "Europe/Berlin", or "UTC"). */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A moment as the app writes one ("December 3, 2026, 17:04", client/format.ts), in a named zone
 * and saying which: a file read elsewhere or later cannot assume the reader's zone.
 */
export function momentText(iso: string, zone = 'UTC'): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${MONTHS[Number(parts.month) - 1]} ${Number(parts.day)}, ${parts.year}, ${parts.hour}:${parts.minute} ${zone === 'UTC' ? 'UTC' : `(${zone})`}`;
}

/** The same as a <time> element carrying the exact instant, escaped. */
export function momentHtml(iso: string, zone = 'UTC'): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(momentText(iso, zone))}</time>`;
}
