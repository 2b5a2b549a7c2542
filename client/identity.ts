import { colorFor, type PresenceUser } from '../core/index.js';

/** The name and colour a person shows to others (the server writes the same into what it relays). */
export type Identity = PresenceUser;

export function identityFor(name: string, userId: string): Identity {
  return { name, color: colorFor(userId) };
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
