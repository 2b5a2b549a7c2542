import { describe, expect, it } from 'vitest';
import { MultiDoc, randomNotebookEdit } from './multi-doc.js';

describe('the multi-doc harness', () => {
  it('holds messages until they are delivered', () => {
    const net = new MultiDoc(2, 1);
    randomNotebookEdit(net.workspaces[0]!, net.random);
    expect(net.workspaces[1]!.notebook().length).toBe(0);
    expect(net.pending()).toBe(1);
    net.deliver(0, 1);
    expect(net.workspaces[1]!.notebook().toString()).toBe(net.workspaces[0]!.notebook().toString());
  });

  it.each([1, 2, 3, 42, 1337])('converges after random concurrent notebook edits by five users (seed %i)', (seed) => {
    const net = new MultiDoc(5, seed);
    for (let round = 0; round < 40; round++) {
      const user = round % 5;
      randomNotebookEdit(net.workspaces[user]!, net.random);
      // Deliver only part of the traffic between edits, so that edits are truly concurrent.
      for (let i = 0; i < 3; i++) net.deliverRandom();
    }
    expect(net.pending()).toBeGreaterThan(0);
    net.assertConverged();
    expect(net.workspaces[0]!.notebook().length).toBeGreaterThan(0);
  });
});
