import { describe, expect, it } from 'vitest';
import { DocumentFacts, changedFacts, factsOf, factsProblem, withFacts } from '../../core/document-meta.js';
import type { DocumentMeta } from '../../core/index.js';

const imported: DocumentMeta = {
  id: 'a-memo-2019-05-01',
  title: 'A memo',
  issuer: 'An agency',
  date: '2019-05-01',
  type: 'memorandum',
  citation: '1 Test Reg. 1',
  relations: [],
  locked: true,
  imported: true,
  order: 3,
  retrieved: '2026-01-01T00:00:00.000Z',
  checksum: 'a'.repeat(64),
  capture: 'Pasted by Olga on 2026-01-01.',
};

describe('a document’s facts, as the group corrects them', () => {
  it('changes the facts and keeps what is not a fact: id, lock, provenance, place in the corpus', () => {
    const next = withFacts(imported, { ...factsOf(imported), title: 'A memo, corrected', relations: [{ kind: 'replaces', targets: ['x'], note: '', date: '2019-06-01' }] });
    expect(next).toEqual({ ...imported, title: 'A memo, corrected', relations: [{ kind: 'replaces', targets: ['x'], note: '', date: '2019-06-01' }] });
    expect(changedFacts(imported, next)).toEqual(['title', 'relations']);
  });

  it('clears an optional fact the corrected facts leave out', () => {
    const { citation: _c, ...facts } = factsOf(imported);
    const next = withFacts(imported, facts);
    expect(next.citation).toBeUndefined();
    expect(changedFacts(imported, next)).toEqual(['citation']);
  });

  it('takes no provenance or lock through the facts, whatever is sent', () => {
    const sent = DocumentFacts.parse({ ...factsOf(imported), locked: false, checksum: 'b'.repeat(64), id: 'another' });
    expect(withFacts(imported, sent)).toEqual(imported);
  });

  it.each([
    [{ relations: [{ kind: 'revokes', targets: ['a-memo-2019-05-01'], note: '' }] }, /cannot act on itself/],
    [{ relations: [{ kind: 'revokes', targets: ['nowhere'], note: '' }] }, /no document “nowhere”/],
    [{ relations: [{ kind: 'revokes', targets: [], note: ' ' }] }, /name the documents it acts on/],
    [{ relations: [{ kind: 'revokes', targets: ['x'], note: '', date: '2019-04-30' }] }, /cannot take effect \(2019-04-30\) before the document is dated \(2019-05-01\)/],
    [{ date: '2019-05', relations: [{ kind: 'revokes', targets: ['x'], note: '', date: '2019-05-01' }] }, null],
    [{ relations: [{ kind: 'related', targets: [], note: 'Sets new priorities.' }] }, null],
  ] as const)('judges relations against the workspace: %j', (changes, problem) => {
    const facts = DocumentFacts.parse({ ...factsOf(imported), ...changes });
    const found = factsProblem(imported.id, facts, (id) => id === 'x' || id === imported.id);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
