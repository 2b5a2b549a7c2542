import { useEffect, useState } from 'preact/hooks';
import { PresenceColor, colorFor, type PresenceUser } from '../core/index.js';
import { api } from './api.js';

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

/**
 * The colour the server gives this member in a workspace (distinct from every other member's),
 * so that a tab draws its own avatar and caret as the others see them; null until it is known.
 */
export function useOwnColor(workspaceId: string, userId: string): string | null {
  const [color, setColor] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api<{ people: { id: string; color?: string }[] }>(`/api/workspaces/${encodeURIComponent(workspaceId)}/people`).then(
      ({ people }) => {
        const own = people.find((p) => p.id === userId)?.color;
        if (current && own && PresenceColor.safeParse(own).success) setColor(own);
      },
      // Without it the colour from the id alone stays: nothing breaks.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [workspaceId, userId]);
  return color;
}
