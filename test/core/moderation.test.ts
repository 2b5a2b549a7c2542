import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace, checkUpdate, moderationChanges } from '../../core/index.js';
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
