import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { presenceLimits, type PresenceUser } from '../core/index.js';

/** What the server knows of the connection an awareness update comes from. */
export interface PresenceSender {
  /** Whether the connection may set this awareness client id: its own, or (claiming it) a new one under its cap. */
  mayPresent(clientId: number, claim: boolean): boolean;
  /** The account's name and colour, written over whatever the client said of itself. */
  user: PresenceUser;
  /** Whether the sender may claim this `facilitating` value (moves everyone who follows). */
  mayFacilitate(claim: unknown): boolean;
}

/**
 * Rewrites an awareness update from one connection into what the server relays: only the
 * client ids that connection introduced (a few at most), states of bounded size that are
 * objects, each with the account's own `user`, and a `facilitating` claim only from the running
 * session's facilitator. Returns null when nothing is left. Throws on a malformed update (the
 * caller closes the connection).
 */
export function relayPresence(update: Uint8Array, sender: PresenceSender): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: [number, number, string][] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (kept.length >= presenceLimits.clientsPerConnection || json.length > presenceLimits.stateBytes) continue;
    const state = JSON.parse(json) as unknown;
    if (state === null) {
      // Only its owner may take a presence away.
      if (sender.mayPresent(clientId, false)) kept.push([clientId, clock, 'null']);
      continue;
    }
    if (typeof state !== 'object' || Array.isArray(state) || !sender.mayPresent(clientId, true)) continue;
    const relayed: Record<string, unknown> = { ...(state as Record<string, unknown>), user: sender.user };
    if (relayed.facilitating != null && !sender.mayFacilitate(relayed.facilitating)) relayed.facilitating = null;
    kept.push([clientId, clock, JSON.stringify(relayed)]);
  }
  if (kept.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const [clientId, clock, json] of kept) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}
