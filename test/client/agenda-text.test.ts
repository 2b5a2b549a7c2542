import { describe, expect, it } from 'vitest';
import { describeItem } from '../../client/seminar/agenda-text.js';
import { noteHidden, visibleAnnotations } from '../../client/annotations/moderation.js';
import { annotatedWorkspace } from '../support/annotated-workspace.js';

const mod = { id: 'mod', name: 'Moderator' };
const item = (annotationId: string) => ({ id: `item-${annotationId}`, annotationId, addedBy: mod, addedAt: '2026-11-27T10:00:00.000Z', discussed: false });

describe('how an agenda item reads when its annotation is gone', () => {
  it('says a hidden annotation was hidden by a moderator, to moderators and to members whose list left it out', () => {
    const ws = annotatedWorkspace();
    const store = ws.annotations();
    store.hide('question', mod, 'local');
    store.remove('critique', { id: 'ana', name: 'Ana Alvarez' }, 'local');
    const all = store.list();
    noteHidden(all);
    const documents = ws.documents();
    const hidden = { title: 'Annotation', detail: 'This annotation was hidden by a moderator.', annotation: null };
    expect(describeItem(item('question'), all, documents)).toEqual(hidden);
    expect(describeItem(item('question'), visibleAnnotations(all, false), documents)).toEqual(hidden);
    expect(describeItem(item('critique'), all, documents).detail).toBe('This annotation was deleted.');
    expect(describeItem(item('comparison'), all, documents).detail).toBe('The memo keeps the data sharing.');

    // Shown again: the next list no longer has it hidden.
    store.unhide('question', mod, 'local');
    noteHidden(store.list());
    expect(describeItem(item('question'), store.list(), documents).detail).toBe('Removed from where, and when?');
  });
});
