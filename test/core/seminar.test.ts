import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SeminarError, Workspace, rootNames, type Seminar } from '../../core/index.js';
import { ana, annotatedWorkspace, ben } from '../support/annotated-workspace.js';

function seminarOf(): { workspace: Workspace; seminar: Seminar } {
  const workspace = annotatedWorkspace();
  return { workspace, seminar: workspace.seminar() };
}

/** A second replica of a workspace, to make concurrent changes. */
function replica(workspace: Workspace): Workspace {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(workspace.ydoc));
  return new Workspace(ydoc);
}

function exchange(a: Workspace, b: Workspace): void {
  const fromA = Y.encodeStateAsUpdate(a.ydoc, Y.encodeStateVector(b.ydoc));
  const fromB = Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc));
  Y.applyUpdate(b.ydoc, fromA);
  Y.applyUpdate(a.ydoc, fromB);
}

describe('seminar sessions', () => {
  it('runs one session at a time, and keeps ended ones in order', () => {
    const { seminar } = seminarOf();
    seminar.startSession({ id: 's1', title: 'Seminar, 3 December', facilitator: ana, startedAt: '2026-12-03T14:00:00.000Z' }, 'local');
    expect(() => seminar.startSession({ id: 's2', title: 'Too soon', facilitator: ben }, 'local')).toThrow(/still under way/);
    expect(seminar.activeSession()?.id).toBe('s1');
    const ended = seminar.endSession('s1', 'local', '2026-12-03T16:00:00.000Z');
    expect(ended.endedAt).toBe('2026-12-03T16:00:00.000Z');
    expect(() => seminar.endSession('s1', 'local')).toThrow(/already ended/);
    seminar.startSession({ id: 's2', title: 'Seminar, 10 December', facilitator: ben, startedAt: '2026-12-10T14:00:00.000Z' }, 'local');
    expect(seminar.sessions().map((s) => s.id)).toEqual(['s1', 's2']);
    expect(seminar.activeSession()?.id).toBe('s2');
  });

  it('refuses bad input with a reason and writes nothing', () => {
    const { workspace, seminar } = seminarOf();
    const before = Y.encodeStateVector(workspace.ydoc);
    expect(() => seminar.startSession({ id: 'bad id!', title: 'x', facilitator: ana }, 'local')).toThrow(SeminarError);
    expect(() => seminar.startSession({ id: 's1', title: '  ', facilitator: ana }, 'local')).toThrow(/needs a title/);
    expect(() => seminar.endSession('nope', 'local')).toThrow(/no session/);
    expect(Y.encodeStateVector(workspace.ydoc)).toEqual(before);
  });
});

describe('the agenda', () => {
  it('holds annotations and questions in order, and moves them', () => {
    const { seminar } = seminarOf();
    seminar.addItem({ id: 'i1', annotationId: 'critique', addedBy: ana }, 'local');
    seminar.addItem({ id: 'i2', question: 'What did the 2017 order change?', addedBy: ben }, 'local');
    seminar.addItem({ id: 'i3', annotationId: 'question', addedBy: ana }, 'local');
    seminar.addItem({ id: 'i0', annotationId: 'comparison', addedBy: ben }, 'local', 0);
    expect(seminar.agenda().map((i) => i.id)).toEqual(['i0', 'i1', 'i2', 'i3']);
    seminar.moveItem('i3', 1, 'local');
    expect(seminar.agenda().map((i) => i.id)).toEqual(['i0', 'i3', 'i1', 'i2']);
    seminar.moveItem('i0', 99, 'local');
    expect(seminar.agenda().map((i) => i.id)).toEqual(['i3', 'i1', 'i2', 'i0']);
    seminar.removeItem('i1', 'local');
    expect(seminar.agenda().map((i) => i.id)).toEqual(['i3', 'i2', 'i0']);
  });

  it('refuses an unknown annotation, the same annotation twice, and an item that is both or neither', () => {
    const { seminar } = seminarOf();
    seminar.addItem({ id: 'i1', annotationId: 'critique', addedBy: ana }, 'local');
    expect(() => seminar.addItem({ id: 'i2', annotationId: 'nothing', addedBy: ana }, 'local')).toThrow(/no annotation/);
    expect(() => seminar.addItem({ id: 'i3', annotationId: 'critique', addedBy: ben }, 'local')).toThrow(/on the agenda already/);
    expect(() => seminar.addItem({ id: 'i4', annotationId: 'question', question: 'Both?', addedBy: ben }, 'local')).toThrow(/either an annotation or a question/);
    expect(() => seminar.addItem({ id: 'i5', addedBy: ben }, 'local')).toThrow(/either an annotation or a question/);
    expect(() => seminar.moveItem('i1', -1, 'local')).toThrow(/whole number/);
    expect(seminar.agenda().map((i) => i.id)).toEqual(['i1']);
  });

  it('marks items discussed in the session under way, and follows "now discussing"', () => {
    const { seminar } = seminarOf();
    seminar.addItem({ id: 'i1', annotationId: 'critique', addedBy: ana }, 'local');
    seminar.addItem({ id: 'i2', question: 'Next steps?', addedBy: ana }, 'local');
    seminar.startSession({ id: 's1', title: 'Seminar', facilitator: ana }, 'local');
    seminar.setNowDiscussing('i1', ana, 'local');
    expect(seminar.nowDiscussing()).toMatchObject({ itemId: 'i1', by: ana });
    expect(seminar.setDiscussed('i1', true, 'local')).toMatchObject({ discussed: true, discussedIn: 's1' });
    expect(seminar.setDiscussed('i1', false, 'local')).not.toHaveProperty('discussedIn');
    seminar.setDiscussed('i1', true, 'local');
    seminar.removeItem('i2', 'local');
    seminar.endSession('s1', 'local');
    // Ending a session leaves nobody "now discussing".
    expect(seminar.nowDiscussing()).toBeNull();
    expect(seminar.item('i1')).toMatchObject({ discussed: true, discussedIn: 's1' });
  });

  it('keeps one copy of an item two people moved at once, and an edit made while it moved', () => {
    const { workspace, seminar } = seminarOf();
    for (const id of ['a', 'b', 'c']) seminar.addItem({ id, question: `Question ${id}`, addedBy: ana }, 'local');
    const other = replica(workspace);
    seminar.moveItem('c', 0, 'local');
    other.seminar().moveItem('c', 1, 'local');
    other.seminar().setDiscussed('c', true, 'local');
    exchange(workspace, other);
    const order = seminar.agenda().map((i) => i.id);
    expect(order.sort()).toEqual(['a', 'b', 'c']);
    expect(other.seminar().agenda().map((i) => i.id)).toEqual(seminar.agenda().map((i) => i.id));
    expect(seminar.item('c')?.discussed).toBe(true);
  });

  it('leaves out records that do not validate, instead of failing the list', () => {
    const { workspace, seminar } = seminarOf();
    seminar.addItem({ id: 'ok', question: 'Fine', addedBy: ana }, 'local');
    // Written raw, as a misbehaving client could.
    workspace.ydoc.getMap(rootNames.AGENDA_ITEMS).set('bad', { id: 'bad', addedBy: ana });
    workspace.ydoc.getArray(rootNames.AGENDA).push(['bad', 42]);
    expect(seminar.agenda().map((i) => i.id)).toEqual(['ok']);
  });
});
