import type { Person, SeminarSession } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { refusalOf } from '../refusal.js';
import { useHands } from './use-tools.js';

interface Props {
  connection: Connection;
  session: SeminarSession;
  me: Person;
  /** Viewers read and follow; raising a hand writes to the shared document, which they may not. */
  canRaise: boolean;
  onError: (message: string | null) => void;
}

/**
 * Raised hands in the strip: a participant raises and lowers theirs and sees their place in the
 * queue; the facilitator sees the queue and calls the next; everyone sees who was called on.
 */
export function HandsControl({ connection, session, me, canRaise, onError }: Props) {
  const { queue, speaking } = useHands(connection, session.id);
  const hands = connection.workspace.hands();
  const leading = session.facilitator.id === me.id;
  const place = queue.findIndex((h) => h.person.id === me.id);
  return (
    <span class="seminar-hands" data-hands={queue.length}>
      {speaking && <span class="seminar-speaking">Speaking: {speaking.person.id === me.id ? 'you' : speaking.person.name}</span>}
      {leading ? (
        <>
          <span class="seminar-queue" aria-label="Raised hands">
            {queue.length === 0 ? 'No hands up' : `Hands up: ${queue.map((h) => h.person.name).join(', ')}`}
          </span>
          {queue.length > 0 && (
            <button type="button" class="button button-small" onClick={() => onError(refusalOf(() => void hands.callNext(session.id, me, 'local')))}>
              Call on {queue[0]!.person.name}
            </button>
          )}
        </>
      ) : (
        <>
          {queue.length > 0 && <span class="seminar-queue">{queue.length === 1 ? '1 hand up' : `${queue.length} hands up`}</span>}
          {canRaise &&
            (place >= 0 ? (
              <button type="button" class="button button-small" aria-pressed="true" onClick={() => onError(refusalOf(() => hands.lower(me.id, 'local')))}>
                Lower hand ({place === 0 ? 'next' : `${place + 1} in line`})
              </button>
            ) : (
              <button type="button" class="button button-small" onClick={() => onError(refusalOf(() => void hands.raise(me, session.id, 'local')))}>
                Raise hand
              </button>
            ))}
        </>
      )}
    </span>
  );
}

/** The queue in large type, for the projector. */
export function HandsOnScreen({ connection, sessionId }: { connection: Connection; sessionId: string }) {
  const { queue, speaking } = useHands(connection, sessionId);
  if (!speaking && queue.length === 0) return null;
  return (
    <p class="projector-hands">
      {speaking && <span>Speaking: {speaking.person.name}</span>}
      {queue.length > 0 && <span>Hands up: {queue.map((h) => h.person.name).join(', ')}</span>}
    </p>
  );
}
