import * as Y from 'yjs';

/*
 * What an incoming update would do to a workspace, worked out the way Yjs works it out.
 *
 * A hostile member writes updates by hand, so nothing an update declares is taken at its word:
 * the update is first cut down to what the server lacks (`Y.diffUpdate` against the room's state
 * vector; a struct that overlaps the server's clock keeps only its new part, placed after the
 * server's last item of that client, as Yjs would place it), then every new struct is placed from
 * the server's own store exactly as `Item.getMissing` and `integrate` place it: the parent comes
 * from the explicit parent if one is encoded, otherwise from the left neighbour, otherwise from
 * the right one; a neighbour or parent that is garbage turns the item into garbage. Deletions are
 * resolved against the store whole struct by whole struct (binary search, never clock by clock).
 * Anything Yjs would hold back as pending (a gap in a client's clocks, a reference to content the
 * server does not have, a deletion beyond what exists) is refused instead, so nothing invisible
 * is ever kept. The proof is `test/core/update-check.test.ts`: for crafted updates, what this
 * reports equals what Yjs changes when the same update is applied to a copy.
 */

/** What a new item carries, as far as permissions and content rules care. */
export type Content =
  | { kind: 'type'; type: 'map' | 'array' | 'text' | 'xmlFragment' | 'xmlElement' | 'xmlText' | 'xmlHook'; nodeName?: string }
  | { kind: 'string' }
  | { kind: 'any'; values: unknown[] }
  | { kind: 'format'; key: string; value: unknown }
  | { kind: 'deleted' }
  | { kind: 'embed' | 'binary' | 'json' | 'doc' };

/** The type an item sits in, for content rules (an element's attributes, a text's marks). */
export type Container = { type: Extract<Content, { kind: 'type' }>['type'] | 'root'; nodeName?: string };

/** One change an update makes: where in the Y.Doc, and what. */
export interface Touch {
  /** The top-level type it lands in ("annotations", "doc:<id>", …). */
  root: string;
  /** Map keys from the root down to the changed item; null where the path goes through a list or text. */
  keys: (string | null)[];
  /**
   * insert: a new item (a tombstone, an item whose content arrives already deleted, counts as a
   * delete at its place: in a map it removes the key's value). delete: a stored item removed.
   */
  change: 'insert' | 'delete';
  /** The first clock and length of the item (or the part of it) this touch is about. */
  id: { client: number; clock: number; length: number };
  /** The item comes with the update (true) or is already stored (false). */
  fresh: boolean;
  /** For a new item, its content. */
  content?: Content;
  /** For an inserted plain value (a map entry's JSON), the value; `values` for a list insert of several. */
  value?: unknown;
  values?: unknown[];
  /** The inserted content is a nested Yjs type (a new Y.Map, Y.Array…). */
  isType?: boolean;
  container: Container;
  /** Ids ("client:clock") of the items of the types above this one, nearest last. */
  ancestors: string[];
}

/** Limits checked before any work that grows with the update. */
export interface UpdateBudget {
  maxStructs: number;
  maxDeleteRanges: number;
  /** New clocks one update may take, summed over its clients (an item of length 2^40 is refused). */
  maxClockSpan: number;
  /** Distinct client ids with new structs in one update. */
  maxClients: number;
}

export const DEFAULT_BUDGET: UpdateBudget = { maxStructs: 20_000, maxDeleteRanges: 20_000, maxClockSpan: 16 * 1024 * 1024, maxClients: 16 };

export type UpdateCheck =
  | {
      ok: true;
      /** The update cut down to what the server lacks: apply this one, not what was sent. */
      update: Uint8Array;
      touches: Touch[];
      /** Client ids the update writes new structs under (items, garbage and all). */
      clients: number[];
      /** Nothing new at all: no structs, no deletion of anything alive. */
      empty: boolean;
    }
  | { ok: false; reason: string };

export type UpdateFormat = 'v1' | 'v2';

type Struct = Y.Item | Y.GC | Y.Skip;
type DecodedUpdate = { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };

