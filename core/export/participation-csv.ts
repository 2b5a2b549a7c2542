import Papa from 'papaparse';
import type { MemberParticipation, Participation } from '../participation.js';
import { defuseFormula } from './csv.js';

const COLUMNS = ['scope', 'session_id', 'session_title', 'session_started', 'session_ended', 'member_id', 'member_name', 'citations', 'critiques', 'comparisons', 'questions', 'annotations', 'replies', 'reactions'] as const;

/** One row per member overall, then per member and session; names and titles cannot run as formulas. */
export function exportParticipationCsv(report: Participation): string {
  const row = (m: MemberParticipation, session?: Participation['sessions'][number]['session']) =>
    [
      session ? 'session' : 'overall',
      session?.id ?? '',
      session?.title ?? '',
      session?.startedAt ?? '',
      session?.endedAt ?? '',
      m.person.id,
      m.person.name,
      m.annotations.citation,
      m.annotations.critique,
      m.annotations.comparison,
      m.annotations.question,
      m.annotations.total,
      m.replies,
      m.reactions,
    ].map(defuseFormula);
  const data = [...report.overall.map((m) => row(m)), ...report.sessions.flatMap(({ session, members }) => members.map((m) => row(m, session)))];
  return Papa.unparse({ fields: [...COLUMNS], data }, { newline: '\r\n' });
}
