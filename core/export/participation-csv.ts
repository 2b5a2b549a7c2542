import Papa from 'papaparse';
import type { Attendee } from '../attendance.js';
import type { MemberParticipation, Participation } from '../participation.js';
import { defuseFormula } from './csv.js';

const COLUMNS = [
  'scope',
  'session_id',
  'session_title',
  'session_started',
  'session_ended',
  'member_id',
  'member_name',
  'citations',
  'critiques',
  'comparisons',
  'questions',
  'annotations',
  'replies',
  'reactions',
  'role',
  'attended_from',
  'attended_to',
  'attended_minutes',
  'attended_spans',
] as const;

type Session = Participation['sessions'][number]['session'];

/**
 * One row per member overall, then per member and session, then one per person who attended each
 * session (scope "attendance": when they came and left, minutes there, and every stretch when they
 * came and went). Names and titles cannot run as formulas.
 */
export function exportParticipationCsv(report: Participation): string {
  const sessionCells = (session?: Session) => [session?.id ?? '', session?.title ?? '', session?.startedAt ?? '', session?.endedAt ?? ''];
  const row = (m: MemberParticipation, session?: Session) =>
    [
      session ? 'session' : 'overall',
      ...sessionCells(session),
      m.person.id,
      m.person.name,
      m.annotations.citation,
      m.annotations.critique,
      m.annotations.comparison,
      m.annotations.question,
      m.annotations.total,
      m.replies,
      m.reactions,
      '',
      '',
      '',
      '',
      '',
    ].map(defuseFormula);
  const attended = (a: Attendee, session: Session) =>
    ['attendance', ...sessionCells(session), a.person.id, a.person.name, '', '', '', '', '', '', '', a.role, a.spans[0]?.from ?? '', a.spans.at(-1)?.to ?? '', a.minutes, a.spans.map((s) => `${s.from}/${s.to}`).join(' ')].map(defuseFormula);
  const data = [
    ...report.overall.map((m) => row(m)),
    ...report.sessions.flatMap(({ session, members }) => members.map((m) => row(m, session))),
    ...report.sessions.flatMap(({ session, attendance }) => attendance.map((a) => attended(a, session))),
  ];
  return Papa.unparse({ fields: [...COLUMNS], data }, { newline: '\r\n' });
}
