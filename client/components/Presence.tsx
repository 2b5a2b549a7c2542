import { safeColor, type DocumentMeta } from '../../core/index.js';
import { initials } from '../identity.js';
import type { Present } from '../hooks.js';

function whereAbout(present: Present, documents: DocumentMeta[]): string {
  const location = present.state.location;
  if (!location) return 'arriving';
  if (location.view === 'notebook') return 'in the notebook';
  const doc = documents.find((d) => d.id === location.documentId);
  return doc ? `reading ${doc.title}${location.pinpoint ? ` ${location.pinpoint}` : ''}` : 'browsing';
}

const ACTIVITY_LABEL = { active: '', idle: 'idle', away: 'away' } as const;

function activityNote(present: Present): string {
  const activity = present.state.activity;
  return activity && activity !== 'active' ? ` (${ACTIVITY_LABEL[activity]})` : '';
}

export function Avatar({ present }: { present: Present }) {
  const { name, color } = present.state.user;
  const activity = present.state.activity ?? 'active';
  return (
    <span class={`avatar avatar-${activity}`} style={{ backgroundColor: safeColor(color) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

/** Avatars in the top bar: who is here, at a glance. */
export function PresenceAvatars({ people, documents }: { people: Present[]; documents: DocumentMeta[] }) {
  return (
    <ul class="presence-avatars" aria-label={`${people.length} here now`}>
      {people.slice(0, 6).map((p) => (
        <li key={p.clientId} title={`${p.state.user.name}${p.self ? ' (you)' : ''}, ${whereAbout(p, documents)}${activityNote(p)}`}>
          <Avatar present={p} />
        </li>
      ))}
      {people.length > 6 && <li class="avatar-more">+{people.length - 6}</li>}
    </ul>
  );
}

/** The presence list: each person with where they are reading. */
export function PresenceList({ people, documents }: { people: Present[]; documents: DocumentMeta[] }) {
  return (
    <section class="presence-list" aria-label="Here now">
      <h2 class="panel-title">Here now · {people.length}</h2>
      <ul>
        {people.map((p) => (
          <li key={p.clientId} data-presence-name={p.state.user.name}>
            <Avatar present={p} />
            <span class="presence-name">
              {p.state.user.name}
              {p.self && <span class="presence-you"> (you)</span>}
            </span>
            <span class="presence-where">
              {whereAbout(p, documents)}
              {p.state.activity && p.state.activity !== 'active' && <span class={`presence-activity presence-${p.state.activity}`}>{ACTIVITY_LABEL[p.state.activity]}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
