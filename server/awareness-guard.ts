import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Presence is what each client says of itself, relayed to everyone. One field carries
 * authority: `facilitating` moves the views of everyone who follows. This rewrites an awareness
 * update so that states whose `facilitating` the sender may not claim carry none; the rest of
 * each state passes as sent. Throws on a malformed update (the caller refuses the message).
 */
export function guardAwareness(update: Uint8Array, mayFacilitate: (facilitating: unknown) => boolean): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
  const count = decoding.readVarUint(decoder);
  encoding.writeVarUint(encoder, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(encoder, decoding.readVarUint(decoder));
    encoding.writeVarUint(encoder, decoding.readVarUint(decoder));
    const json = decoding.readVarString(decoder);
    // Cursor moves come many a second: only states that could name the field are parsed (a key
    // spelled with \u escapes is parsed too, so it cannot slip past).
    if (!json.includes('facilitating') && !json.includes('\\u')) {
      encoding.writeVarString(encoder, json);
      continue;
    }
    const state = JSON.parse(json) as unknown;
    const claims = state !== null && typeof state === 'object' && (state as { facilitating?: unknown }).facilitating != null;
    encoding.writeVarString(encoder, claims && !mayFacilitate((state as { facilitating: unknown }).facilitating) ? JSON.stringify({ ...state, facilitating: null }) : json);
  }
  return encoding.toUint8Array(encoder);
}
