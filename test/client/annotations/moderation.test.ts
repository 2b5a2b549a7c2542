import { describe, expect, it } from 'vitest';
import { isModerator, moderationFor, visibleAnnotations } from '../../../client/annotations/moderation.js';
import { HiddenWords } from '../../../client/annotations/hidden-words.js';
import { ana, annotatedWorkspace, ben } from '../../support/annotated-workspace.js';

const mod = { id: 'mod', name: 'Moderator' };

describe('what a reader sees of moderated annotations', () => {
  it('leaves hidden annotations and hidden replies out for everyone but moderators', () => {
    const store = annotatedWorkspace().annotations();
    store.hide('question', mod, 'local');
    store.hideReply('critique', 'r1', mod, 'local');
    const all = store.list();

    const seen = visibleAnnotations(all, false);
    expect(seen.map((a) => a.id).sort()).toEqual(['citation', 'comparison', 'critique']);
    expect(seen.find((a) => a.id === 'critique')!.replies.map((r) => r.id)).toEqual(['r2']);
    // The store's own records are left as they were.
    expect(all.find((a) => a.id === 'critique')!.replies).toHaveLength(2);

    expect(visibleAnnotations(all, true)).toBe(all);
  });

  it('gives moderators hide and show actions that report the store’s refusal as a sentence', () => {
    const store = annotatedWorkspace().annotations();
    const moderation = moderationFor('editor', store, ana);
    expect(moderation.seesHidden).toBe(true);
    const question = store.get('question')!;
    expect(moderation.actions!.hide(question)).toBeNull();
    expect(store.get('question')!.hidden?.by).toEqual(ana);
    expect(moderation.actions!.unhide(store.get('question')!)).toBeNull();
    expect(store.get('question')!.hidden).toBeNull();
    expect(moderation.actions!.hideReply(store.get('critique')!, 'r1')).toBeNull();
    expect(store.get('critique')!.replies.find((r) => r.id === 'r1')!.hidden?.by).toEqual(ana);

    // Ana wrote the critique and r2: she cannot moderate them.
    expect(moderation.actions!.hide(store.get('critique')!)).toBe('nobody can hide or show their own annotation');
    expect(moderation.actions!.hideReply(store.get('critique')!, 'r2')).toBe('nobody can hide or show their own reply');
    expect(store.get('critique')!.hidden).toBeNull();
  });

  it('gives annotators and viewers nothing, and a saved version no actions', () => {
    const store = annotatedWorkspace().annotations();
    const words = new HiddenWords('w');
    // Hidden words are fetched by moderators only, whatever the caller hands in.
    expect(moderationFor('annotator', store, ben, words)).toEqual({ seesHidden: false, actions: null, hiddenWords: null });
    expect(moderationFor('viewer', store, ben, words)).toEqual({ seesHidden: false, actions: null, hiddenWords: null });
    expect(moderationFor('owner', null, ben)).toEqual({ seesHidden: true, actions: null, hiddenWords: null });
    expect(moderationFor('editor', store, ben, words).hiddenWords).toBe(words);
    expect(['owner', 'editor', 'annotator', 'viewer'].filter((r) => isModerator(r as never))).toEqual(['owner', 'editor']);
  });
});
