import { describe, expect, it } from 'vitest';
import { AsOfDate, crosswalkMatrix, documentsAsOf, labelledParagraphs, passagesAsOf } from '../../../core/crosswalk/index.js';
import { documentFromPlainText } from '../../../core/text/index.js';
import type { DocumentMeta } from '../../../core/index.js';
import { MEMO, NOTICE, passageIn } from '../../support/annotated-workspace.js';
import { NO_REQUIREMENTS, EO_2021, FINGERPRINTS, REMOVALS, compare, crosswalkWorkspace } from './crosswalk-workspace.js';

const GUIDELINES = 'memo-2021-09-30-guidelines';

/*
 * The notice's paragraphs against documents that were later revoked. EO 14159 (2025) revokes
 * EO 13993 (2021), which is in the catalogue, so from 20 January 2025 a comparison with EO 13993
 * no longer tells where a paragraph stands.
 */
function revokedWorkspace() {
  const ws = crosswalkWorkspace();
  ws.addDocument(ws.document(GUIDELINES)!, documentFromPlainText('Public safety. Threats to public safety are a priority.')!, 'import');
  // ¶ with REMOVALS: only EO 13993 speaks of it.
  compare(ws, 'narrowed-by-13993', [NOTICE, REMOVALS], [EO_2021, 'The order of 2017 is revoked'], 'narrows');
  // ¶ with FINGERPRINTS: the memo (still in force) first, EO 13993 later.
  compare(ws, 'retained-by-memo', [NOTICE, FINGERPRINTS], [MEMO, 'The FBI will continue to share the fingerprints'], 'retains');
  compare(ws, 'contradicted-by-13993', [NOTICE, FINGERPRINTS], [EO_2021, 'Revocation.'], 'contradicts');
  // ¶ with NO_REQUIREMENTS: EO 13993, then the guidelines, which are still in force.
  compare(ws, 'narrowed-then', [NOTICE, NO_REQUIREMENTS], [EO_2021, 'Sec. 2.'], 'narrows');
  compare(ws, 'related-to-guidelines', [NOTICE, NO_REQUIREMENTS], [GUIDELINES, 'Threats to public safety'], 'related');
  return ws;
}

