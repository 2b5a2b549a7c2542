import * as Y from 'yjs';

/** One change an update would make: where in the Y.Doc, and what. */
export interface Touch {
  /** The top-level type it lands in ("annotations", "doc:<id>", …). */
  root: string;
  /** Map keys from the root down to the changed item; null where the path goes through a list or text. */
  keys: (string | null)[];
  change: 'insert' | 'delete';
  /** For an inserted plain value (a map entry's JSON), the value. */
  value?: unknown;
  /** The inserted content is a nested Yjs type (a new Y.Map, Y.Array…). */
  isType?: boolean;
}

type Location = { root: string; keys: (string | null)[] };

/**
 * Works out which parts of a workspace Y.Doc an update would change, without applying it:
 * the update's items are placed through their parents, or through their neighbours when the
 * encoding leaves the parent out, looked up in the update itself and then in the document.
 * Returns null when the update refers to items the document does not have (it could not be
 * placed, so it cannot be allowed) or does not decode.
 */
export function touchesOf(doc: Y.Doc, update: Uint8Array): Touch[] | null {
  let decoded: { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  try {
    decoded = Y.decodeUpdate(update) as never;
  } catch {
    return null;
  }
  const local = new Map<number, Y.Item[]>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = local.get(struct.id.client) ?? [];
    list.push(struct);
    local.set(struct.id.client, list);
  }
  const store = doc.store;
  const memo = new Map<Y.Item, Location | null>();

  const findLocal = (id: Y.ID): Y.Item | undefined =>
    local.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length);
  const inDoc = (id: Y.ID): boolean => Y.getState(store, id.client) > id.clock;

  // Where an integrated item lives: walk up through its parent types.
  const locateIntegrated = (item: Y.Item): Location => {
    const parent = item.parent as Y.AbstractType<unknown>;
    const own = item.parentSub ?? null;
    if (parent._item === null) return { root: Y.findRootTypeKey(parent), keys: [own] };
    const above = locateIntegrated(parent._item);
    return { root: above.root, keys: [...above.keys, own] };
  };

  // The location of the *content* of the item with this id (the type it holds, for parents).
  const locateId = (id: Y.ID, depth: number): Location | null => {
    const pending = findLocal(id);
    if (pending) return locate(pending, depth + 1);
    if (!inDoc(id)) return null;
    const item = Y.getItem(store, id);
    return item instanceof Y.Item ? locateIntegrated(item) : null;
  };

  const locate = (item: Y.Item, depth: number): Location | null => {
    if (depth > 64) return null;
    if (memo.has(item)) return memo.get(item)!;
    let result: Location | null = null;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      result = { root: parent, keys: [item.parentSub ?? null] };
    } else if (parent instanceof Y.ID) {
      const above = locateId(parent, depth);
      result = above && { root: above.root, keys: [...above.keys, item.parentSub ?? null] };
    } else if (parent === null || parent === undefined) {
      // Encoded without its parent: it shares the parent and key of its neighbour.
      const neighbour = item.origin ?? item.rightOrigin;
      result = neighbour ? locateId(neighbour, depth) : null;
    } else {
      result = locateIntegrated(item);
    }
    memo.set(item, result);
    return result;
  };

  const touches: Touch[] = [];
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    // Already integrated (a resent update): applying it changes nothing.
    if (inDoc(struct.id) && Y.getState(store, struct.id.client) >= struct.id.clock + struct.length) continue;
    const location = locate(struct, 0);
    if (!location) return null;
    // An item written and overwritten or removed within the update (offline edits merged on
    // reconnect) arrives as a tombstone: it can only remove what is there, so it is checked as a delete.
    const touch: Touch = { ...location, change: struct.content instanceof Y.ContentDeleted ? 'delete' : 'insert' };
    if (struct.content instanceof Y.ContentAny) touch.value = struct.content.arr[0];
    if (struct.content instanceof Y.ContentType) touch.isType = true;
    touches.push(touch);
  }

  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      for (let at = clock; at < clock + len; ) {
        if (findLocal(Y.createID(client, at))) {
          at += 1;
          continue;
        }
        if (!inDoc(Y.createID(client, at))) return null;
        const item = Y.getItem(store, Y.createID(client, at));
        if (item instanceof Y.Item && !item.deleted) touches.push({ ...locateIntegrated(item), change: 'delete' });
        at = item.id.clock + item.length;
      }
    }
  }
  return touches;
}
