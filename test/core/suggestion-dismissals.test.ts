import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, suggestionKey } from '../../core/index.js';

const ada = { id: 'ada', name: 'Ada' };

describe('dismissed suggestions', () => {
  it('names a pair by its documents and words, ignoring case and spacing, and changes when either text does', () => {
    const key = suggestionKey('notice', 'ICE prioritizes  removal.', 'eo-14159', 'Sec. 4. Civil Enforcement Priorities.');
    expect(key).toMatch(/^notice:[0-9a-z]{7}>eo-14159:[0-9a-z]{7}$/);
    expect(suggestionKey('notice', 'ice prioritizes removal.', 'eo-14159', 'sec. 4. civil enforcement priorities.')).toBe(key);
    expect(suggestionKey('notice', 'ICE prioritizes removals.', 'eo-14159', 'Sec. 4. Civil Enforcement Priorities.')).not.toBe(key);
    expect(suggestionKey('notice', 'ICE prioritizes removal.', 'eo-13993', 'Sec. 4. Civil Enforcement Priorities.')).not.toBe(key);
  });

  it('are shared through the Y.Doc, restorable, and refuse malformed keys', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
    const key = suggestionKey('notice', 'x', 'eo-14159', 'y');
    new Workspace(a).dismissedSuggestions().dismiss(key, ada, 'local');
    const seen = new Workspace(b).dismissedSuggestions();
    expect(seen.has(key)).toBe(true);
    expect(seen.all().get(key)?.by).toEqual(ada);
    new Workspace(a).dismissedSuggestions().restore(key, 'local');
    expect(seen.has(key)).toBe(false);
    expect(() => new Workspace(a).dismissedSuggestions().dismiss('<script>', ada, 'local')).toThrow(/malformed suggestion key/);
    expect(seen.all().size).toBe(0);
  });
});
