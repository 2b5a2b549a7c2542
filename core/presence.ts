import { z } from 'zod';

/*
 * Presence is a wire format: what each client publishes in awareness, relayed by the server.
 * The server owns the identity part of it (`user`): the name comes from the account and the
 * colour from the member's id, whatever the client sent, because a colour is drawn into style
 * attributes and a name is read as a claim of who is there.
 */

/** Distinct, readable on white, and not the highlight colours annotations use. */
const PALETTE = ['#c2410c', '#0f766e', '#7c3aed', '#b91c1c', '#1d4ed8', '#a16207', '#be185d', '#15803d', '#4338ca', '#0e7490'] as const;

export const PresenceColor = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour is #rrggbb');

/** The name and colour a person shows to others. */
export const PresenceUser = z.object({ name: z.string().min(1).max(120), color: PresenceColor });
export type PresenceUser = z.infer<typeof PresenceUser>;

/** A colour from an id alone, for someone outside a workspace's member list (a program token). */
export function colorFor(seed: string): string {
  return PALETTE[Math.abs(hashOf(seed)) % PALETTE.length]!;
}

/**
 * Colours for a workspace's members, in the order they joined: each takes the slot its id hashes
 * to unless an earlier member has it, then the next free one, so that no two members share a
 * colour while there are no more of them than colours (and early members keep theirs as others join).
 */
export function memberColors(memberIds: readonly string[]): Map<string, string> {
  const taken = new Set<number>();
  const result = new Map<string, string>();
  for (const id of memberIds) {
    if (result.has(id)) continue;
    let slot = Math.abs(hashOf(id)) % PALETTE.length;
    if (taken.size < PALETTE.length) while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    result.set(id, PALETTE[slot]!);
  }
  return result;
}

function hashOf(seed: string): number {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return hash;
}

/** A colour safe to put in a style attribute, or the fallback. */
export function safeColor(color: unknown, fallback = '#6b7280'): string {
  return PresenceColor.safeParse(color).success ? (color as string) : fallback;
}

export const presenceLimits = {
  /** Awareness client ids one connection may introduce (one per Y.Doc; a few for reconnects). */
  clientsPerConnection: 4,
  /** Largest presence state, as JSON. */
  stateBytes: 4096,
  /** Awareness messages per second a connection may send, and its burst. */
  messagesPerSecond: 30,
  messageBurst: 60,
} as const;
