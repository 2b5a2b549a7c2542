import { useContext, useEffect, useState } from 'preact/hooks';
import { personNow, type MemberParticipation, type Participation as Report, type SeminarSession } from '../../core/index.js';
import { PeopleContext } from '../people.js';
import { api } from '../api.js';
import './versions.css';
import { formatDateTime } from '../format.js';

const workspaceUrl = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

/** Owners' and editors' table of who contributed what, overall or in one session, with its CSV. */
export function Participation({ workspaceId }: { workspaceId: string }) {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState('');

  useEffect(() => {
    api<Report>(`${workspaceUrl(workspaceId)}/participation`).then(setReport, (e: Error) => setError(e.message));
  }, [workspaceId]);

  if (error)
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    );
  if (!report)
    return (
      <p class="progress" role="progressbar" aria-label="Counting">
        Counting…
      </p>
    );
  const chosen = report.sessions.find((s) => s.session.id === sessionId);
  const rows = chosen ? chosen.members : report.overall;
  return (
    <section class="participation" aria-label="Participation">
      <div class="participation-controls">
        <label class="field">
          <span class="field-label">Counted over</span>
          <select value={sessionId} onChange={(e) => setSessionId((e.target as HTMLSelectElement).value)}>
            <option value="">Everything, whenever written</option>
            {report.sessions.map(({ session }) => (
              <option value={session.id} key={session.id}>
                {session.title} ({formatDateTime(session.startedAt)})
              </option>
            ))}
          </select>
        </label>
        <a class="button" href={`${workspaceUrl(workspaceId)}/participation?format=csv`} download>
          Download CSV
        </a>
      </div>
      <p class="hint">
        {chosen
          ? `What each member wrote between the start of “${chosen.session.title}” and ${chosen.session.endedAt ? 'its end' : 'now (it is under way)'}.`
          : 'Deleted annotations and replies are not counted; hidden ones are.'}
      </p>
      <div class="table-scroll">
        <table class="table participation-table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col" class="num">Citations</th>
              <th scope="col" class="num">Critiques</th>
              <th scope="col" class="num">Comparisons</th>
              <th scope="col" class="num">Questions</th>
              <th scope="col" class="num">Total</th>
              <th scope="col" class="num">Replies</th>
              <th scope="col" class="num">Reactions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <ParticipationRow key={m.person.id} member={m} />
            ))}
          </tbody>
        </table>
      </div>
      {chosen && (
        <div class="table-scroll">
          <table class="table attendance-table" aria-label={`Who was there: ${chosen.session.title}`}>
            <caption>Who was there (from their connections, silent viewers included)</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Role</th>
                <th scope="col">There</th>
                <th scope="col" class="num">Minutes</th>
              </tr>
            </thead>
            <tbody>
              {chosen.attendance.map((a) => (
                <tr key={a.person.id} data-person-id={a.person.id}>
                  <th scope="row">{a.person.name}</th>
                  <td>{a.role}</td>
                  <td>{a.spans.map((s) => `${formatDateTime(s.from)} to ${formatDateTime(s.to).replace(/^.*, /, '')}`).join('; ')}</td>
                  <td class="num">{a.minutes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ParticipationRow({ member: m }: { member: MemberParticipation }) {
  const cell = (n: number, what: string) => (
    <td class={`num${n === 0 ? ' muted' : ''}`} data-count={what}>
      {n}
    </td>
  );
  return (
    <tr data-member={m.person.id}>
      <th scope="row">{m.person.name}</th>
      {cell(m.annotations.citation, 'citation')}
      {cell(m.annotations.critique, 'critique')}
      {cell(m.annotations.comparison, 'comparison')}
      {cell(m.annotations.question, 'question')}
      {cell(m.annotations.total, 'total')}
      {cell(m.replies, 'replies')}
      {cell(m.reactions, 'reactions')}
    </tr>
  );
}

/** The workspace's seminar sessions, newest first, each with its summary to download. */
export function SessionList({ workspaceId, sessions }: { workspaceId: string; sessions: SeminarSession[] }) {
  const people = useContext(PeopleContext);
  // The summary writes times in the reader's own zone, and says which.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (sessions.length === 0) return <p class="hint">No seminar session has been held yet. A session’s summary appears here once it starts.</p>;
  return (
    <ul class="record-list" aria-label="Sessions">
      {[...sessions].reverse().map((s) => (
        <li key={s.id} class="record" data-session-id={s.id}>
          <div class="record-main">
            <strong class="record-name">{s.title}</strong>
            <span class="record-meta">
              led by {personNow(s.facilitator, people).name} · {formatDateTime(s.startedAt)}
              {s.endedAt ? ` to ${formatDateTime(s.endedAt)}` : ''}
            </span>
            {!s.endedAt && <span class="chip chip-ok">Under way</span>}
          </div>
          <div class="record-actions">
            <a class="button button-small" href={`${workspaceUrl(workspaceId)}/sessions/${encodeURIComponent(s.id)}/summary${zone ? `?tz=${encodeURIComponent(zone)}` : ''}`} download>
              Summary
            </a>
          </div>
        </li>
      ))}
    </ul>
  );
}
