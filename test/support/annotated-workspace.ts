import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { TextIndex, describePassage, pmPos, seedWorkspace, type Passage, type Workspace } from '../../core/index.js';
import { loadCatalogue, loadDocument } from '../../core/text/index.js';
import { documentsDir, repoRoot } from './paths.js';

export const NOTICE = 'secure-communities-ice-2015';
export const MEMO = 'priority-enforcement-memo';

/** The corpus plus the test fixture memo, as a fresh workspace. */
export function corpusWorkspace(clientID?: number): Workspace {
  const notice = path.join(documentsDir, `${NOTICE}.md`);
  const memo = path.join(repoRoot, 'test/fixtures/priority-enforcement-memo.md');
  const catalogue = path.join(documentsDir, 'catalogue.yaml');
  const ydoc = new Y.Doc();
  if (clientID !== undefined) ydoc.clientID = clientID;
  return seedWorkspace(ydoc, {
    info: { title: 'Secure Communities, 2015 and after', description: 'Test workspace', created: '2026-11-27T00:00:00.000Z' },
    documents: [loadDocument(notice, fs.readFileSync(notice, 'utf8')), loadDocument(memo, fs.readFileSync(memo, 'utf8'), { order: 20 })],
    catalogue: loadCatalogue(catalogue, fs.readFileSync(catalogue, 'utf8'), 1),
  });
}

export function passageIn(workspace: Workspace, documentId: string, quote: string): Passage {
  const index = new TextIndex(workspace.documentText(documentId));
  const start = index.text.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in ${documentId}`);
  const from = index.pmOfText(start as never)!;
  return describePassage(documentId, index, from, pmPos(from + quote.length))!;
}

export const ana = { id: 'ana', name: 'Ana Alvarez' };
export const ben = { id: 'ben', name: 'Ben Brooks' };

/** A workspace with one annotation of every kind, with replies, reactions, tags and a resolved one. */
export function annotatedWorkspace(clientID?: number): Workspace {
  const ws = corpusWorkspace(clientID);
  const store = ws.annotations();
  store.create({ id: 'critique', author: ana, passage: passageIn(ws, NOTICE, '283,000 convicted criminal aliens'), content: { kind: 'critique', body: 'Removal is **not** conviction.', tags: ['numbers', 'framing'], category: 'factual-claim' }, created: '2026-11-01T10:00:00.000Z' }, 'local');
  store.create({ id: 'question', author: ben, passage: passageIn(ws, NOTICE, 'convicted criminal aliens have been removed'), content: { kind: 'question', body: 'Removed from where, and when?', tags: ['seminar'] }, created: '2026-11-02T10:00:00.000Z' }, 'local');
  store.create({
    id: 'citation', author: ana, passage: passageIn(ws, NOTICE, '3,181 jurisdictions'),
    content: { kind: 'citation', body: 'ICE’s own count.', tags: [], citation: { source: { type: 'report', title: 'Secure Communities: Activated Jurisdictions', author: [{ literal: 'U.S. Immigration and Customs Enforcement' }], issued: { 'date-parts': [[2013, 1, 22]] }, URL: 'https://www.ice.gov/' }, locator: 'p. 1' } },
    created: '2026-11-03T10:00:00.000Z',
  }, 'local');
  store.create({
    id: 'comparison', author: ben, passage: passageIn(ws, NOTICE, 'the FBI automatically sends the fingerprints to DHS'),
    content: { kind: 'comparison', body: 'The memo keeps the data sharing.', tags: ['fingerprints'], comparison: { relation: 'retains', target: passageIn(ws, MEMO, 'The FBI will continue to share the fingerprints') } },
    created: '2026-11-04T10:00:00.000Z',
  }, 'local');
  store.addReply('critique', { id: 'r1', author: ben, body: 'ICE counts removals after any arrest.', created: '2026-11-05T10:00:00.000Z' }, 'local');
  store.addReply('critique', { id: 'r2', author: ana, body: 'Yes: see FY2013.', created: '2026-11-05T11:00:00.000Z' }, 'local');
  store.toggleReaction('critique', ben, 'agree', 'local', '2026-11-05T12:00:00.000Z');
  store.setStatus('question', 'resolved', 'local');
  return ws;
}
