import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, checkUpdate, withoutImpliedDeletes, containerOf, describeContent, idKey, type Touch, type Role } from '../../core/index.js';
import { refusal } from '../../server/permissions.js';
import { annotatedWorkspace, ana, ben } from '../support/annotated-workspace.js';
import { encodeRawUpdate, type RawSection, type RawStruct, type RawUpdate } from '../support/raw-updates.js';

/*
 * The differential proof of enforcement: for crafted updates, what checkUpdate says an update
 * touches equals what Yjs changes when the (normalised) update is applied to a copy of the same
 * document. Seeded and bounded here; `FUZZ_RUNS=20000 npx vitest run test/core/update-check` for a
 * longer run (`FUZZ_SEED` picks another sequence).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

// ---------------------------------------------------------------- the workspace under attack

/** A workspace written by three clients: the corpus and annotations (Ana), replies and the notebook (Ben), seminar state (Cy), with deletions. */
function baseWorkspace(): Y.Doc {
  const server = annotatedWorkspace(101).ydoc;
  const benDoc = new Y.Doc();
  benDoc.clientID = 202;
  Y.applyUpdate(benDoc, Y.encodeStateAsUpdate(server));
  const ben2 = new Workspace(benDoc);
  ben2.annotations().addReply('question', { id: 'r3', author: ben, body: 'From county jails.', created: '2026-11-06T10:00:00.000Z' }, 'local');
  benDoc.transact(() => {
    const notebook = ben2.notebook();
    for (const text of ['First note on removals.', 'Second note, to be cut.']) {
      const paragraph = new Y.XmlElement('paragraph');
      const xmlText = new Y.XmlText(text);
      paragraph.insert(0, [xmlText]);
      notebook.insert(notebook.length, [paragraph]);
    }
  });
  ((ben2.notebook().get(1) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 7);
  ((ben2.notebook().get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 5, { strong: {} });
  Y.applyUpdate(server, Y.encodeStateAsUpdate(benDoc, Y.encodeStateVector(server)));
  const cyDoc = new Y.Doc();
  cyDoc.clientID = 303;
  Y.applyUpdate(cyDoc, Y.encodeStateAsUpdate(server));
  const cy = new Workspace(cyDoc);
  cy.seminar().startSession({ id: 's1', title: 'Week 1', facilitator: ana }, 'local');
  cy.seminar().addItem({ id: 'i1', annotationId: 'critique', addedBy: ana }, 'local');
  cy.seminar().addItem({ id: 'i2', question: 'What changed in 2017?', addedBy: ana }, 'local');
  cy.seminar().setNowDiscussing('i1', ana, 'local');
  cy.annotations().setStatus('critique', 'resolved', 'local');
  cyDoc.getMap('workspace').set('title', 'Renamed once');
  Y.applyUpdate(server, Y.encodeStateAsUpdate(cyDoc, Y.encodeStateVector(server)));
  return server;
}

// ---------------------------------------------------------------- a seeded source of attacks

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;


const ROOTS = ['workspace', 'documents', 'annotations', 'notebook', 'agenda', 'agendaItems', 'sessions', 'seminar', 'dismissedSuggestions', 'doc:secure-communities-ice-2015', 'not-a-root'];
const KEYS = ['title', 'locked', 'record', 'status', 'replies', 'reactions', 'hidden', 'critique', 'question', 'r1', 'href', 'strong', 'x'];

class AttackGenerator {
  private readonly stored: (Y.Item | Y.GC)[] = [];
  private readonly types: Y.Item[] = [];
  private readonly clients: number[];

  constructor(
    private readonly doc: Y.Doc,
    private readonly rng: Rng,
  ) {
    for (const [client, structs] of doc.store.clients) {
      for (const struct of structs) {
        this.stored.push(struct as Y.Item | Y.GC);
        if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) this.types.push(struct);
      }
      void client;
    }
    this.clients = Array.from(doc.store.clients.keys());
  }

  update(): RawUpdate {
    const { rng } = this;
    const sections: RawSection[] = [];
    const fresh: Y.ID[] = [];
    const freshTypes: Y.ID[] = [];
    const used = new Set<number>();
    const sectionCount = rng.pick([0, 1, 1, 1, 2, 2, 3]);
    for (let s = 0; s < sectionCount; s++) {
      // Usually a new client or a known one at its clock; sometimes one listed twice.
      const client = rng.chance(0.08) && used.size ? rng.pick(Array.from(used)) : rng.chance(0.5) ? 1000 + rng.int(5) : rng.pick(this.clients);
      used.add(client);
      const state = Y.getState(this.doc.store, client);
      const start = this.startClock(state);
      const structs: RawStruct[] = [];
      let clock = start;
      const count = 1 + rng.int(rng.chance(0.1) ? 40 : 5);
      for (let i = 0; i < count; i++) {
        const struct = this.struct(Y.createID(client, clock), fresh, freshTypes);
        structs.push(struct);
        fresh.push(Y.createID(client, clock + struct.length - 1));
        if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) freshTypes.push(struct.id);
        clock += struct.length;
      }
      sections.push({ client, structs });
    }
    const ds: { client: number; ranges: [number, number][] }[] = [];
    const dsCount = rng.pick([0, 0, 1, 1, 2, 3]);
    const sent = sections.flatMap((section) => section.structs);
    for (let d = 0; d < dsCount; d++) {
      // Often exactly what the update resends: the server already has it, Yjs deletes the stored item.
      if (sent.length && rng.chance(0.35)) {
        const struct = rng.pick(sent);
        ds.push({ client: struct.id.client, ranges: [[struct.id.clock, struct.length]] });
        continue;
      }
      const client = rng.chance(0.8) ? rng.pick(this.clients) : rng.pick(Array.from(used).concat([1000]));
      const state = Y.getState(this.doc.store, client);
      const ranges: [number, number][] = [];
      for (let r = 0, n = 1 + rng.int(3); r < n; r++) {
        const clock = rng.chance(0.9) ? rng.int(Math.max(1, state)) : state + rng.int(5);
        const len = rng.pick([0, 1, 1, 2, 3, 10, 100, state, 2 ** 40]);
        ranges.push([clock, len]);
      }
      ds.push({ client, ranges });
    }
    return { sections, ds };
  }

  private startClock(state: number): number {
    const { rng } = this;
    const roll = rng.next();
    if (roll < 0.6 || state === 0) return state + (rng.chance(0.05) ? 1 + rng.int(3) : 0);
    if (roll < 0.85) return Math.max(0, state - 1 - rng.int(Math.min(state, 4))); // overlaps the server's clock
    return rng.int(state); // resends what the server has
  }

  private anyId(fresh: Y.ID[]): Y.ID {
    const { rng } = this;
    if (fresh.length && rng.chance(0.35)) return rng.pick(fresh);
    if (rng.chance(0.04)) return Y.createID(rng.pick(this.clients), 2 ** 52);
    const struct = rng.pick(this.stored);
    return Y.createID(struct.id.client, struct.id.clock + rng.int(struct.length));
  }

  private typeId(freshTypes: Y.ID[]): Y.ID {
    const { rng } = this;
    if (freshTypes.length && rng.chance(0.3)) return rng.pick(freshTypes);
    if (rng.chance(0.15)) return this.anyId([]);
    return rng.pick(this.types).id;
  }

  private struct(id: Y.ID, fresh: Y.ID[], freshTypes: Y.ID[]): RawStruct {
    const { rng } = this;
    const roll = rng.next();
    if (roll < 0.05) return new Y.GC(id, 1 + rng.int(rng.chance(0.2) ? 2 ** 20 : 4));
    if (roll < 0.07) return new Y.Skip(id, 1 + rng.int(4));
    const content = this.content();
    const mode = rng.int(5);
    const origin = mode === 1 || mode === 3 ? this.anyId(fresh) : null;
    const rightOrigin = mode === 2 || mode === 3 ? this.anyId(fresh) : null;
    let parent: string | Y.ID | null = null;
    let parentSub: string | null = null;
    if (origin === null && rightOrigin === null) {
      parent = rng.chance(0.5) ? rng.pick(ROOTS) : this.typeId(freshTypes);
      parentSub = rng.chance(0.5) ? rng.pick(KEYS) : null;
    }
    return new Y.Item(id, null, origin, null, rightOrigin, parent as never, parentSub, content);
  }

  private content(): Y.Item['content'] {
    const { rng } = this;
    switch (rng.int(13)) {
      case 12:
        return new Y.ContentDoc(new Y.Doc({ guid: 'sub' }));
      case 0:
      case 1:
        return new Y.ContentString('abcde'.slice(0, 1 + rng.int(5)));
      case 2:
        return new Y.ContentAny(rng.chance(0.5) ? [rng.pick([true, 'Evil', 42, null, { id: 'x' }])] : ['a', 'b']);
      case 3:
        return new Y.ContentDeleted(rng.chance(0.1) ? 2 ** 40 : 1 + rng.int(3));
      case 4:
        return new Y.ContentFormat(rng.pick(['strong', 'link', 'evil']), rng.pick<object>([{}, { href: 'javascript:x' }, { href: 7 }])) as never;
      case 5:
        return new Y.ContentType(new Y.Map());
      case 6:
        return new Y.ContentType(new Y.XmlElement(rng.pick(['paragraph', 'script'])));
      case 7:
        return new Y.ContentType(new Y.XmlText());
      case 8:
        return new Y.ContentType(rng.chance(0.5) ? new Y.Array() : new Y.Text());
      case 9:
        return new Y.ContentEmbed({ x: 1 });
      case 10:
        return new Y.ContentBinary(new Uint8Array([1, 2]));
      default:
        return new Y.ContentJSON([{ a: 1 }]);
    }
  }
}

