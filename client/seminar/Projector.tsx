import { useEffect } from 'preact/hooks';
import { upcomingItems } from '../../core/index.js';
import { useDocuments } from '../hooks.js';
import type { Connection } from '../connection.js';
import { useAnnotations } from '../annotations/use-annotations.js';
import { REACTION_LABEL, RELATION_LABEL } from '../annotations/labels.js';
import { Markdown } from '../components/Markdown.js';
import { describeItem } from './agenda-text.js';
import { useAgendaThread } from './QuestionThread.js';
import { useSeminar } from './use-seminar.js';
import { TimerBadge } from './Timer.js';
import { PollOnScreen } from './Poll.js';
import { HandsOnScreen } from './Hands.js';
import './seminar.css';

/**
 * The item under discussion in large type for the room's screen: its passage, its note, the
 * thread and the reactions as they come in, and what is next on the agenda. The page is one
 * screen high: a long thread scrolls inside it (newest in view) so "Next" never leaves the screen.
 */
export function Projector({ connection }: { connection: Connection }) {
  // The room's screen is not another person in the room.
  useEffect(() => connection.setSilent(), [connection]);
  const seminar = useSeminar(connection);
  const annotations = useAnnotations(connection).filter((a) => !a.hidden && !a.deleted);
  const documents = useDocuments(connection);
  const item = seminar.now ? seminar.agenda.find((i) => i.id === seminar.now!.itemId) : undefined;
  const described = item ? describeItem(item, annotations, documents) : null;
  const annotation = described?.annotation ?? null;
  const upcoming = upcomingItems(seminar.agenda, item?.id ?? null).slice(0, 3);
  const reactions = annotation ? countReactions(annotation.reactions.map((r) => r.reaction)) : [];

  return (
    <main class="projector" aria-live="polite">
      <header class="projector-head">
        <span class="seminar-live" aria-hidden="true" />
        <span>{seminar.active?.title ?? 'No session running'}</span>
        {seminar.active && <span class="projector-facilitator">facilitated by {seminar.active.facilitator.name}</span>}
        <TimerBadge connection={connection} itemId={item?.id ?? null} large />
        {seminar.active && <HandsOnScreen connection={connection} sessionId={seminar.active.id} />}
      </header>
      {!described && <p class="projector-empty">Nothing is under discussion yet.</p>}
      {described && item && (
        <article class="projector-item" data-item-id={item.id}>
          <p class="projector-kind">{described.title}</p>
          {annotation ? (
            <>
              <blockquote class="projector-quote">{annotation.passage.quote.exact}</blockquote>
              {annotation.kind === 'comparison' && (
                <p class="projector-relation">
                  The later text {RELATION_LABEL[annotation.comparison.relation]} it: <q>{annotation.comparison.target.quote.exact}</q>
                </p>
              )}
              {annotation.body && (
                <div class="projector-body">
                  <Markdown source={annotation.body} />
                </div>
              )}
              {reactions.length > 0 && (
                <p class="projector-reactions">
                  {reactions.map(([reaction, count]) => (
                    <span key={reaction}>
                      {REACTION_LABEL[reaction].symbol} {count}
                    </span>
                  ))}
                </p>
              )}
              <Thread replies={annotation.replies.filter((r) => !r.deleted && !r.hidden)} />
            </>
          ) : item.question !== undefined ? (
            <>
              <p class="projector-question">{item.question}</p>
              <QuestionAnswers connection={connection} itemId={item.id} />
            </>
          ) : (
            <p class="projector-question">{described.detail}</p>
          )}
          {seminar.active && <PollOnScreen connection={connection} sessionId={seminar.active.id} />}
        </article>
      )}
      <footer class="projector-next">
        {upcoming.length > 0 && (
          <>
            <span>Next</span>
            <ol>
              {upcoming.map((i) => {
                const next = describeItem(i, annotations, documents);
                return <li key={i.id}>{i.question !== undefined ? `Question: ${i.question}` : next.title}</li>;
              })}
            </ol>
          </>
        )}
      </footer>
    </main>
  );
}

function QuestionAnswers({ connection, itemId }: { connection: Connection; itemId: string }) {
  const answers = useAgendaThread(connection, itemId).filter((r) => !r.deleted);
  return <Thread replies={answers} />;
}

/** The thread, scrolled so that the newest reply is in view as replies come in. */
function Thread({ replies }: { replies: { id: string; author: { name: string }; body: string }[] }) {
  useEffect(() => {
    const list = document.querySelector('.projector-thread');
    if (list) list.scrollTop = list.scrollHeight;
  }, [replies.length]);
  return (
    <ol class="projector-thread">
      {replies.map((reply) => (
        <li key={reply.id}>
          <strong>{reply.author.name}</strong> <Markdown source={reply.body} />
        </li>
      ))}
    </ol>
  );
}

function countReactions<T extends string>(reactions: T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const r of reactions) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts];
}
