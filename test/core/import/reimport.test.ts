import { describe, expect, it } from 'vitest';
import { Workspace, type Annotation } from '../../../core/index.js';
import { exportWorkspace } from '../../../core/export/index.js';
import { importAnnotations, importsIn, previewImport, undoImport } from '../../../core/import/index.js';
import { annotatedWorkspace, ana, corpusWorkspace, passageIn, NOTICE } from '../../support/annotated-workspace.js';

/*
 * What is here already stays as it is: a file imported twice, the workspace's own export, an
 * export that went to another workspace and came back. And an import undone takes away what it
 * added, and only that.
 */

const SOURCE = 'https://www.ice.gov/secure-communities';
const w3cOf = async (ws: Workspace) => JSON.parse(String((await exportWorkspace(ws.ydoc, 'ws', 'w3c')).body)) as { first: { items: Record<string, unknown>[] } };
const live = (ws: Workspace): Annotation[] => ws.annotations().list().filter((a) => !a.deleted);
const liveReplies = (ws: Workspace) => live(ws).flatMap((a) => a.replies.filter((r) => !r.deleted));

function critique(body: string, quote = '283,000 convicted criminal aliens', creator: unknown = { id: 'https://example.org/carla', name: 'Carla' }) {
  return { id: `urn:example:${body}`, type: 'Annotation', motivation: 'assessing', creator, body: { type: 'TextualBody', value: body }, target: { source: SOURCE, selector: [{ type: 'TextQuoteSelector', exact: quote }] } };
}

describe('importing what is already here', () => {
  const cases: [string, () => Promise<{ into: Workspace; file: unknown }>, { alreadyHere: number; added: number }][] = [
    ['the workspace’s own export', async () => { const ws = annotatedWorkspace(); return { into: ws, file: await w3cOf(ws) }; }, { alreadyHere: 4, added: 0 }],
    ['a file imported before', async () => { const ws = corpusWorkspace(); const file = [critique('One.'), critique('Two.', '3,181 jurisdictions')]; importAnnotations(ws, file); return { into: ws, file }; }, { alreadyHere: 2, added: 0 }],
    ['the export of an import of this workspace’s export', async () => {
      const home = annotatedWorkspace();
      const away = corpusWorkspace();
      importAnnotations(away, await w3cOf(home));
      return { into: home, file: await w3cOf(away) };
    }, { alreadyHere: 4, added: 0 }],
    ['one annotation twice in the same file', async () => ({ into: corpusWorkspace(), file: [critique('Twice.'), { ...critique('Twice.'), id: 'urn:example:other' }] }), { alreadyHere: 1, added: 1 }],
    ['the same words by someone else', async () => { const ws = corpusWorkspace(); importAnnotations(ws, [critique('Same.')]); return { into: ws, file: [{ ...critique('Same.', undefined, { id: 'https://example.org/dan', name: 'Dan' }), id: 'urn:example:dan' }] }; }, { alreadyHere: 0, added: 1 }],
    ['other words on the same passage', async () => { const ws = corpusWorkspace(); importAnnotations(ws, [critique('First.')]); return { into: ws, file: [critique('Second.')] }; }, { alreadyHere: 0, added: 1 }],
    ['an annotation edited in its tool since, known by its IRI', async () => { const ws = corpusWorkspace(); importAnnotations(ws, [critique('First.')]); return { into: ws, file: [{ ...critique('Edited.'), id: 'urn:example:First.' }] }; }, { alreadyHere: 1, added: 0 }],
    ['a Hypothesis annotation edited since, known by its id', async () => {
      const ws = corpusWorkspace();
      const row = (text: string) => ({ id: 'hyp-1', uri: SOURCE, text, user: 'acct:carla@hypothes.is', target: [{ source: SOURCE, selector: [{ type: 'TextQuoteSelector', exact: '3,181 jurisdictions' }] }] });
      importAnnotations(ws, [row('Before.')]);
      return { into: ws, file: [row('After.')] };
    }, { alreadyHere: 1, added: 0 }],
    ['another file’s annotation whose id is no IRI', async () => { const ws = corpusWorkspace(); importAnnotations(ws, [{ ...critique('One file.'), id: '1' }]); return { into: ws, file: [{ ...critique('Another file.'), id: '1' }] }; }, { alreadyHere: 0, added: 1 }],
    ['an annotation its author deleted since', async () => { const ws = annotatedWorkspace(); const file = await w3cOf(ws); ws.annotations().remove('critique', ana, 'local'); return { into: ws, file }; }, { alreadyHere: 3, added: 1 }],
  ];

  it.each(cases)('%s: the preview and the import agree', async (_, setup, expected) => {
    const { into, file } = await setup();
    const before = live(into).length;
    const preview = previewImport(into, file);
    expect(live(into)).toHaveLength(before);
    expect(preview.alreadyHere).toHaveLength(expected.alreadyHere);
    expect(preview.anchored + preview.approximate.length + preview.orphaned.length).toBe(expected.added);
    const report = importAnnotations(into, file);
    expect(report.alreadyHere).toHaveLength(expected.alreadyHere);
    expect(live(into)).toHaveLength(before + expected.added);
  });

  it('counts the replies already in a thread, and adds the new ones to it', async () => {
    const ws = annotatedWorkspace();
    const file = await w3cOf(ws);
    file.first.items.push({ id: 'urn:example:late', type: 'Annotation', motivation: 'replying', creator: { name: 'Co Author' }, body: { type: 'TextualBody', value: 'A late reply.' }, target: 'urn:crosswalk:annotation:critique' });
    expect(previewImport(ws, file)).toMatchObject({ replies: 1, repliesAlreadyHere: 2, alreadyHere: expect.any(Array), anchored: 0 });
    const report = importAnnotations(ws, file);
    expect(ws.annotations().get('critique')!.replies.map((r) => r.body)).toEqual(['ICE counts removals after any arrest.', 'Yes: see FY2013.', 'A late reply.']);
    expect(importAnnotations(ws, file)).toMatchObject({ replies: 0, repliesAlreadyHere: 3 });
    // Undone, the late reply goes and the thread is as its members wrote it.
    expect(undoImport(ws, report.importId, 'server')).toEqual({ importId: report.importId, annotations: 0, replies: 1, repliesByOthers: 0 });
    expect(ws.annotations().get('critique')!.replies.filter((r) => !r.deleted).map((r) => r.body)).toEqual(['ICE counts removals after any arrest.', 'Yes: see FY2013.']);
  });
});

