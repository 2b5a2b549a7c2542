import { createContext } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { NO_PEOPLE, type People, type Person } from '../core/index.js';
import { api } from './api.js';

/** The members' names as they are now: `useAnnotations` names every author with it (core/people.ts). */
export const PeopleContext = createContext<People>(NO_PEOPLE);

/**
 * The workspace's members by id with their current names, fetched again whenever the names of
 * the people present change (someone renamed themselves), and the reader's own name as they
 * have just set it.
 */
export function usePeople(workspaceId: string, me: Person, presentNames: string): People {
  const [fetched, setFetched] = useState<People>(NO_PEOPLE);
  useEffect(() => {
    let current = true;
    api<{ people: Person[] }>(`/api/workspaces/${encodeURIComponent(workspaceId)}/people`).then(
      ({ people }) => current && setFetched(new Map(people.map((p) => [p.id, p.name]))),
      // Without the list, names stay as they were written: nothing breaks.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [workspaceId, presentNames]);
  return useMemo(() => new Map([...fetched, [me.id, me.name]]), [fetched, me.id, me.name]);
}
