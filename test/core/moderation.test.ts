import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, checkUpdate, concealedItems, moderationChanges, removeConcealed, restoreWords, transformedCopy, withholdConcealed } from '../../core/index.js';
import { buildExportModel, exportCsv } from '../../core/export/index.js';
import { ana, annotatedWorkspace, ben } from '../support/annotated-workspace.js';

const mod = { id: 'mod', name: 'Moderator' };

/** The update a change makes, and what the server would classify of it. */
function changesOf(workspace: Workspace, change: (ws: Workspace) => void) {
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(workspace.ydoc));
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  workspace.ydoc.on('update', record);
  change(workspace);
  workspace.ydoc.off('update', record);
  const check = checkUpdate(server, Y.mergeUpdates(updates));
  if (!check.ok) throw new Error(check.reason);
  return moderationChanges(check.touches);
}

describe('moderation', () => {
  it('keeps hidden annotations and replies, listed with who hid them and when', () => {
    const ws = annotatedWorkspace();
    const store = ws.annotations();
    store.hide('critique', mod, 'local');
    store.hideReply('critique', 'r1', mod, 'local');
    const critique = store.get('critique')!;
    expect(critique.hidden).toMatchObject({ by: mod });
    expect(critique.replies.map((r) => [r.id, r.hidden?.by.id ?? null])).toEqual([
      ['r1', 'mod'],
      ['r2', null],
    ]);
    store.unhide('critique', mod, 'local');
    store.unhideReply('critique', 'r1', mod, 'local');
    expect(store.get('critique')!.hidden).toBeNull();
    expect(store.get('critique')!.replies.every((r) => r.hidden === null)).toBe(true);
  });

  it('refuses to let authors hide or show their own words', () => {
    const store = annotatedWorkspace().annotations();
    expect(() => store.hide('critique', ana, 'local')).toThrow(/their own annotation/);
    expect(() => store.hideReply('critique', 'r1', ben, 'local')).toThrow(/their own reply/);
    expect(() => store.hideReply('critique', 'nope', mod, 'local')).toThrow(/no reply/);
  });

  it('tells hides from unhides in an update, re-marking included', () => {
    const ws = annotatedWorkspace();
    expect(changesOf(ws, (w) => w.annotations().hide('critique', mod, 'local'))).toEqual([{ action: 'hidden', annotationId: 'critique' }]);
    expect(changesOf(ws, (w) => w.annotations().hide('critique', mod, 'local'))).toEqual([{ action: 'hidden', annotationId: 'critique' }]);
    expect(changesOf(ws, (w) => w.annotations().hideReply('critique', 'r2', mod, 'local'))).toEqual([{ action: 'hidden', annotationId: 'critique', replyId: 'r2' }]);
    expect(changesOf(ws, (w) => w.annotations().unhide('critique', mod, 'local'))).toEqual([{ action: 'unhidden', annotationId: 'critique' }]);
    expect(changesOf(ws, (w) => w.annotations().addReply('critique', { id: 'r3', author: mod, body: 'Not moderation.' }, 'local'))).toEqual([]);
  });

  it('leaves hidden items out of exports unless asked for them', () => {
    const ws = annotatedWorkspace();
    ws.annotations().hide('question', mod, 'local');
    ws.annotations().hideReply('critique', 'r1', mod, 'local');
    const ids = (includeHidden: boolean) => buildExportModel(ws.ydoc, 'w', { includeHidden }).documents.flatMap((d) => d.notes.map((n) => n.annotation.id));
    expect(ids(false)).not.toContain('question');
    expect(ids(true)).toContain('question');
    const csv = exportCsv(buildExportModel(ws.ydoc, 'w'));
    expect(csv).not.toContain('ICE counts removals after any arrest.');
    expect(csv).toContain('Yes: see FY2013.');
  });
});

