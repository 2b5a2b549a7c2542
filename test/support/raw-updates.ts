import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/*
 * Yjs updates written by hand, as a hostile member would write them: any struct at any clock
 * with any declared parent and neighbours, clients listed in any order (or twice), any delete set.
 */

export type RawStruct = Y.Item | Y.GC | Y.Skip;
export interface RawSection {
  client: number;
  structs: RawStruct[];
}
export interface RawUpdate {
  sections: RawSection[];
  ds: { client: number; ranges: [number, number][] }[];
}

/** An item as it goes on the wire: `parent` a root name or the id of a type's item, or neighbours instead. */
export function rawItem(
  id: Y.ID,
  content: Y.Item['content'],
  place: { parent?: string | Y.ID; parentSub?: string | null; origin?: Y.ID | null; rightOrigin?: Y.ID | null },
): Y.Item {
  return new Y.Item(id, null, place.origin ?? null, null, place.rightOrigin ?? null, (place.parent ?? null) as never, place.parentSub ?? null, content);
}

export function encodeRawUpdate({ sections, ds }: RawUpdate, v2 = false): Uint8Array {
  const encoder = v2 ? new Y.UpdateEncoderV2() : new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, sections.length);
  for (const { client, structs } of sections) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
    for (const struct of structs) struct.write(encoder as never, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, ds.length);
  for (const { client, ranges } of ds) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const [clock, len] of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(v2 ? Math.max(1, len) : len); // v2 cannot say an empty range
    }
  }
  return encoder.toUint8Array();
}

/** A y-websocket sync frame carrying an update (step 2, as a reply to the server's step 1, or 1/0 for others). */
export function syncFrame(update: Uint8Array, step = 2): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
