import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { nextItem, type Annotation, type DocumentMeta, type Person, type Role } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { documentPath, onLinkClick, projectorPath } from '../router.js';
import { describeItem } from './agenda-text.js';
import { discussItem } from './discuss.js';
import type { SeminarFollow } from './use-follow.js';
import type { SeminarState } from './use-seminar.js';
import { HandsControl } from './Hands.js';
import { PollStrip } from './Poll.js';
import { TimerBadge } from './Timer.js';
import './seminar.css';

interface Props {
  workspaceId: string;
  connection: Connection;
  me: Person;
  role: Role;
  seminar: SeminarState;
  follow: SeminarFollow;
  annotations: Annotation[];
  documents: DocumentMeta[];
  onOpenAgenda: () => void;
  /** The session's tools (hands, timer, poll), drawn in the strip. */
  children?: ComponentChildren;
}

/** The strip under the top bar while a session runs: who leads, following or not, what is under discussion, what comes next. */
export function SeminarBar({ workspaceId, connection, me, role, seminar, follow, annotations, documents, onOpenAgenda, children }: Props) {
  const [error, setError] = useState<string | null>(null);
  const session = seminar.active;
  if (!session) return null;
  const { facilitator, followers, following, offer } = follow;
  const leading = session.facilitator.id === me.id;
  const item = seminar.now ? seminar.agenda.find((i) => i.id === seminar.now!.itemId) : undefined;
  const now = item ? describeItem(item, annotations, documents) : null;
  const next = nextItem(seminar.agenda, seminar.now?.itemId ?? null);
  return (
    <section class="seminar-bar" aria-label="Seminar session" data-following={following ? 'true' : 'false'}>
      <span class="seminar-live" aria-hidden="true" />
      <strong class="seminar-title">{session.title}</strong>
      {leading ? (
        <span class="seminar-role">
          You are facilitating · {followers.length} following{followers.length > 0 && `: ${followers.map((f) => f.state.user.name).join(', ')}`}
        </span>
      ) : following ? (
        <span class="seminar-role">
          {facilitator ? `Following ${session.facilitator.name}` : `${session.facilitator.name} has left: you stay here and follow again when they are back`}
          <button type="button" class="button button-small" onClick={() => follow.setFollowing(false)}>
            Step out
          </button>
        </span>
      ) : (
        <span class="seminar-role">
          {session.facilitator.name} is facilitating{facilitator ? '' : ' (not here right now)'}
          <button type="button" class="button button-small button-primary" onClick={() => follow.setFollowing(true)} disabled={!facilitator}>
            Follow
          </button>
        </span>
      )}
      {offer && (
        <span class="seminar-offer" role="status">
          {offer.label}, kept back while you write
          <button type="button" class="button button-small button-primary" onClick={follow.go}>
            Go
          </button>
        </span>
      )}
      {now && (
        <span class="seminar-now" aria-live="polite">
          <span class="seminar-now-label">Now discussing</span>
          {now.annotation ? (
            <a href={documentPath(workspaceId, now.annotation.passage.documentId, null, now.annotation.id)} onClick={onLinkClick}>
              {now.title}
            </a>
          ) : (
            <span class="seminar-now-question">{now.detail}</span>
          )}
        </span>
      )}
      <TimerBadge connection={connection} itemId={seminar.now?.itemId ?? null} />
      <HandsControl connection={connection} session={session} me={me} canRaise={role !== 'viewer'} onError={setError} />
      <PollStrip connection={connection} session={session} me={me} onError={setError} />
      {children}
      <span class="seminar-actions">
        {leading && follow.spotlight && (
          <button type="button" class="button button-small" onClick={follow.clearSpotlight}>
            Clear the spotlight
          </button>
        )}
        {leading && next && (
          <button
            type="button"
            class="button button-small button-primary"
            title={describeItem(next, annotations, documents).title}
            onClick={() => setError(discussItem(connection, me, next.id, annotations))}
          >
            Next item
          </button>
        )}
        <button type="button" class="button button-small" onClick={onOpenAgenda}>
          Agenda · {seminar.agenda.length}
        </button>
        <a class="button button-small" href={projectorPath(workspaceId)} target="_blank" rel="noopener">
          Projector view
        </a>
      </span>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
