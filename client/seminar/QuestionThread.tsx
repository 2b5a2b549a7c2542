import { useEffect, useState } from 'preact/hooks';
import type { AgendaReply, Person } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { newId } from '../annotations/labels.js';
import { refusalOf } from '../refusal.js';
import { formatDateTime, formatWhen } from '../format.js';
import { Markdown } from '../components/Markdown.js';
import { ReplyForm } from '../components/ReplyForm.js';

/** An agenda question's written answers, kept current. */
export function useAgendaThread(connection: Connection, itemId: string): AgendaReply[] {
  const threads = connection.workspace.agendaThreads();
  const [replies, setReplies] = useState(() => threads.of(itemId));
  useEffect(() => {
    const update = () => setReplies(connection.workspace.agendaThreads().of(itemId));
    update();
    return connection.workspace.agendaThreads().observe(update);
  }, [connection, itemId]);
  return replies;
}

/**
 * The thread of an agenda question of its own: the answers people wrote and a form to answer,
 * so that a question without an annotation can be answered in writing as a card can.
 */
export function QuestionThread({ connection, itemId, me, canAnswer }: { connection: Connection; itemId: string; me: Person; canAnswer: boolean }) {
  const replies = useAgendaThread(connection, itemId);
  const [error, setError] = useState<string | null>(null);
  const threads = connection.workspace.agendaThreads();
  const shown = replies.filter((r) => !r.deleted || r.author.id === me.id);
  return (
    <section class="question-thread" aria-label="Answers">
      {shown.length > 0 && (
        <ol class="replies">
          {shown.map((reply) =>
            reply.deleted ? (
              <li key={reply.id} class="reply reply-deleted">
                Answer deleted.
                <button type="button" class="link-button" onClick={() => setError(refusalOf(() => threads.setDeleted(itemId, reply.id, me, false, 'local')))}>
                  Undo
                </button>
              </li>
            ) : (
              <li key={reply.id} class="reply" data-reply-id={reply.id}>
                <span class="byline">
                  <strong>{reply.author.name}</strong> ·{' '}
                  <time dateTime={reply.created} title={formatDateTime(reply.created)}>
                    {formatWhen(reply.created)}
                  </time>
                </span>
                <Markdown source={reply.body} class="reply-body" />
                {reply.author.id === me.id && canAnswer && (
                  <span class="reply-actions">
                    <button type="button" class="link-button danger" onClick={() => setError(refusalOf(() => threads.setDeleted(itemId, reply.id, me, true, 'local')))}>
                      Delete
                    </button>
                  </span>
                )}
              </li>
            ),
          )}
        </ol>
      )}
      {canAnswer && (
        <ReplyForm
          id={`answer-${itemId}`}
          draftKey={`answer:${itemId}`}
          label="Answer the question"
          placeholder="Answer…"
          submit="Answer"
          onSend={(body) => refusalOf(() => threads.add({ id: newId('answer'), itemId, author: me, body }, 'local'))}
          onError={setError}
        />
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
