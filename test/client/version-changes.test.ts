import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from '../../core/index.js';
import { compareWorkspaces } from '../../core/versions/compare.js';
import { groupChanges } from '../../client/version-changes.js';
import { NOTICE, ana, annotatedWorkspace, ben, passageIn } from '../support/annotated-workspace.js';

const mod = { id: 'mod', name: 'Moderator' };

describe('a comparison grouped by what happened', () => {
  it('lists each change under its group in reading order, an item with two changes under both', () => {
    const before = annotatedWorkspace();
    const after = new Y.Doc();
    Y.applyUpdate(after, Y.encodeStateAsUpdate(before.ydoc));
    const store = new Workspace(after).annotations();
    store.edit('critique', ana, { kind: 'critique', body: 'Removal is not conviction, twice over.', tags: ['numbers', 'framing'], category: 'factual-claim' }, 'local');
    store.setStatus('critique', 'resolved', 'local');
    store.create({ id: 'new', author: ben, passage: passageIn(before, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Which ones?', tags: [] } }, 'local');
    store.addReply('question', { id: 'r3', author: ana, body: 'From the FBI.' }, 'local');
    store.hide('comparison', mod, 'local');

    const groups = groupChanges(compareWorkspaces(before.ydoc, after, { includeHidden: true }));
    expect(groups.annotations.map((g) => [g.change, g.items.map((i) => i.annotationId)])).toEqual([
      ['added', ['new']],
      ['changed', ['critique']],
      ['resolved', ['critique']],
      ['hidden', ['comparison']],
    ]);
    expect(groups.replies.map((g) => [g.change, g.items.map((i) => i.replyId)])).toEqual([['added', ['r3']]]);
  });

  it('has no groups when nothing changed', () => {
    const ws = annotatedWorkspace();
    expect(groupChanges(compareWorkspaces(ws.ydoc, ws.ydoc))).toEqual({ annotations: [], replies: [] });
  });
});