/** Where a new item ends up: garbage, or a parent type (stored, fresh, or a root by name) and key. */
type Placement = { gc: true } | { gc: false; parent: ParentRef; parentSub: string | null };
type ParentRef = { root: string } | { stored: Y.AbstractType<unknown> } | { fresh: Y.Item };
type Location = { root: string; keys: (string | null)[]; ancestors: string[]; container: Container };

const refuse = (reason: string): UpdateCheck => ({ ok: false, reason });

/** The first varuint of a v1 update: how many clients it brings structs for (0: deletions only). */
export function structClientCount(update: Uint8Array): number {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < update.length && i < 8; i++) {
    const byte = update[i]!;
    result += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return result;
    shift += 7;
  }
  return Number.POSITIVE_INFINITY;
}

export function checkUpdate(doc: Y.Doc, raw: Uint8Array, budget: UpdateBudget = DEFAULT_BUDGET, format: UpdateFormat = 'v1'): UpdateCheck {
  const store = doc.store;
  const decode = (bytes: Uint8Array) => (format === 'v1' ? Y.decodeUpdate(bytes) : Y.decodeUpdateV2(bytes)) as unknown as DecodedUpdate;
  let normalised: Uint8Array;
  let decoded: DecodedUpdate;
  try {
    decoded = decode(raw);
    if (decoded.structs.length > budget.maxStructs) return refuse(`the change has ${decoded.structs.length} parts, more than the ${budget.maxStructs} one change may have`);
    // Always rewritten, also when nothing reaches back into what the server has: the rewrite also
    // joins a client's lists that follow each other, of which Yjs would keep only the last.
    normalised = format === 'v1' ? Y.diffUpdate(raw, Y.encodeStateVector(doc)) : Y.diffUpdateV2(raw, Y.encodeStateVector(doc));
    decoded = decode(normalised);
  } catch {
    return refuse('the change could not be decoded');
  }
  if (decoded.structs.length > budget.maxStructs) return refuse(`the change has ${decoded.structs.length} parts, more than the ${budget.maxStructs} one change may have`);
  let rangeCount = 0;
  for (const ranges of decoded.ds.clients.values()) {
    rangeCount += ranges.length;
    // Yjs keeps an empty range at or past a client's clock as a pending deletion, forever.
    if (ranges.some((r) => r.len === 0)) return refuse('the change has an empty deletion');
  }
  if (rangeCount > budget.maxDeleteRanges) return refuse(`the change deletes ${rangeCount} ranges, more than the ${budget.maxDeleteRanges} one change may`);

  // New structs by client, each run starting exactly at the server's clock and without gaps.
  const fresh = new Map<number, Struct[]>();
  let span = 0;
  // Yjs keeps only the last list of a client that appears twice: refuse rather than guess.
  const listed = new Set<number>();
  for (let i = 0; i < decoded.structs.length; i++) {
    const client = decoded.structs[i]!.id.client;
    if (i > 0 && decoded.structs[i - 1]!.id.client === client) continue;
    if (listed.has(client)) return refuse('the change lists a client’s changes twice');
    listed.add(client);
  }
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (struct instanceof Y.Skip) return refuse('the change leaves a gap in its clocks');
    if (!Number.isSafeInteger(clock + struct.length) || struct.length < 1) return refuse('the change has an impossible clock');
    let run = fresh.get(client);
    if (!run) {
      if (clock !== Y.getState(store, client)) return refuse('the change depends on changes the server does not have');
      run = [];
      fresh.set(client, run);
    } else {
      const last = run[run.length - 1]!;
      if (clock !== last.id.clock + last.length) return refuse('the change leaves a gap in its clocks');
    }
    run.push(struct);
    span += struct.length;
    if (span > budget.maxClockSpan) return refuse('the change is larger than one change may be');
  }
  if (fresh.size > budget.maxClients) return refuse('the change writes under too many client ids');

  const freshAt = (id: Y.ID): Struct | undefined => {
    const run = fresh.get(id.client);
    if (!run || id.clock < run[0]!.id.clock) return undefined;
    let lo = 0;
    let hi = run.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = run[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  };
  const storedAt = (id: Y.ID): Y.Item | Y.GC | undefined => {
    if (id.clock >= Y.getState(store, id.client)) return undefined;
    const structs = store.clients.get(id.client)!;
    return structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC;
  };

  // Integration order: a client's structs in clock order; one that refers to another client's
  // new struct waits until that one is placed (Yjs's stack does the same). Whatever cannot be
  // placed when nothing moves any more is what Yjs would hold as pending.
  const placement = new Map<Struct, Placement>();
  const placedUpTo = new Map<number, number>();
  const available = (id: Y.ID): boolean => id.clock < Y.getState(store, id.client) || id.clock < (placedUpTo.get(id.client) ?? 0);
  const dependencies = (item: Y.Item): Y.ID[] => {
    const ids: Y.ID[] = [];
    if (item.origin) ids.push(item.origin);
    if (item.rightOrigin) ids.push(item.rightOrigin);
    if (item.parent instanceof Y.ID) ids.push(item.parent);
    return ids;
  };
  const structAt = (id: Y.ID): { struct: Struct; placed?: Placement } => {
    const stored = storedAt(id);
    if (stored) return { struct: stored };
    const struct = freshAt(id)!;
    return { struct, placed: placement.get(struct) };
  };
  const isGarbage = (at: { struct: Struct; placed?: Placement }) => at.struct instanceof Y.GC || at.placed?.gc === true;
  const parentOf = (at: { struct: Struct; placed?: Placement }): Placement => {
    if (at.placed) return at.placed;
    const item = at.struct as Y.Item;
    return { gc: false, parent: { stored: item.parent as Y.AbstractType<unknown> }, parentSub: item.parentSub };
  };
  const place = (struct: Struct): Placement => {
    if (struct instanceof Y.GC) return { gc: true };
    const item = struct as Y.Item;
    const left = item.origin ? structAt(item.origin) : null;
    const right = item.rightOrigin ? structAt(item.rightOrigin) : null;
    if ((left && isGarbage(left)) || (right && isGarbage(right))) return { gc: true };
    const parent = item.parent as unknown;
    if (parent === null || parent === undefined) {
      const neighbour = left ?? right;
      return neighbour ? parentOf(neighbour) : { gc: true };
    }
    if (typeof parent === 'string') return { gc: false, parent: { root: parent }, parentSub: item.parentSub };
    const holder = structAt(parent as Y.ID);
    if (isGarbage(holder) || !((holder.struct as Y.Item).content instanceof Y.ContentType)) return { gc: true };
    const parentRef: ParentRef = holder.placed ? { fresh: holder.struct as Y.Item } : { stored: ((holder.struct as Y.Item).content as Y.ContentType).type as Y.AbstractType<unknown> };
    return { gc: false, parent: parentRef, parentSub: item.parentSub };
  };

  const queues = Array.from(fresh.entries(), ([client, run]) => ({ client, run, next: 0 }));
  for (let moved = true; moved; ) {
    moved = false;
    for (const queue of queues) {
      while (queue.next < queue.run.length) {
        const struct = queue.run[queue.next]!;
        if (struct instanceof Y.Item) {
          let blocked = false;
          for (const dep of dependencies(struct)) {
            // Yjs finds a same-client reference in its store only if it points backwards.
            if (dep.client === struct.id.client ? dep.clock >= struct.id.clock : !available(dep)) {
              if (dep.client === struct.id.client) return refuse('the change refers forward to content that does not exist yet');
              blocked = true;
              break;
            }
          }
          if (blocked) break;
        }
        placement.set(struct, place(struct));
        placedUpTo.set(queue.client, struct.id.clock + struct.length);
        queue.next += 1;
        moved = true;
      }
    }
  }
  if (queues.some((q) => q.next < q.run.length)) return refuse('the change depends on content the server does not have');

  // Where a type lives: walk up through stored or fresh parents to the root.
  const memo = new Map<object, Location>();
  const locate = (parent: ParentRef, parentSub: string | null, depth = 0): Location => {
    if (depth > 256) throw new Error('nesting too deep');
    let base: Location;
    if ('root' in parent) {
      const type = (doc.share.get(parent.root) as Y.AbstractType<unknown> | undefined) ?? null;
      base = { root: parent.root, keys: [], ancestors: [], container: type ? containerOf(type) : { type: 'root' } };
    } else if ('stored' in parent) {
      base = memo.get(parent.stored) ?? storedTypeLocation(parent.stored, depth);
    } else {
      base = memo.get(parent.fresh) ?? freshTypeLocation(parent.fresh, depth);
    }
    return { ...base, keys: [...base.keys, parentSub] };
  };
  const storedTypeLocation = (type: Y.AbstractType<unknown>, depth: number): Location => {
    const item = type._item;
    let result: Location;
    if (item === null) result = { root: Y.findRootTypeKey(type), keys: [], ancestors: [], container: containerOf(type) };
    else {
      const above = locate({ stored: item.parent as Y.AbstractType<unknown> }, item.parentSub, depth + 1);
      result = { root: above.root, keys: above.keys, ancestors: [...above.ancestors, idKey(item.id)], container: containerOf(type) };
    }
    memo.set(type, result);
    return result;
  };
  const freshTypeLocation = (item: Y.Item, depth: number): Location => {
    const placed = placement.get(item) as Extract<Placement, { gc: false }>;
    const above = locate(placed.parent, placed.parentSub, depth + 1);
    const result: Location = { root: above.root, keys: above.keys, ancestors: [...above.ancestors, idKey(item.id)], container: containerOf((item.content as Y.ContentType).type as Y.AbstractType<unknown>) };
    memo.set(item, result);
    return result;
  };

  const touches: Touch[] = [];
  try {
    for (const run of fresh.values()) {
      for (const struct of run) {
        const placed = placement.get(struct)!;
        if (placed.gc) continue;
        const item = struct as Y.Item;
        const location = locate(placed.parent, placed.parentSub);
        const content = describeContent(item.content);
        const touch: Touch = {
          root: location.root,
          keys: location.keys,
          change: content.kind === 'deleted' ? 'delete' : 'insert',
          id: { client: item.id.client, clock: item.id.clock, length: item.length },
          fresh: true,
          content,
          container: location.container,
          ancestors: location.ancestors,
        };
        if (content.kind === 'any') {
          touch.value = content.values[0];
          touch.values = content.values;
        }
        if (content.kind === 'type') touch.isType = true;
        touches.push(touch);
      }
    }

    // Deletions, per client over merged ranges, whole stored structs at a time.
    const deletes: Touch[] = [];
    for (const [client, ranges] of decoded.ds.clients) {
      const storeState = Y.getState(store, client);
      const run = fresh.get(client);
      const newState = run ? run[run.length - 1]!.id.clock + run[run.length - 1]!.length : storeState;
      for (const { clock, len } of mergeRanges(ranges)) {
        const end = clock + len;
        if (!Number.isSafeInteger(end)) return refuse('the change deletes an impossible range');
        if (end > newState) return refuse('the change deletes content the server does not have');
        if (clock >= storeState) continue; // what the update brings itself
        const structs = store.clients.get(client)!;
        for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
          const struct = structs[index]!;
          if (struct.id.clock >= end) break;
          if (!(struct instanceof Y.Item) || struct.deleted) continue;
          const from = Math.max(clock, struct.id.clock);
          const to = Math.min(end, struct.id.clock + struct.length);
          const location = locate({ stored: struct.parent as Y.AbstractType<unknown> }, struct.parentSub);
          deletes.push({
            root: location.root,
            keys: location.keys,
            change: 'delete',
            id: { client, clock: from, length: to - from },
            fresh: false,
            container: location.container,
            ancestors: location.ancestors,
          });
        }
      }
    }
    touches.push(...deletes);
  } catch {
    return refuse('the change nests too deeply');
  }

  const clients = Array.from(fresh.keys());
  const changes = withoutImpliedDeletes(touches);
  return { ok: true, update: normalised, touches: changes, clients, empty: clients.length === 0 && changes.length === 0 };
}

