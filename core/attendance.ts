import { z } from 'zod';
import { Person } from './annotation.js';
import { Role } from './role.js';
import type { SeminarSession } from './seminar.js';

/*
 * Who was in the room: the server records every connection to a workspace (it sees them all,
 * silent viewers and projector tabs included); a session's attendance is those connections
 * clipped to the session, merged per person (two tabs are one person there once).
 */

/** One connection, as the server recorded it. `leftAt` is null while it is open. */
export interface Connected {
  person: Person;
  role: Role;
  joinedAt: string;
  leftAt: string | null;
}

export const Attendee = z.object({
  person: Person,
  role: Role,
  /** Each stretch of time they were connected during the session, merged. */
  spans: z.array(z.object({ from: z.iso.datetime(), to: z.iso.datetime() })),
  minutes: z.number().int().min(0),
});
export type Attendee = z.infer<typeof Attendee>;

/** Everyone connected during the session, by when they first came, with when they were there. */
export function attendanceOf(session: SeminarSession, connections: Connected[], now = new Date().toISOString()): Attendee[] {
  const end = session.endedAt ?? now;
  const byPerson = new Map<string, { person: Person; role: Role; spans: { from: string; to: string }[] }>();
  for (const c of connections) {
    const from = c.joinedAt > session.startedAt ? c.joinedAt : session.startedAt;
    const to = (c.leftAt ?? now) < end ? (c.leftAt ?? now) : end;
    if (to <= from) continue;
    const entry = byPerson.get(c.person.id) ?? { person: c.person, role: c.role, spans: [] };
    entry.spans.push({ from, to });
    byPerson.set(c.person.id, entry);
  }
  const result = [...byPerson.values()].map(({ person, role, spans }) => {
    const merged: { from: string; to: string }[] = [];
    for (const span of spans.sort((a, b) => (a.from < b.from ? -1 : 1))) {
      const last = merged.at(-1);
      if (last && span.from <= last.to) last.to = span.to > last.to ? span.to : last.to;
      else merged.push({ ...span });
    }
    const ms = merged.reduce((sum, s) => sum + (Date.parse(s.to) - Date.parse(s.from)), 0);
    return { person, role, spans: merged, minutes: Math.round(ms / 60_000) };
  });
  return result.sort((a, b) => (a.spans[0]!.from < b.spans[0]!.from ? -1 : a.spans[0]!.from > b.spans[0]!.from ? 1 : a.person.name.localeCompare(b.person.name)));
}
