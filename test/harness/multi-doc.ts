import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { expect } from 'vitest';
import { Workspace } from '../../core/index.js';

/**
 * N in-memory Y.Docs joined by held message queues, for deterministic concurrency tests.
 * Nothing is delivered until a test says so; `deliverRandom` picks messages with a seeded
 * generator, so a failing seed replays exactly.
 */
export class MultiDoc {
  readonly docs: Y.Doc[];
  readonly workspaces: Workspace[];
  /** queues[from][to]: updates sent by `from`, not yet received by `to`. */
  private readonly queues: Uint8Array[][][];
  readonly random: prng.PRNG;

  constructor(count: number, seed: number) {
    this.random = prng.create(seed);
    this.docs = Array.from({ length: count }, (_, i) => {
      const doc = new Y.Doc();
      doc.clientID = i + 1;
      return doc;
    });
    this.workspaces = this.docs.map((d) => new Workspace(d));
    this.queues = this.docs.map(() => this.docs.map(() => []));
    this.docs.forEach((doc, from) => {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === 'remote') return;
        this.docs.forEach((_, to) => {
          if (to !== from) this.queues[from]![to]!.push(update);
        });
      });
    });
  }

  pending(): number {
    return this.queues.flat().reduce((n, q) => n + q.length, 0);
  }

  /** Delivers the oldest held message from `from` to `to`; false if there is none. */
  deliver(from: number, to: number): boolean {
    const update = this.queues[from]![to]!.shift();
    if (!update) return false;
    Y.applyUpdate(this.docs[to]!, update, 'remote');
    return true;
  }

  /** Delivers one held message on a random link; false when everything is delivered. */
  deliverRandom(): boolean {
    const links: [number, number][] = [];
    this.queues.forEach((row, from) => row.forEach((q, to) => q.length > 0 && links.push([from, to])));
    if (links.length === 0) return false;
    const [from, to] = prng.oneOf(this.random, links);
    return this.deliver(from, to);
  }

  deliverAll(): void {
    while (this.deliverRandom());
  }

  /** Delivers everything, then checks every doc holds the same state. */
  assertConverged(): void {
    this.deliverAll();
    const [first, ...rest] = this.docs;
    const expected = snapshotOf(first!);
    for (const doc of rest) expect(snapshotOf(doc)).toEqual(expected);
  }
}

function snapshotOf(doc: Y.Doc) {
  const workspace = new Workspace(doc);
  return {
    notebook: workspace.notebook().toString(),
    documents: workspace.documents(),
    info: workspace.info(),
    stateVector: Array.from(Y.decodeStateVector(Y.encodeStateVector(doc)).entries()).sort(),
  };
}

/** A random edit of the notebook: insert a paragraph, insert text into one, or delete a range. */
export function randomNotebookEdit(workspace: Workspace, random: prng.PRNG): void {
  const notebook = workspace.notebook();
  workspace.ydoc.transact(() => {
    const op = prng.int32(random, 0, 2);
    const paragraphs = notebook.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
    if (op === 0 || paragraphs.length === 0) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(prng.word(random, 1, 8))]);
      notebook.insert(prng.int32(random, 0, notebook.length), [paragraph]);
    } else {
      const paragraph = prng.oneOf(random, paragraphs);
      const text = paragraph.get(0);
      if (!(text instanceof Y.XmlText)) return;
      if (op === 1 || text.length === 0) text.insert(prng.int32(random, 0, text.length), prng.word(random, 1, 5));
      else {
        const at = prng.int32(random, 0, text.length - 1);
        text.delete(at, prng.int32(random, 1, Math.min(3, text.length - at)));
      }
    }
  }, 'local');
}