describe('the as-of view says nothing in a revoked order’s name', () => {
  const ws = revokedWorkspace();
  const paragraphs = labelledParagraphs(ws.documentText(NOTICE));
  const pinpointOf = (quote: string) => passageIn(ws, NOTICE, quote).pinpoint!;
  const at = (asOf: string, documents: DocumentMeta[] = ws.documents()) => {
    const matrix = crosswalkMatrix(documents, ws.annotations().list())!;
    const list = passagesAsOf(matrix.rows, documents, AsOfDate.parse(asOf), paragraphs);
    return (quote: string) => list.find((p) => p.pinpoint === pinpointOf(quote))!;
  };

  it('while EO 13993 is in force, its comparison decides', () => {
    expect(at('2021-06-01')(REMOVALS)).toMatchObject({ status: 'narrows', decidedBy: { annotationId: 'narrowed-by-13993' }, lapsed: null });
    expect(at('2021-06-01')(FINGERPRINTS)).toMatchObject({ status: 'contradicts', decidedBy: { annotationId: 'contradicted-by-13993' }, lapsed: null });
  });

  it('once EO 14159 has revoked it, a paragraph only it spoke of has no comparison in force, and says what it was and what ended it', () => {
    expect(at('2025-06-01')(REMOVALS)).toMatchObject({
      status: 'lapsed',
      decidedBy: null,
      lapsed: { entry: { annotationId: 'narrowed-by-13993', relation: 'narrows', documentId: EO_2021 }, endedBy: { kind: 'revokes', documentId: 'eo-14159', date: '2025-01-20' } },
    });
    expect(at('2025-01-19')(REMOVALS).status).toBe('narrows');
    expect(at('2025-01-20')(REMOVALS).status).toBe('lapsed');
  });

  it('falls back to the latest comparison with a document still in force, and keeps the later, ended one beside it', () => {
    expect(at('2025-06-01')(FINGERPRINTS)).toMatchObject({
      status: 'retains',
      decidedBy: { annotationId: 'retained-by-memo', documentId: MEMO },
      lapsed: { entry: { annotationId: 'contradicted-by-13993' }, endedBy: { documentId: 'eo-14159' } },
    });
  });

  it('mentions no ended comparison when a later one in force decides anyway', () => {
    expect(at('2025-06-01')(NO_REQUIREMENTS)).toMatchObject({ status: 'related', decidedBy: { annotationId: 'related-to-guidelines' }, lapsed: null });
  });

  it('follows a revocation that takes effect later than its order is dated', () => {
    const documents = ws.documents().map((d) => (d.id === 'eo-14159' ? { ...d, relations: d.relations.map((r) => ({ ...r, date: '2025-03-01' })) } : d));
    expect(at('2025-02-15', documents)(REMOVALS).status).toBe('narrows');
    expect(at('2025-03-01', documents)(REMOVALS)).toMatchObject({ status: 'lapsed', lapsed: { endedBy: { documentId: 'eo-14159', date: '2025-03-01' } } });
  });

  it('lists paragraphs nobody compared as before, with nothing lapsed', () => {
    const list = passagesAsOf(crosswalkMatrix(ws.documents(), ws.annotations().list())!.rows, ws.documents(), AsOfDate.parse('2025-06-01'), paragraphs);
    expect(list.map((p) => p.pinpoint)).toEqual(paragraphs.map((p) => p.pinpoint));
    expect(list.filter((p) => p.status === 'no-comparison').every((p) => p.lapsed === null && p.decidedBy === null)).toBe(true);
  });
});

describe('relations with their own dates', () => {
  const doc = (id: string, date: string, relations: DocumentMeta['relations'] = []): DocumentMeta => ({ id, title: id, date, type: 'order', relations, locked: true, imported: false, order: 0 });
  const state = (documents: DocumentMeta[], asOf: string) => Object.fromEntries(documentsAsOf(documents, AsOfDate.parse(asOf)).map((d) => [d.document.id, d.standing.state === 'ended' ? `ended by ${d.standing.by.documentId} (${d.standing.by.date})` : d.standing.state]));

  it('applies acts in the order they take effect, not the order their documents were issued', () => {
    // A, issued in 2020, revokes T from 2022; B, issued in 2021, reinstates T at once. On 2021-06 T stands (it was never ended);
    // from 2022 A's revocation, later in effect, wins.
    const documents = [doc('t', '2019-01-01'), doc('a', '2020-01-01', [{ kind: 'revokes', targets: ['t'], note: '', date: '2022-01-01' }]), doc('b', '2021-01-01', [{ kind: 'reinstates', targets: ['t'], note: '' }])];
    expect(state(documents, '2021-06-01').t).toBe('in-force');
    expect(state(documents, '2022-01-01').t).toBe('ended by a (2022-01-01)');
  });

  it('never lets an act bind before its own document is issued, whatever date it names', () => {
    const documents = [doc('t', '2019-01-01'), doc('a', '2020-05-01', [{ kind: 'revokes', targets: ['t'], note: '', date: '2019-06-01' }])];
    expect(state(documents, '2020-01-01').t).toBe('in-force');
    expect(state(documents, '2020-05-01').t).toBe('ended by a (2020-05-01)');
  });

  it('counts a relation dated by month from its first day', () => {
    const documents = [doc('t', '2019-01-01'), doc('a', '2020-01-01', [{ kind: 'rescinds', targets: ['t'], note: '', date: '2020-07' }])];
    expect(state(documents, '2020-06-30').t).toBe('in-force');
    expect(state(documents, '2020-07-01').t).toBe('ended by a (2020-07)');
  });
});
