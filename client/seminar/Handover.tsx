import { useContext, useState } from 'preact/hooks';
import type { Person, SeminarSession } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { usePresence } from '../hooks.js';
import { api } from '../api.js';
import { PeopleContext } from '../people.js';

/**
 * Handing the facilitation to another member, those here now first. The server checks that they
 * are an editor or an owner (the member list the app reads does not say who is what), and says so when not.
 */
export function Handover({ connection, session, me, onMessage }: { connection: Connection; session: SeminarSession; me: Person; onMessage: (text: string) => void }) {
  const people = usePresence(connection);
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const members = useContext(PeopleContext);
  const here = new Set(people.map((p) => p.state.user.name));
  const unique = [...members.entries()].filter(([id]) => id !== me.id && id !== session.facilitator.id).sort(([, a], [, b]) => Number(here.has(b)) - Number(here.has(a)) || a.localeCompare(b));
  if (unique.length === 0) return null;
  return (
    <form
      class="seminar-tool handover"
      onSubmit={(e) => {
        e.preventDefault();
        if (!to) return;
        api(`/api/workspaces/${encodeURIComponent(connection.workspaceId)}/sessions/${encodeURIComponent(session.id)}/handover`, { method: 'POST', body: { to } }).then(
          () => {
            setError(null);
            onMessage(`${unique.find(([id]) => id === to)?.[1] ?? 'They'} facilitate now.`);
          },
          (err: Error) => setError(err.message),
        );
      }}
    >
      <label>
        <span class="seminar-tool-label">Hand the session over to</span>
        <select value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)}>
          <option value="">— someone here —</option>
          {unique.map(([id, name]) => (
            <option value={id} key={id}>
              {name}
              {here.has(name) ? ' (here)' : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button button-small" disabled={!to}>
        Hand over
      </button>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