/**
 * Leaves out the deletions another change of the same update already implies: what is inside a
 * deleted type goes with it, and a map key written anew replaces its value (and everything in
 * it). The type's deletion or the key's new value is the change that is judged.
 */
export function withoutImpliedDeletes(touches: Touch[]): Touch[] {
  const deletedTypes = new Set<string>();
  const rewritten = new Set<string>();
  for (const touch of touches) {
    if (!touch.fresh && touch.change === 'delete' && touch.id.length === 1) deletedTypes.add(idKey(Y.createID(touch.id.client, touch.id.clock)));
    const key = touch.keys[touch.keys.length - 1];
    if (touch.fresh && key != null) rewritten.add(slot(touch.root, touch.ancestors[touch.ancestors.length - 1], key));
  }
  return touches.filter((touch) => {
    if (touch.fresh) return true;
    if (touch.ancestors.some((a) => deletedTypes.has(a))) return false;
    // The touch's own slot and each ancestor's: (the type holding it, its key).
    for (let level = 0; level < touch.keys.length; level++) {
      const key = touch.keys[level];
      if (key != null && rewritten.has(slot(touch.root, level === 0 ? undefined : touch.ancestors[level - 1], key))) return false;
    }
    return true;
  });
}

function slot(root: string, holder: string | undefined, key: string): string {
  return `${holder ?? `root:${root}`}\u0000${key}`;
}