// ---------------------------------------------------------------- Yjs as the oracle

/** What Yjs changed applying `update` to a copy of `doc`, as touches; or that it held something back. */
function yjsChanges(doc: Y.Doc, update: Uint8Array, v2: boolean): { touches: Touch[]; pending: boolean; threw: boolean } {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let first: Y.Transaction | null = null;
  copy.on('afterTransaction', (tr: Y.Transaction) => {
    first ??= tr;
  });
  try {
    (v2 ? Y.applyUpdateV2 : Y.applyUpdate)(copy, update);
  } catch (error) {
    if (process.env.FUZZ_DEBUG) console.log('yjs threw', error);
    return { touches: [], pending: false, threw: true };
  }
  const pending = copy.store.pendingStructs !== null || copy.store.pendingDs !== null;
  const touches: Touch[] = [];
  const tr = first as Y.Transaction | null;
  if (!tr) return { touches, pending, threw: false };
  const where = (item: Y.Item) => {
    const keys: (string | null)[] = [item.parentSub];
    const ancestors: string[] = [];
    let type = item.parent as Y.AbstractType<unknown>;
    while (type._item) {
      ancestors.unshift(idKey(type._item.id));
      keys.unshift(type._item.parentSub);
      type = type._item.parent as Y.AbstractType<unknown>;
    }
    return { root: Y.findRootTypeKey(type), keys, ancestors, container: containerOf(item.parent as Y.AbstractType<unknown>) };
  };
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    for (const struct of copy.store.clients.get(client) ?? []) {
      // Yjs merges a new item into the stored one on its left: count only the new clocks.
      if (struct.id.clock + struct.length <= before || struct.id.clock >= after || !(struct instanceof Y.Item)) continue;
      const from = Math.max(before, struct.id.clock);
      const content = describeContent(struct.content);
      touches.push({
        ...where(struct),
        change: content.kind === 'deleted' ? 'delete' : 'insert',
        id: { client, clock: from, length: struct.id.clock + struct.length - from },
        fresh: true,
        content,
        ...(content.kind === 'any' ? { value: content.values[0], values: content.values } : {}),
        ...(content.kind === 'type' ? { isType: true } : {}),
      });
    }
  }
  for (const [client, ranges] of tr.deleteSet.clients) {
    const before = tr.beforeState.get(client) ?? 0;
    for (const range of ranges) {
      for (const struct of copy.store.clients.get(client) ?? []) {
        const end = range.clock + range.len;
        if (struct.id.clock >= before || struct.id.clock + struct.length <= range.clock || struct.id.clock >= end || !(struct instanceof Y.Item)) continue;
        const from = Math.max(range.clock, struct.id.clock);
        touches.push({ ...where(struct), change: 'delete', id: { client, clock: from, length: Math.min(end, struct.id.clock + struct.length) - from }, fresh: false });
      }
    }
  }
  return { touches: withoutImpliedDeletes(touches), pending, threw: false };
}

