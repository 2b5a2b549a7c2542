import { useEffect, useState } from 'preact/hooks';
import type { SeminarSession } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { api } from '../api.js';
import { useDraft } from './drafts.js';
import type { SeminarState } from './use-seminar.js';

interface Asked {
  id: string;
  body: string;
  askedAt: string;
  state: 'new' | 'on-agenda' | 'dismissed';
}

const sessionUrl = (connection: Connection, session: SeminarSession) => `/api/workspaces/${encodeURIComponent(connection.workspaceId)}/sessions/${encodeURIComponent(session.id)}`;

/** A participant sends the facilitator a question without their name: it goes to the server, not the shared document. */
export function AskAnonymously({ connection, session, onMessage }: { connection: Connection; session: SeminarSession; onMessage: (text: string) => void }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  useDraft('anonymous-question', body !== '');
  return (
    <form
      class="seminar-tool ask-anonymously"
      onSubmit={(e) => {
        e.preventDefault();
        if (!body.trim()) return;
        api(`${sessionUrl(connection, session)}/questions`, { method: 'POST', body: { body } }).then(
          () => {
            setBody('');
            setError(null);
            onMessage('Question sent. Nobody sees who asked it.');
          },
          (err: Error) => setError(err.message),
        );
      }}
    >
      <label>
        <span class="seminar-tool-label">Ask anonymously</span>
        <textarea rows={2} maxLength={2000} value={body} placeholder="The facilitator sees the question, never who asked it." onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
      </label>
      <button type="submit" class="button button-small" disabled={!body.trim()}>
        Send the question
      </button>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/**
 * The facilitator's inbox of anonymous questions: fetched again whenever the count the server
 * writes into the document changes; each can go on the agenda (under the facilitator's name,
 * marked anonymous) or be set aside.
 */
export function QuestionInbox({ connection, session, seminar }: { connection: Connection; session: SeminarSession; seminar: SeminarState }) {
  const [questions, setQuestions] = useState<Asked[]>([]);
  const [error, setError] = useState<string | null>(null);
  const count = connection.workspace.seminar().questionsAsked(session.id);
  const [changed, setChanged] = useState(0);
  useEffect(() => {
    api<{ questions: Asked[] }>(`${sessionUrl(connection, session)}/questions`).then(
      (r) => setQuestions(r.questions),
      (e: Error) => setError(e.message),
    );
  }, [session.id, count, changed, seminar.agenda.length]);
  const act = (q: Asked, action: 'agenda' | 'dismiss') =>
    api(`${sessionUrl(connection, session)}/questions/${encodeURIComponent(q.id)}/${action}`, { method: 'POST', body: {} }).then(
      () => setChanged((n) => n + 1),
      (e: Error) => setError(e.message),
    );
  const waiting = questions.filter((q) => q.state === 'new');
  return (
    <section class="seminar-tool question-inbox" aria-label="Questions sent in anonymously">
      <span class="seminar-tool-label">Sent in anonymously · {waiting.length}</span>
      {waiting.length === 0 && <p class="field-hint">No questions waiting. Participants send them from their agenda panel.</p>}
      <ul>
        {waiting.map((q) => (
          <li key={q.id} data-question-id={q.id}>
            <span class="question-body">{q.body}</span>
            <span class="agenda-controls">
              <button type="button" class="button button-small button-primary" onClick={() => void act(q, 'agenda')}>
                Put on the agenda
              </button>
              <button type="button" class="button button-small" onClick={() => void act(q, 'dismiss')}>
                Set aside
              </button>
            </span>
          </li>
        ))}
      </ul>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