export function idKey(id: Y.ID): string {
  return `${id.client}:${id.clock}`;
}

function mergeRanges(ranges: { clock: number; len: number }[]): { clock: number; len: number }[] {
  const sorted = [...ranges].sort((a, b) => a.clock - b.clock);
  const merged: { clock: number; len: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.clock <= last.clock + last.len) last.len = Math.max(last.len, range.clock + range.len - last.clock);
    else merged.push({ ...range });
  }
  return merged;
}

export function containerOf(type: Y.AbstractType<unknown>): Container {
  if (type instanceof Y.XmlElement) return { type: 'xmlElement', nodeName: type.nodeName };
  if (type instanceof Y.XmlHook) return { type: 'xmlHook' };
  if (type instanceof Y.XmlText) return { type: 'xmlText' };
  if (type instanceof Y.XmlFragment) return { type: 'xmlFragment' };
  if (type instanceof Y.Text) return { type: 'text' };
  if (type instanceof Y.Map) return { type: 'map' };
  if (type instanceof Y.Array) return { type: 'array' };
  // A root first seen in an update (and so not yet given a shape by anyone).
  return { type: 'root' };
}

/** What an item's content is, as permissions and content rules see it. */
export function describeContent(content: Y.Item['content']): Content {
  if (content instanceof Y.ContentType) {
    const container = containerOf(content.type as Y.AbstractType<unknown>);
    return { kind: 'type', type: container.type === 'root' ? 'map' : container.type, ...(container.nodeName !== undefined ? { nodeName: container.nodeName } : {}) };
  }
  if (content instanceof Y.ContentString) return { kind: 'string' };
  if (content instanceof Y.ContentAny) return { kind: 'any', values: content.arr };
  if (content instanceof Y.ContentFormat) return { kind: 'format', key: content.key, value: content.value };
  if (content instanceof Y.ContentDeleted) return { kind: 'deleted' };
  if (content instanceof Y.ContentEmbed) return { kind: 'embed' };
  if (content instanceof Y.ContentBinary) return { kind: 'binary' };
  if (content instanceof Y.ContentJSON) return { kind: 'json' };
  return { kind: 'doc' };
}