describe('undoing an import', () => {
  it('removes what the import added and leaves the members’ and other imports’ annotations', async () => {
    const ws = annotatedWorkspace();
    const members = live(ws).map((a) => a.id).sort();
    const first = importAnnotations(ws, [critique('First import.')]);
    const second = importAnnotations(ws, [critique('Second import.'), { id: 'urn:example:reply', type: 'Annotation', motivation: 'replying', creator: { name: 'Dan' }, body: 'A reply.', target: 'urn:example:Second import.' }]);
    const secondId = live(ws).find((a) => a.body === 'Second import.')!.id;
    ws.annotations().addReply(secondId, { id: 'ana-reply', author: ana, body: 'Ana answers.' }, 'local');
    expect(importsIn(ws).get(second.importId)).toMatchObject({ annotations: [secondId], replies: [{ annotationId: secondId, replyId: expect.stringMatching(/^imp-/) }], repliesByOthers: 1, removed: 0 });

    expect(undoImport(ws, second.importId, 'server')).toEqual({ importId: second.importId, annotations: 1, replies: 1, repliesByOthers: 1 });
    expect(live(ws).map((a) => a.body).filter((b) => b.endsWith('import.'))).toEqual(['First import.']);
    expect(live(ws).filter((a) => members.includes(a.id)).map((a) => a.id).sort()).toEqual(members);
    expect(undoImport(ws, second.importId, 'server')).toMatchObject({ annotations: 0, replies: 0 });
    expect(importsIn(ws).get(first.importId)).toMatchObject({ annotations: [expect.any(String)], removed: 0 });
  });

  it('never takes a member’s annotation for an import’s, whatever its id', () => {
    const ws = corpusWorkspace();
    const report = importAnnotations(ws, [critique('Imported.')]);
    const lookalike = `imp-${report.importId}-a99`;
    ws.annotations().create({ id: lookalike, author: ana, passage: passageIn(ws, NOTICE, '3,181 jurisdictions'), content: { kind: 'question', body: 'Mine, not the import’s.', tags: [] } }, 'local');
    expect(undoImport(ws, report.importId, 'server')).toMatchObject({ annotations: 1 });
    expect(live(ws).map((a) => a.id)).toEqual([lookalike]);
    expect(liveReplies(ws)).toEqual([]);
  });
});
