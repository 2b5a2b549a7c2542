import { useEffect, useState } from 'preact/hooks';
import { Facilitation, type AgendaItem, type NowDiscussing, type SeminarSession } from '../../core/index.js';
import type { Connection } from '../connection.js';
import type { Present } from '../hooks.js';

export interface SeminarState {
  sessions: SeminarSession[];
  active: SeminarSession | null;
  agenda: AgendaItem[];
  now: NowDiscussing | null;
}

/** The workspace's sessions, agenda and "now discussing", kept current. */
export function useSeminar(connection: Connection): SeminarState {
  const read = (): SeminarState => {
    const seminar = connection.workspace.seminar();
    return { sessions: seminar.sessions(), active: seminar.activeSession() ?? null, agenda: seminar.agenda(), now: seminar.nowDiscussing() };
  };
  const [state, setState] = useState(read);
  useEffect(() => {
    const update = () => setState(read());
    update();
    return connection.workspace.seminar().observe(update);
  }, [connection]);
  return state;
}

/** The running session's facilitator as present now (their latest tab), or null. */
export function facilitationOf(people: Present[], active: SeminarSession | null): { facilitation: Facilitation; present: Present } | null {
  if (!active) return null;
  let found: { facilitation: Facilitation; present: Present } | null = null;
  for (const present of people) {
    // Awareness is what other clients say of themselves: only a well-formed state is followed.
    const parsed = Facilitation.safeParse(present.state.facilitating);
    if (!parsed.success) continue;
    const f = parsed.data;
    if (f.sessionId !== active.id || f.facilitatorId !== active.facilitator.id) continue;
    if (!found || f.at > found.facilitation.at) found = { facilitation: f, present };
  }
  return found;
}
