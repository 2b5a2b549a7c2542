import type * as Y from 'yjs';
import { z } from 'zod';
import { AnnotationKind, Person, type Annotation } from './annotation.js';
import { SeminarSession } from './seminar.js';
import { Workspace } from './workspace.js';
import { personNow } from './people.js';
import { Attendee } from './attendance.js';

const KindCounts = z.object({ citation: z.number().int(), critique: z.number().int(), comparison: z.number().int(), question: z.number().int() });

/** What one person contributed in a stretch of time. */
export const MemberParticipation = z.object({
  person: Person,
  annotations: KindCounts.extend({ total: z.number().int() }),
  replies: z.number().int(),
  reactions: z.number().int(),
});
export type MemberParticipation = z.infer<typeof MemberParticipation>;

export const Participation = z.object({
  /** Everything, whenever it was written. */
  overall: z.array(MemberParticipation),
  /** Per session, what was written between its start and its end (or now, while it runs). */
  sessions: z.array(z.object({ session: SeminarSession, members: z.array(MemberParticipation), attendance: z.array(Attendee) })),
});
export type Participation = z.infer<typeof Participation>;

interface Contribution {
  by: Person;
  at: string;
  what: AnnotationKind | 'reply' | 'reaction';
}

/**
 * Counts per person of annotations (by kind), replies and reactions, overall and per session.
 * Deleted annotations and replies are not counted (their authors took them back); hidden ones
 * are (they were written). `members` are listed even with nothing to their name, in the order
 * given; anyone else who contributed follows, by name. Each session lists the same people.
 */
export function participation(ydoc: Y.Doc, members: Person[] = [], now = new Date().toISOString(), attendance: (session: SeminarSession) => Attendee[] = () => []): Participation {
  const workspace = new Workspace(ydoc);
  // Members are named as they are now, wherever their name was stored (core/people.ts).
  const people = new Map(members.map((m) => [m.id, m.name]));
  const contributions = workspace
    .annotations()
    .list()
    .filter((a) => !a.deleted)
    .flatMap(contributionsOf)
    // Written answers to the agenda's own questions count as replies.
    .concat(workspace.agendaThreads().all().filter((r) => !r.deleted).map((r): Contribution => ({ by: r.author, at: r.created, what: 'reply' })))
    .map((c) => ({ ...c, by: personNow(c.by, people) }));
  const overall = count(members, contributions);
  // Every session lists the same people as the whole, so that its table has a row for each.
  const everyone = overall.map((m) => m.person);
  return {
    overall,
    sessions: workspace
      .seminar()
      .sessions()
      .map((session) => ({
        session: { ...session, facilitator: personNow(session.facilitator, people) },
        members: count(everyone, contributions.filter((c) => c.at >= session.startedAt && c.at <= (session.endedAt ?? now))),
        attendance: attendance(session),
      })),
  };
}

function contributionsOf(a: Annotation): Contribution[] {
  return [
    { by: a.author, at: a.created, what: a.kind },
    ...a.replies.filter((r) => !r.deleted).map((r): Contribution => ({ by: r.author, at: r.created, what: 'reply' })),
    ...a.reactions.map((r): Contribution => ({ by: r.by, at: r.at, what: 'reaction' })),
  ];
}

function count(members: Person[], contributions: Contribution[]): MemberParticipation[] {
  const rows = new Map<string, MemberParticipation>();
  const row = (person: Person) => {
    let found = rows.get(person.id);
    if (!found) {
      found = { person, annotations: { citation: 0, critique: 0, comparison: 0, question: 0, total: 0 }, replies: 0, reactions: 0 };
      rows.set(person.id, found);
    }
    return found;
  };
  for (const member of members) row(member);
  const others: MemberParticipation[] = [];
  for (const c of contributions) {
    const known = rows.has(c.by.id);
    const r = row(c.by);
    if (!known) others.push(r);
    if (c.what === 'reply') r.replies += 1;
    else if (c.what === 'reaction') r.reactions += 1;
    else {
      r.annotations[c.what] += 1;
      r.annotations.total += 1;
    }
  }
  const listed = members.map((m) => rows.get(m.id)!).filter((r, i, all) => all.indexOf(r) === i);
  return [...listed, ...others.sort((a, b) => a.person.name.localeCompare(b.person.name))];
}
