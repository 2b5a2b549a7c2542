import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { guardAwareness } from '../../server/awareness-guard.js';

/** An awareness update of (client, clock, JSON) entries, as y-protocols encodes it. */
function update(states: string[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, states.length);
  states.forEach((json, i) => {
    encoding.writeVarUint(encoder, i + 1);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarString(encoder, json);
  });
  return encoding.toUint8Array(encoder);
}

function states(bytes: Uint8Array): string[] {
  const decoder = decoding.createDecoder(bytes);
  return Array.from({ length: decoding.readVarUint(decoder) }, () => {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    return decoding.readVarString(decoder);
  });
}

describe('the awareness guard', () => {
  it('empties facilitation claims the sender may not make, however the key is spelled, and passes the rest as sent', () => {
    const sent = ['{"user":{"name":"Ana"},"cursor":null}', '{"facilitating":{"sessionId":"s"}}', '{"facilit\\u0061ting":{"sessionId":"s"}}', 'null'];
    expect(states(guardAwareness(update(sent), () => false))).toEqual([sent[0], '{"facilitating":null}', '{"facilitating":null}', 'null']);
    expect(states(guardAwareness(update(sent), () => true))).toEqual(sent);
  });
});
