import type { Annotation, Person } from './annotation.js';

/*
 * Everything written keeps its author's id and the name they had then. What the app and the
 * exports show is a member's name as it is now, from the workspace's member list, so renaming
 * yourself renames everything you wrote. Anyone who is not a member (the outside people of an
 * import, a program token, a former member) keeps the name stored with their words.
 */

/** Members' display names as they are now, by id. */
export type People = ReadonlyMap<string, string>;

export const NO_PEOPLE: People = new Map();

/** A person as they are called now. */
export function personNow(person: Person, people: People): Person {
  const name = people.get(person.id);
  return name === undefined || name === person.name ? person : { ...person, name };
}

const renamed = (person: Person, people: People) => {
  const name = people.get(person.id);
  return name !== undefined && name !== person.name;
};

/**
 * An annotation with everyone in it (author, repliers, reactions, moderators, re-attachers) named
 * as now: the same object when nobody in it was renamed, so views keyed on it do not redraw.
 */
export function withCurrentNames(a: Annotation, people: People): Annotation {
  const stale = (p: Person | undefined) => p !== undefined && renamed(p, people);
  const any =
    stale(a.author) ||
    stale(a.hidden?.by) ||
    a.replies.some((r) => stale(r.author) || stale(r.hidden?.by)) ||
    a.reactions.some((r) => stale(r.by)) ||
    a.history.some((h) => stale(h.by));
  if (!any) return a;
  const now = (p: Person) => personNow(p, people);
  return {
    ...a,
    author: now(a.author),
    hidden: a.hidden && { ...a.hidden, by: now(a.hidden.by) },
    replies: a.replies.map((r) => ({ ...r, author: now(r.author), hidden: r.hidden && { ...r.hidden, by: now(r.hidden.by) } })),
    reactions: a.reactions.map((r) => ({ ...r, by: now(r.by) })),
    history: a.history.map((h) => ({ ...h, by: now(h.by) })),
  };
}
