import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { Workspace, schema, seedWorkspace, type DocumentMeta } from '../../core/index.js';
import { loadCatalogue, loadDocument } from '../../core/text/index.js';
import { documentsDir } from '../support/paths.js';

function corpus() {
  const noticeFile = path.join(documentsDir, 'secure-communities-ice-2015.md');
  const catalogueFile = path.join(documentsDir, 'catalogue.yaml');
  return {
    info: { title: 'Test', description: '', created: '2026-11-27T00:00:00.000Z' },
    documents: [loadDocument(noticeFile, fs.readFileSync(noticeFile, 'utf8'))],
    catalogue: loadCatalogue(catalogueFile, fs.readFileSync(catalogueFile, 'utf8'), 1),
  };
}

describe('a seeded workspace', () => {
  const ydoc = new Y.Doc();
  const seed = corpus();
  const workspace = seedWorkspace(ydoc, seed);

  it('holds the notice, locked, with its text in the schema', () => {
    const notice = workspace.document('secure-communities-ice-2015')!;
    expect(notice).toMatchObject({ locked: true, imported: true, title: 'Secure Communities' });
    const doc = yXmlFragmentToProseMirrorRootNode(workspace.documentText(notice.id), schema);
    expect(doc.eq(seed.documents[0]!.doc)).toBe(true);
  });

  it('lists every catalogue entry, not imported, with the notice, by date', () => {
    const documents = workspace.documents();
    expect(documents).toHaveLength(seed.catalogue.length + 1);
    expect(documents.map((d) => d.date)).toEqual([...documents.map((d) => d.date)].sort());
    expect(documents.filter((d) => !d.imported).map((d) => d.id).sort()).toEqual(seed.catalogue.map((c) => c.id).sort());
    expect(documents.map((d) => d.id)).toContain('eo-14159');
  });

  it('starts with an empty notebook and no annotations', () => {
    expect(workspace.notebook().length).toBe(0);
    expect(workspace.annotations().size).toBe(0);
    expect(workspace.info()?.title).toBe('Test');
  });

  it('refuses to seed twice', () => {
    expect(() => seedWorkspace(ydoc, corpus())).toThrow(/already seeded/);
  });

  it('refuses to add a text over an existing one', () => {
    const notice = seed.documents[0]!;
    expect(() => workspace.addDocument(notice.meta, notice.doc, 'import')).toThrow(/already has a text/);
  });

  it('leaves out a metadata entry that does not validate, instead of failing the list', () => {
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    const broken = { ...workspace.document('eo-13993')!, date: 'yesterday' } as DocumentMeta;
    // Written raw, as a misbehaving client could: the typed setter would refuse it.
    other.getMap('documents').set('eo-13993', broken);
    const view = new Workspace(other);
    expect(view.document('eo-13993')).toBeUndefined();
    expect(view.documents()).toHaveLength(seed.catalogue.length);
    expect(() => view.setDocument(broken, 'local')).toThrow(/date/);
  });

  it('names the origin of each write', () => {
    const origins: unknown[] = [];
    ydoc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    workspace.setDocument({ ...workspace.document('eo-13993')!, title: 'Executive Order 13993 (retitled)' }, 'local');
    expect(origins).toEqual(['local']);
  });
});