/** Touches as comparable sets: per place and kind of change, the clock ranges, merged. */
function comparable(touches: Touch[]): Record<string, [number, number][]> {
  const byPlace = new Map<string, [number, number][]>();
  for (const t of touches) {
    const place = `${t.fresh ? 'new' : 'stored'} ${t.change} ${t.root} ${JSON.stringify(t.keys)} ${t.ancestors.join('/')} ${t.id.client}`;
    const list = byPlace.get(place) ?? [];
    list.push([t.id.clock, t.id.clock + t.id.length]);
    byPlace.set(place, list);
  }
  const result: Record<string, [number, number][]> = {};
  for (const [place, list] of [...byPlace].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [from, to] of list) {
      const last = merged[merged.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    result[place] = merged;
  }
  return result;
}

const ROLES: Role[] = ['editor', 'annotator', 'viewer'];
const decide = (doc: Y.Doc, role: Role, touches: Touch[]) => refusal(doc, { userId: 'ana', role }, touches) === null;

describe('checkUpdate against Yjs (differential)', () => {
  it(`agrees with Yjs on ${RUNS} crafted updates, v1 and v2 (seed ${SEED})`, () => {
    const base = baseWorkspace();
    const rng = prng(SEED);
    const generator = new AttackGenerator(base, rng);
    const tally = { accepted: 0, refused: 0, touched: 0, gcOnly: 0 };
    for (let run = 0; run < RUNS; run++) {
      const v2 = run % 2 === 1;
      const attack = generator.update();
      const raw = encodeRawUpdate(attack, v2);
      if (process.env.FUZZ_DEBUG === String(run)) {
        const normalised = v2 ? Y.diffUpdateV2(raw, Y.encodeStateVector(base)) : Y.diffUpdate(raw, Y.encodeStateVector(base));
        const decoded = (v2 ? Y.decodeUpdateV2 : Y.decodeUpdate)(normalised);
        console.log(JSON.stringify({ sv: Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(base))), sent: attack.sections.map((s) => s.structs.map((t) => [t.constructor.name, t.id.client, t.id.clock, t.length])), normalised: decoded.structs.map((t) => [t.constructor.name, t.id.client, t.id.clock, t.length]), ds: attack.ds }));
      }
      const check = checkUpdate(base, raw, undefined, v2 ? 'v2' : 'v1');
      if (!check.ok) {
        tally.refused += 1;
        // Refused as unplaceable: Yjs, given it, holds something back or fails.
        if (/does not have/.test(check.reason)) {
          const normalised = v2 ? Y.diffUpdateV2(raw, Y.encodeStateVector(base)) : Y.diffUpdate(raw, Y.encodeStateVector(base));
          const yjs = yjsChanges(base, normalised, v2);
          expect(yjs.pending || yjs.threw, `run ${run}: refused (${check.reason}) but Yjs applies it whole`).toBe(true);
        }
        continue;
      }
      tally.accepted += 1;
      const yjs = yjsChanges(base, check.update, v2);
      expect(yjs.threw, `run ${run}: Yjs throws on what was accepted`).toBe(false);
      expect(yjs.pending, `run ${run}: Yjs keeps something pending from what was accepted`).toBe(false);
      expect(comparable(check.touches), `run ${run}`).toEqual(comparable(yjs.touches));
      if (check.touches.length) tally.touched += 1;
      else if (check.clients.length) tally.gcOnly += 1;
      for (const role of ROLES) expect(decide(base, role, check.touches), `run ${run} as ${role}`).toBe(decide(base, role, yjs.touches));
    }
    if (process.env.FUZZ_RUNS) console.log(tally);
    // The generator must reach every outcome, or the test proves little.
    expect(tally.accepted).toBeGreaterThan(RUNS / 10);
    expect(tally.refused).toBeGreaterThan(RUNS / 10);
    expect(tally.touched).toBeGreaterThan(RUNS / 20);
  }, Math.max(60_000, RUNS * 20));
});
