import { useDocuments } from '../hooks.js';
import type { Connection } from '../connection.js';
import { useAnnotations } from '../annotations/use-annotations.js';
import { REACTION_LABEL, RELATION_LABEL } from '../annotations/labels.js';
import { Markdown } from '../components/Markdown.js';
import { describeItem } from './agenda-text.js';
import { useSeminar } from './use-seminar.js';
import './seminar.css';

/**
 * The item under discussion in large type for the room's screen: its passage, its note, the
 * thread and the reactions as they come in, and what is next on the agenda.
 */
export function Projector({ connection }: { connection: Connection }) {
  const seminar = useSeminar(connection);
  const annotations = useAnnotations(connection).filter((a) => !a.hidden && !a.deleted);
  const documents = useDocuments(connection);
  const item = seminar.now ? seminar.agenda.find((i) => i.id === seminar.now!.itemId) : undefined;
  const described = item ? describeItem(item, annotations, documents) : null;
  const annotation = described?.annotation ?? null;
  const upcoming = seminar.agenda.filter((i) => !i.discussed && i.id !== item?.id).slice(0, 4);
  const reactions = annotation ? countReactions(annotation.reactions.map((r) => r.reaction)) : [];

  return (
    <main class="projector" aria-live="polite">
      <header class="projector-head">
        <span class="seminar-live" aria-hidden="true" />
        <span>{seminar.active?.title ?? 'No session running'}</span>
        {seminar.active && <span class="projector-facilitator">facilitated by {seminar.active.facilitator.name}</span>}
      </header>
      {!described && <p class="projector-empty">Nothing is under discussion yet.</p>}
      {described && (
        <article class="projector-item" data-item-id={item!.id}>
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
              <ol class="projector-thread">
                {annotation.replies
                  .filter((r) => !r.deleted && !r.hidden)
                  .map((reply) => (
                    <li key={reply.id}>
                      <strong>{reply.author.name}</strong> <Markdown source={reply.body} />
                    </li>
                  ))}
              </ol>
            </>
          ) : (
            <p class="projector-question">{described.detail}</p>
          )}
        </article>
      )}
      {upcoming.length > 0 && (
        <footer class="projector-next">
          <span>Next</span>
          <ol>
            {upcoming.map((i) => (
              <li key={i.id}>{describeItem(i, annotations, documents).title}</li>
            ))}
          </ol>
        </footer>
      )}
    </main>
  );
}

function countReactions<T extends string>(reactions: T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const r of reactions) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts];
}
