import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '../../../core/index.js';
import { WorkspaceComparison, compareWorkspaces } from '../../../core/versions/compare.js';
import { NOTICE, ana, annotatedWorkspace, ben, passageIn } from '../../support/annotated-workspace.js';

const carl = { id: 'carl', name: 'Carl Chen' };

/** A version of the workspace as the server stores it, opened as its own document. */
function versionOf(workspace: Workspace): Y.Doc {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(workspace.ydoc));
  return ydoc;
}

describe('comparing two states of a workspace', () => {
  const live = annotatedWorkspace();
  const store = live.annotations();
  store.create({ id: 'gone', author: carl, passage: passageIn(live, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Later deleted?', tags: [] } }, 'local');
  store.addReply('citation', { id: 'r-old', author: ana, body: 'First thought.' }, 'local');
  const version = versionOf(live);

  store.create({ id: 'new', author: carl, passage: passageIn(live, NOTICE, '283,000'), content: { kind: 'critique', body: 'A new point.', tags: ['seminar'] }, created: '2026-12-03T15:00:00.000Z' }, 'local');
  store.create({ id: 'fleeting', author: carl, passage: passageIn(live, NOTICE, '283,000'), content: { kind: 'critique', body: 'Oops.', tags: [] } }, 'local');
  store.remove('fleeting', carl, 'local');
  const comparison = store.get('comparison')!;
  if (comparison.kind !== 'comparison') throw new Error('fixture changed');
  store.edit('comparison', ben, { kind: 'comparison', body: comparison.body, tags: ['fingerprints', 'data'], comparison: { ...comparison.comparison, relation: 'narrows' } }, 'local');
  store.setStatus('question', 'open', 'local');
  store.setStatus('critique', 'resolved', 'local');
  store.remove('gone', carl, 'local');
  store.addReply('comparison', { id: 'r-new', author: carl, body: 'Agreed, it narrows.' }, 'local');
  store.editReply('citation', 'r-old', ana, 'Second thought.', 'local');
  store.setReplyDeleted('critique', 'r1', ben, true, 'local');
  store.hide('citation', ben, 'local');
  store.hideReply('critique', 'r2', ben, 'local');

  const result = compareWorkspaces(version, live.ydoc, { includeHidden: true });
  const byId = new Map(result.annotations.map((a) => [a.annotationId, a]));

  it('is a valid comparison', () => {
    expect(WorkspaceComparison.safeParse(result).success).toBe(true);
  });

  it('lists annotations added, edited (with what), resolved, reopened, hidden and deleted', () => {
    expect(byId.get('new')).toMatchObject({ changes: ['added'], kind: 'critique', author: carl, quote: '283,000', after: { body: 'A new point.', status: 'open' } });
    expect(byId.get('new')).not.toHaveProperty('before');
    expect(byId.get('comparison')).toMatchObject({ changes: ['changed'], fields: ['tags', 'relation'], before: { relation: 'retains' }, after: { relation: 'narrows' } });
    expect(byId.get('question')?.changes).toEqual(['reopened']);
    expect(byId.get('critique')?.changes).toEqual(['resolved']);
    expect(byId.get('gone')).toMatchObject({ changes: ['deleted'], before: { body: 'Later deleted?' } });
    expect(byId.get('citation')?.changes).toEqual(['hidden']);
    // Added and deleted in between: it was never there on either side.
    expect(byId.has('fleeting')).toBe(false);
    expect(result.annotations).toHaveLength(6);
  });

  it('lists replies added, edited, deleted and hidden', () => {
    const replies = new Map(result.replies.map((r) => [r.replyId, r]));
    expect(replies.get('r-new')).toMatchObject({ annotationId: 'comparison', changes: ['added'], author: carl, after: 'Agreed, it narrows.' });
    expect(replies.get('r-old')).toMatchObject({ changes: ['changed'], before: 'First thought.', after: 'Second thought.' });
    expect(replies.get('r1')?.changes).toEqual(['deleted']);
    expect(replies.get('r2')?.changes).toEqual(['hidden']);
    expect(result.replies).toHaveLength(4);
  });

  it('leaves hidden items and moderation out for readers who are not moderators', () => {
    const plain = compareWorkspaces(version, live.ydoc);
    expect(plain.annotations.map((a) => a.annotationId).sort()).toEqual(['comparison', 'critique', 'gone', 'new', 'question']);
    expect(plain.replies.map((r) => r.replyId).sort()).toEqual(['r-new', 'r1']);
  });

  it('finds nothing between a state and itself, and the reverse changes the other way', () => {
    expect(compareWorkspaces(version, versionOf(new Workspace(version)))).toEqual({ annotations: [], replies: [] });
    const reverse = compareWorkspaces(live.ydoc, version, { includeHidden: true });
    expect(reverse.annotations.find((a) => a.annotationId === 'new')?.changes).toEqual(['deleted']);
    expect(reverse.annotations.find((a) => a.annotationId === 'gone')?.changes).toEqual(['restored']);
    expect(reverse.annotations.find((a) => a.annotationId === 'critique')?.changes).toEqual(['reopened']);
  });
});
