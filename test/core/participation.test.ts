import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Participation, participation } from '../../core/index.js';
import { exportParticipationCsv } from '../../core/export/index.js';
import { NOTICE, ana, annotatedWorkspace, ben, passageIn } from '../support/annotated-workspace.js';

const carl = { id: 'carl', name: 'Carl Chen' };
const mallory = { id: 'mallory', name: '=HYPERLINK("http://evil.example","click")' };

function seminarWorkspace() {
  const ws = annotatedWorkspace();
  const store = ws.annotations();
  // Replies r1 (Ben, 10:00) and r2 (Ana, 11:00) fall in the session; Ben's reaction (12:00) after it.
  ws.seminar().startSession({ id: 's1', title: 'Seminar, 5 November', facilitator: ana, startedAt: '2026-11-05T09:00:00.000Z' }, 'local');
  ws.seminar().endSession('s1', 'local', '2026-11-05T11:30:00.000Z');
  store.create({ id: 'withdrawn', author: ana, passage: passageIn(ws, NOTICE, '283,000'), content: { kind: 'question', body: 'Withdrawn.', tags: [] }, created: '2026-11-05T10:30:00.000Z' }, 'local');
  store.remove('withdrawn', ana, 'local');
  store.create({ id: 'outsider', author: mallory, passage: passageIn(ws, NOTICE, '283,000'), content: { kind: 'question', body: 'Hi', tags: [] }, created: '2026-11-06T10:00:00.000Z' }, 'local');
  store.toggleReaction('question', mallory, 'plus-one', 'local', '2026-11-06T10:00:00.000Z');
  return ws;
}

describe('participation', () => {
  const report = participation(seminarWorkspace().ydoc, [ben, ana, carl], '2026-12-01T00:00:00.000Z');

  it('counts annotations by kind, replies and reactions per member, overall', () => {
    expect(Participation.safeParse(report).success).toBe(true);
    expect(report.overall.map((m) => m.person.id)).toEqual(['ben', 'ana', 'carl', 'mallory']);
    const [b, a, c, m] = report.overall;
    expect(a).toMatchObject({ annotations: { critique: 1, citation: 1, question: 0, comparison: 0, total: 2 }, replies: 1, reactions: 0 });
    expect(b).toMatchObject({ annotations: { question: 1, comparison: 1, total: 2 }, replies: 1, reactions: 1 });
    expect(c).toMatchObject({ annotations: { total: 0 }, replies: 0, reactions: 0 });
    expect(m).toMatchObject({ annotations: { question: 1, total: 1 }, reactions: 1 });
  });

  it('counts per session what was written between its start and end, deleted annotations left out', () => {
    expect(report.sessions).toHaveLength(1);
    const { session, members } = report.sessions[0]!;
    expect(session.id).toBe('s1');
    expect(members.map((m) => [m.person.id, m.annotations.total, m.replies, m.reactions])).toEqual([
      ['ben', 0, 1, 0],
      ['ana', 0, 1, 0],
      ['carl', 0, 0, 0],
      ['mallory', 0, 0, 0],
    ]);
  });

  it('writes a CSV with a row per member overall and per session, formulas defused', () => {
    const csv = exportParticipationCsv(report);
    const rows = Papa.parse<Record<string, string>>(csv, { header: true }).data;
    expect(rows).toHaveLength(4 + 4);
    expect(rows[0]).toMatchObject({ scope: 'overall', member_id: 'ben', questions: '1', comparisons: '1', annotations: '2', replies: '1', reactions: '1' });
    expect(rows.find((r) => r.member_id === 'mallory')?.member_name).toBe(`'${mallory.name}`);
    expect(rows.filter((r) => r.scope === 'session').map((r) => [r.session_id, r.session_title, r.member_id, r.replies])).toEqual([
      ['s1', 'Seminar, 5 November', 'ben', '1'],
      ['s1', 'Seminar, 5 November', 'ana', '1'],
      ['s1', 'Seminar, 5 November', 'carl', '0'],
      ['s1', 'Seminar, 5 November', 'mallory', '0'],
    ]);
  });
});
