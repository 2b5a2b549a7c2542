import type { DocumentMeta } from '../../core/index.js';
import type { Act, DocumentAsOf } from '../../core/crosswalk/index.js';
import { formatDate } from '../format.js';

/** A name short enough for a column header or a sentence: "Executive Order 13768", else the title. */
export function shortName(doc: DocumentMeta): string {
  return /^Executive Order \d+/.exec(doc.title)?.[0] ?? doc.title;
}

const DONE: Record<string, string> = { revokes: 'revoked', rescinds: 'rescinded', replaces: 'replaced', reinstates: 'reinstated' };

/** "revoked by Executive Order 13993 (January 20, 2021)". */
export function actPhrase(act: Act, names: Map<string, DocumentMeta>): string {
  const by = names.get(act.documentId);
  return `${DONE[act.kind] ?? act.kind} by ${by ? shortName(by) : act.documentId} (${formatDate(act.date)})`;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** How a document stood on the day, in a few words, and the longer explanation when there is one. */
export function standingText({ standing: s, document, approximate }: DocumentAsOf, names: Map<string, DocumentMeta>): { label: string; detail: string | null } {
  if (s.state === 'not-yet-issued') return { label: 'Not yet issued', detail: null };
  if (s.state === 'ended') {
    const early = s.by.date < document.date;
    const detail = early ? `Issued on ${formatDate(document.date)}, after that document: what it describes had already been ${DONE[s.by.kind] ?? 'ended'}.` : null;
    return { label: capital(actPhrase(s.by, names)), detail };
  }
  const notes: string[] = [];
  if (s.reinstatedBy) notes.push(`${capital(actPhrase(s.reinstatedBy, names))}.`);
  if (s.reinstaterEnded) notes.push(`That document was itself ${actPhrase(s.reinstaterEnded, names)}; nothing recorded says the reinstatement was undone.`);
  if (approximate) notes.push(`Dated only by month (${formatDate(document.date, document.dateNote)}): it may not have been issued yet on this day.`);
  return { label: 'In force', detail: notes.length ? notes.join(' ') : null };
}
