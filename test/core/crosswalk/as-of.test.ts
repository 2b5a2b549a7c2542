import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsOfDate, crosswalkMatrix, documentsAsOf, labelledParagraphs, passagesAsOf, type DocumentAsOf } from '../../../core/crosswalk/index.js';
import { loadCatalogue, loadDocument } from '../../../core/text/index.js';
import { NOTICE } from '../../support/annotated-workspace.js';
import { documentsDir } from '../../support/paths.js';
import { COMMON_SENSE, EO_2017, FINGERPRINTS, comparedWorkspace } from './crosswalk-workspace.js';

function corpus() {
  const notice = path.join(documentsDir, `${NOTICE}.md`);
  const catalogue = path.join(documentsDir, 'catalogue.yaml');
  return [loadDocument(notice, fs.readFileSync(notice, 'utf8')).meta, ...loadCatalogue(catalogue, fs.readFileSync(catalogue, 'utf8'), 1)];
}

/** Each document's standing in a line: "in-force", "ended: rescinds by X (date)", "in-force, reinstated by X (date), which Y revokes (date)". */
function standings(asOf: string): Record<string, string> {
  const act = (a: { kind: string; documentId: string; date: string }) => `${a.kind} by ${a.documentId} (${a.date})`;
  const line = ({ standing: s }: DocumentAsOf) => {
    if (s.state === 'ended') return `ended: ${act(s.by)}`;
    if (s.state !== 'in-force' || !s.reinstatedBy) return s.state;
    return `in-force, ${act(s.reinstatedBy)}${s.reinstaterEnded ? `, itself ended: ${act(s.reinstaterEnded)}` : ''}`;
  };
  return Object.fromEntries(documentsAsOf(corpus(), AsOfDate.parse(asOf)).map((d) => [d.document.id, line(d)]));
}

describe('the corpus as of a day, from the catalogue’s relations', () => {
  it('1 June 2015: the notice is out, the November 2014 memo has replaced the program it describes', () => {
    expect(standings('2015-06-01')).toEqual({
      'memo-2014-11-20-secure-communities': 'in-force',
      'memo-2014-11-20-prosecutorial-discretion': 'in-force',
      'secure-communities-ice-2015': 'ended: replaces by memo-2014-11-20-secure-communities (2014-11-20)',
      'ice-page-2015-07-secure-communities': 'not-yet-issued',
      'eo-13768': 'not-yet-issued',
      'memo-2017-02-20-enforcement': 'not-yet-issued',
      'eo-13993': 'not-yet-issued',
      'memo-2021-09-30-guidelines': 'not-yet-issued',
      'eo-14159': 'not-yet-issued',
    });
  });

  it('1 June 2017: EO 13768 has reinstated Secure Communities and the Kelly memo rescinded both 2014 memos', () => {
    expect(standings('2017-06-01')).toEqual({
      'memo-2014-11-20-secure-communities': 'ended: rescinds by memo-2017-02-20-enforcement (2017-02-20)',
      'memo-2014-11-20-prosecutorial-discretion': 'ended: rescinds by memo-2017-02-20-enforcement (2017-02-20)',
      'secure-communities-ice-2015': 'in-force, reinstates by eo-13768 (2017-01-25)',
      'ice-page-2015-07-secure-communities': 'in-force',
      'eo-13768': 'in-force',
      'memo-2017-02-20-enforcement': 'in-force',
      'eo-13993': 'not-yet-issued',
      'memo-2021-09-30-guidelines': 'not-yet-issued',
      'eo-14159': 'not-yet-issued',
    });
  });

  it('1 June 2021: EO 13993 has revoked EO 13768, which leaves the reinstatement without its basis', () => {
    const at = standings('2021-06-01');
    expect(at['eo-13768']).toBe('ended: revokes by eo-13993 (2021-01-20)');
    expect(at['secure-communities-ice-2015']).toBe('in-force, reinstates by eo-13768 (2017-01-25), itself ended: revokes by eo-13993 (2021-01-20)');
    expect(at['eo-13993']).toBe('in-force');
    expect(at['memo-2021-09-30-guidelines']).toBe('not-yet-issued');
    expect(at['eo-14159']).toBe('not-yet-issued');
  });

  it('1 June 2025: EO 14159 has revoked EO 13993, which does not revive EO 13768', () => {
    const at = standings('2025-06-01');
    expect(at['eo-13993']).toBe('ended: revokes by eo-14159 (2025-01-20)');
    expect(at['eo-13768']).toBe('ended: revokes by eo-13993 (2021-01-20)');
    expect(at['eo-14159']).toBe('in-force');
    expect(at['memo-2021-09-30-guidelines']).toBe('in-force');
    expect(at['memo-2014-11-20-secure-communities']).toBe('ended: rescinds by memo-2017-02-20-enforcement (2017-02-20)');
  });

  it('counts a document dated by month from its first day, and says when the day looked at falls in that month', () => {
    const page = (asOf: string) => documentsAsOf(corpus(), AsOfDate.parse(asOf)).find((d) => d.document.id === 'ice-page-2015-07-secure-communities')!;
    expect(page('2015-06-30')).toMatchObject({ standing: { state: 'not-yet-issued' }, approximate: false });
    expect(page('2015-07-15')).toMatchObject({ standing: { state: 'in-force' }, approximate: true });
    expect(page('2015-08-01')).toMatchObject({ standing: { state: 'in-force' }, approximate: false });
  });

  it('counts a document as issued on its own day', () => {
    expect(standings('2021-01-19')['eo-13768']).toBe('in-force');
    expect(standings('2021-01-20')['eo-13768']).toBe('ended: revokes by eo-13993 (2021-01-20)');
    expect(Object.values(standings('2014-11-19')).every((s) => s === 'not-yet-issued')).toBe(true);
  });

  it('refuses a day that is not one', () => {
    expect(AsOfDate.safeParse('2021-02-30').success).toBe(false);
    expect(AsOfDate.safeParse('2021-06').success).toBe(false);
    expect(AsOfDate.safeParse('2021-13-45').success).toBe(false);
    expect(AsOfDate.safeParse('June 2021').success).toBe(false);
    expect(AsOfDate.safeParse('2024-02-29').success).toBe(true);
  });
});

