import type { Annotation, DocumentMeta, Person } from '../../core/index.js';
import type { Facilitation } from '../connection.js';
import type { Present } from '../hooks.js';
import { documentPath, onLinkClick, projectorPath } from '../router.js';
import { describeItem } from './agenda-text.js';
import type { SeminarState } from './use-seminar.js';
import './seminar.css';

interface Props {
  workspaceId: string;
  me: Person;
  seminar: SeminarState;
  facilitator: { facilitation: Facilitation; present: Present } | null;
  followers: Present[];
  following: boolean;
  annotations: Annotation[];
  documents: DocumentMeta[];
  onFollow: () => void;
  onStepOut: () => void;
  onOpenAgenda: () => void;
}

/** The strip under the top bar while a session runs: who leads, following or not, what is under discussion. */
export function SeminarBar({ workspaceId, me, seminar, facilitator, followers, following, annotations, documents, onFollow, onStepOut, onOpenAgenda }: Props) {
  const session = seminar.active;
  if (!session) return null;
  const leading = session.facilitator.id === me.id;
  const item = seminar.now ? seminar.agenda.find((i) => i.id === seminar.now!.itemId) : undefined;
  const now = item ? describeItem(item, annotations, documents) : null;
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
          Following {session.facilitator.name}
          <button type="button" class="button button-small" onClick={onStepOut}>
            Step out
          </button>
        </span>
      ) : (
        <span class="seminar-role">
          {session.facilitator.name} is facilitating{facilitator ? '' : ' (not here right now)'}
          <button type="button" class="button button-small button-primary" onClick={onFollow} disabled={!facilitator}>
            Follow
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
            <span>{now.detail}</span>
          )}
        </span>
      )}
      <span class="seminar-actions">
        <button type="button" class="button button-small" onClick={onOpenAgenda}>
          Agenda · {seminar.agenda.length}
        </button>
        <a class="button button-small" href={projectorPath(workspaceId)} target="_blank" rel="noopener">
          Projector view
        </a>
      </span>
    </section>
  );
}
