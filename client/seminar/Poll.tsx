import { useState } from 'preact/hooks';
import { DEFAULT_POLL_OPTIONS, type Person, type Poll, type PollTally, type SeminarSession } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { api } from '../api.js';
import { newId } from '../annotations/labels.js';
import { refusalOf } from '../refusal.js';
import { usePoll } from './use-tools.js';

const voteUrl = (connection: Connection, pollId: string) => `/api/workspaces/${encodeURIComponent(connection.workspaceId)}/polls/${encodeURIComponent(pollId)}/vote`;

function Tallies({ poll, tally }: { poll: Poll; tally: PollTally }) {
  const total = tally.counts.reduce((a, b) => a + b, 0);
  return (
    <span class="poll-tallies" aria-label={`${total} vote${total === 1 ? '' : 's'}`}>
      {poll.options.map((option, i) => (
        <span key={option} class="poll-tally" data-option={i}>
          {option} <strong>{tally.counts[i] ?? 0}</strong>
          {!poll.anonymous && tally.voters?.[i]?.length ? <span class="poll-voters"> ({tally.voters[i]!.map((p) => p.name).join(', ')})</span> : null}
        </span>
      ))}
    </span>
  );
}

/**
 * The poll on the item under discussion, in the strip: its question, a button per option (a
 * member's vote goes to the server, which keeps one per member), the live tallies; the facilitator
 * closes it.
 */
export function PollStrip({ connection, session, me, onError }: { connection: Connection; session: SeminarSession; me: Person; onError: (message: string | null) => void }) {
  const current = usePoll(connection, session.id);
  const [voted, setVoted] = useState<Record<string, number>>({});
  if (!current) return null;
  const { poll, tally } = current;
  const leading = session.facilitator.id === me.id;
  const vote = (option: number) =>
    api(voteUrl(connection, poll.id), { method: 'POST', body: { option } }).then(
      () => {
        setVoted((v) => ({ ...v, [poll.id]: option }));
        onError(null);
      },
      (e: Error) => onError(e.message),
    );
  return (
    <span class="seminar-poll" data-poll-id={poll.id} data-open={poll.closedAt ? 'false' : 'true'}>
      <span class="seminar-tool-label">{poll.closedAt ? 'Poll (closed)' : poll.anonymous ? 'Anonymous poll' : 'Poll'}</span>
      <span class="poll-question">{poll.question}</span>
      {!poll.closedAt && (
        <span class="poll-options" role="group" aria-label="Your answer">
          {poll.options.map((option, i) => (
            <button type="button" key={option} class="button button-small" aria-pressed={voted[poll.id] === i} onClick={() => void vote(i)}>
              {option}
            </button>
          ))}
        </span>
      )}
      <Tallies poll={poll} tally={tally} />
      {leading && !poll.closedAt && (
        <button type="button" class="button button-small" onClick={() => onError(refusalOf(() => connection.workspace.polls().close(poll.id, 'local')))}>
          Close the poll
        </button>
      )}
    </span>
  );
}

/** The facilitator's form for a quick poll on the item under discussion. */
export function PollForm({ connection, session, me, itemId, onError }: { connection: Connection; session: SeminarSession; me: Person; itemId: string | null; onError: (message: string | null) => void }) {
  const [question, setQuestion] = useState('Do you agree?');
  const [options, setOptions] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  return (
    <form
      class="seminar-tool poll-form"
      aria-label="Quick poll"
      onSubmit={(e) => {
        e.preventDefault();
        const own = options.split(',').map((o) => o.trim()).filter(Boolean);
        onError(refusalOf(() => void connection.workspace.polls().open({ id: newId('poll'), sessionId: session.id, itemId, question, options: own, anonymous, openedBy: me }, 'local')));
      }}
    >
      <span class="seminar-tool-label">Quick poll</span>
      <label>
        <span>Question</span>
        <input value={question} maxLength={300} onInput={(e) => setQuestion((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        <span>Options, separated by commas</span>
        <input value={options} maxLength={400} placeholder={DEFAULT_POLL_OPTIONS.join(', ')} onInput={(e) => setOptions((e.target as HTMLInputElement).value)} />
      </label>
      <label class="agenda-check">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous((e.target as HTMLInputElement).checked)} /> Anonymous (only the counts are shown)
      </label>
      <button type="submit" class="button button-small button-primary">
        Open the poll
      </button>
    </form>
  );
}

/** The poll's tallies as bars, for the projector. */
export function PollOnScreen({ connection, sessionId }: { connection: Connection; sessionId: string }) {
  const current = usePoll(connection, sessionId);
  if (!current) return null;
  const { poll, tally } = current;
  const total = tally.counts.reduce((a, b) => a + b, 0);
  return (
    <section class="projector-poll" aria-label="Poll">
      <p class="projector-poll-question">
        {poll.question} <span class="projector-poll-total">{total} vote{total === 1 ? '' : 's'}{poll.closedAt ? ', closed' : ''}</span>
      </p>
      <ul>
        {poll.options.map((option, i) => (
          <li key={option} data-option={i}>
            <span class="projector-poll-option">{option}</span>
            <span class="projector-poll-bar" style={{ width: `${total ? Math.round(((tally.counts[i] ?? 0) / total) * 100) : 0}%` }} />
            <strong>{tally.counts[i] ?? 0}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