describe('withholding the words of hidden items', () => {
  const wordsOf = (ydoc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(ydoc)).toString('utf8');
  // Words of the annotations only (the source's publisher and address are also the notice's own metadata).
  const CITATION_WORDS = ['ICE’s own count.', 'Secure Communities: Activated Jurisdictions'];
  const COMPARISON_WORDS = ['The memo keeps the data sharing.'];

  it('takes out every word of a hidden annotation and its thread, keeping what anchors it, and hands them over before', () => {
    const ws = annotatedWorkspace();
    const store = ws.annotations();
    const before = { citation: store.get('citation')!, critique: store.get('critique')!, comparison: store.get('comparison')! };
    for (const id of ['citation', 'critique', 'comparison']) store.hide(id, mod, 'local');
    const handed: string[] = [];
    const taken = withholdConcealed(ws.ydoc, (words) => handed.push(wordsOf(ws.ydoc), JSON.stringify(words)));
    // The words were still in the document when they were handed over, and are in what was handed.
    expect(handed[0]).toContain('ICE’s own count.');
    for (const word of [...CITATION_WORDS, ...COMPARISON_WORDS, 'Removal is **not** conviction.', 'ICE counts removals after any arrest.']) {
      expect(handed[1]).toContain(word);
      expect(wordsOf(ws.ydoc)).not.toContain(word);
    }
    // Fields whose words are common to the texts: not in the placeholders at all.
    const raw = (id: string) => store.rawEntry(id)!.toJSON().record as Record<string, unknown>;
    expect([raw('citation').tags, raw('citation').citation, raw('comparison').tags, raw('critique').body]).toEqual([undefined, { source: { type: 'report' } }, undefined, undefined]);
    expect(handed[1]).toContain('"locator":"p. 1"');
    expect(taken.map((w) => [w.annotationId, w.replyId]).sort()).toEqual([['citation', null], ['comparison', null], ['critique', null], ['critique', 'r1'], ['critique', 'r2']]);
    // What stays: where, whose, when, the kind, and the structure that carries no words.
    const citation = store.get('citation')!;
    expect(citation).toMatchObject({ withheld: true, body: '', tags: [], author: ana, passage: before.citation.passage, citation: { source: { type: 'report', title: '' } } });
    expect(store.get('comparison')!).toMatchObject({ withheld: true, body: '', comparison: before.comparison.kind === 'comparison' ? before.comparison.comparison : {} });
    expect(store.get('critique')!).toMatchObject({ withheld: true, category: 'factual-claim', reactions: before.critique.reactions });
    expect(store.get('critique')!.replies.map((r) => [r.id, r.body, r.withheld])).toEqual([['r1', '', true], ['r2', '', true]]);
    // Idempotent: nothing left to take.
    expect(withholdConcealed(ws.ydoc, () => {})).toEqual([]);
  });

  it('needs a document that collects garbage: with gc off, the replaced words stay in its state', () => {
    const ws = annotatedWorkspace();
    const keeping = new Y.Doc({ gc: false });
    Y.applyUpdate(keeping, Y.encodeStateAsUpdate(ws.ydoc));
    new Workspace(keeping).annotations().hide('question', mod, 'local');
    withholdConcealed(keeping, () => {});
    expect(new Workspace(keeping).annotations().get('question')!.body).toBe('');
    expect(wordsOf(keeping)).toContain('Removed from where, and when?');
    // The copies handed out are made to collect it.
    const copy = transformedCopy(keeping, () => {});
    expect(copy.gc).toBe(true);
  });

  it('puts the kept words back whole when shown again, only then, or always into a moderator’s copy', () => {
    const ws = annotatedWorkspace();
    const store = ws.annotations();
    const before = structuredClone(store.get('critique')!);
    store.hide('critique', mod, 'local');
    store.hideReply('critique', 'r1', mod, 'local');
    const kept = withholdConcealed(ws.ydoc, () => {});
    const keptOf = (id: string) => kept.filter((w) => w.annotationId === id);

    expect(restoreWords(ws.ydoc, keptOf)).toEqual([]);
    const whole = transformedCopy(ws.ydoc, (copy) => restoreWords(copy, keptOf, { all: true }));
    expect(new Workspace(whole).annotations().get('critique')).toMatchObject({ body: before.body, hidden: { by: mod } });
    expect(wordsOf(ws.ydoc)).not.toContain('ICE counts removals after any arrest.');

    // The annotation shown again, its reply still hidden: the record and r2 come back, r1 stays out.
    store.unhide('critique', mod, 'local');
    expect(restoreWords(ws.ydoc, keptOf).map((w) => w.replyId).sort()).toEqual([null, 'r2'].sort());
    expect(store.get('critique')!.replies.find((r) => r.id === 'r1')!.withheld).toBe(true);
    store.unhideReply('critique', 'r1', mod, 'local');
    expect(restoreWords(ws.ydoc, keptOf).map((w) => w.replyId)).toEqual(['r1']);
    expect(store.get('critique')).toEqual(before);
  });

  it('leaves no trace of hidden items in a non-moderator’s copy, those hidden elsewhere included', () => {
    const ws = annotatedWorkspace();
    ws.annotations().hideReply('critique', 'r1', mod, 'local');
    const copy = transformedCopy(ws.ydoc, (c) => removeConcealed(c, { annotations: new Set(['question']), replies: new Map() }));
    const seen = new Workspace(copy).annotations();
    expect(seen.get('question')).toBeUndefined();
    expect(seen.get('critique')!.replies.map((r) => r.id)).toEqual(['r2']);
    expect(wordsOf(copy)).not.toContain('Removed from where, and when?');
    expect(wordsOf(copy)).not.toContain('ICE counts removals after any arrest.');
    expect(wordsOf(copy)).toContain('Yes: see FY2013.');
    expect(concealedItems(copy)).toEqual({ annotations: new Set(), replies: new Map() });
  });
});