describe('the notice’s passages as of a day, from the comparisons', () => {
  const ws = comparedWorkspace();
  const documents = ws.documents();
  const matrix = crosswalkMatrix(documents, ws.annotations().list())!;
  const paragraphs = labelledParagraphs(ws.documentText(NOTICE));
  const at = (asOf: string) => passagesAsOf(matrix.rows, documents, AsOfDate.parse(asOf), paragraphs);
  const statusOf = (asOf: string, pinpoint: string) => at(asOf).find((p) => p.pinpoint === pinpoint)!;

  it('lists every labelled paragraph of the notice once, in order, compared or not', () => {
    const list = at('2015-06-01');
    expect(list.map((p) => p.pinpoint)).toEqual(paragraphs.map((p) => p.pinpoint));
    expect(list.length).toBeGreaterThan(8);
    expect(statusOf('2015-06-01', '¶ 4')).toMatchObject({ status: 'no-comparison', decidedBy: null });
    expect(statusOf('2015-06-01', '¶ 3').quote).toBe(COMMON_SENSE);
    expect(paragraphs.find((p) => p.pinpoint === '¶ 3')!.quote).toMatch(/^Secure Communities is a simple and common sense way to carry out ICE’s priorities\./);
  });

  it('1 June 2015: ¶ 3 is replaced (the latest comparison with the memo, written from the memo); ¶ 6 has none yet', () => {
    expect(statusOf('2015-06-01', '¶ 3')).toMatchObject({ status: 'replaces', decidedBy: { annotationId: 'from-the-memo' } });
    expect(statusOf('2015-06-01', '¶ 6')).toMatchObject({ status: 'no-comparison', decidedBy: null });
  });

  it('1 June 2017: ¶ 3 is reinstated by EO 13768, ¶ 6 related to it', () => {
    expect(statusOf('2017-06-01', '¶ 3')).toMatchObject({ status: 'reinstates', decidedBy: { annotationId: 'program-reinstated', documentId: EO_2017 } });
    expect(statusOf('2017-06-01', '¶ 6')).toMatchObject({ status: 'related', decidedBy: { annotationId: 'removals-related' } });
  });

  it('1 June 2021: the comparison with EO 13993 decides ¶ 3', () => {
    expect(statusOf('2021-06-01', '¶ 3')).toMatchObject({ status: 'contradicts', decidedBy: { annotationId: 'revocation-contradicts' } });
    // Quoted with the words that comparison is about, not the paragraph's first compared passage.
    expect(statusOf('2021-06-01', '¶ 3').quote).toBe(FINGERPRINTS);
  });

  it('before any compared document was issued, nothing is decided', () => {
    expect(at('2010-01-01').every((p) => p.status === 'no-comparison')).toBe(true);
  });
});
