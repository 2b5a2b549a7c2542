import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellLabel, crosswalkMatrix, matrixCsv, shortQuote } from '../../../core/crosswalk/index.js';
import { MEMO, NOTICE } from '../../support/annotated-workspace.js';
import { COMMON_SENSE, EO_2017, EO_2021, comparedWorkspace, crosswalkWorkspace } from './crosswalk-workspace.js';

describe('the crosswalk matrix', () => {
  const ws = comparedWorkspace();
  const matrix = crosswalkMatrix(ws.documents(), ws.annotations().list())!;

  it('reads against the first text of the corpus, with the other imported texts as columns by date', () => {
    expect(matrix.original.id).toBe(NOTICE);
    expect(matrix.columns.map((d) => d.id)).toEqual([MEMO, EO_2017, EO_2021]);
  });

  it('has a row per compared paragraph of the notice, in text order, quoting its earliest passage', () => {
    expect(matrix.rows.map((r) => r.pinpoint)).toEqual(['¶ 3', '¶ 6']);
    expect(matrix.rows[0]!.quote).toBe(COMMON_SENSE);
  });

  it('counts relations per cell, with comparisons written from the later document in the same cell', () => {
    const [p3, p6] = matrix.rows;
    const memo = p3!.cells.get(MEMO)!;
    expect(memo.relations).toEqual([{ relation: 'replaces', count: 2 }, { relation: 'retains', count: 1 }]);
    expect(cellLabel(memo)).toBe('replaces ×2, retains');
    expect(memo.annotationIds).toEqual(['fingerprints-retained', 'program-replaced', 'from-the-memo']);
    expect(cellLabel(p3!.cells.get(EO_2017)!)).toBe('reinstates');
    expect(cellLabel(p3!.cells.get(EO_2021)!)).toBe('contradicts');
    expect(p6!.cells.get(MEMO)).toBeUndefined();
    expect(p6!.cells.get(EO_2017)!.annotationIds).toEqual(['removals-related']);
  });

  it('leaves out deleted comparisons and comparisons between two later documents', () => {
    const ids = matrix.rows.flatMap((r) => r.entries.map((e) => e.annotationId));
    expect(ids).not.toContain('deleted');
    expect(ids).not.toContain('between-later');
    expect(ids).toHaveLength(6);
    expect(matrix.rows.some((r) => r.pinpoint === '¶ 4')).toBe(false);
  });

  it('brings a deleted comparison back when it is restored', () => {
    const again = comparedWorkspace();
    again.annotations().restore('deleted', { id: 'ana', name: 'Ana Alvarez' }, 'local');
    const rows = crosswalkMatrix(again.documents(), again.annotations().list())!.rows;
    expect(rows.map((r) => r.pinpoint)).toEqual(['¶ 3', '¶ 4', '¶ 6']);
    expect(cellLabel(rows[1]!.cells.get(MEMO)!)).toBe('narrows');
  });

  it('can read against another document chosen as the original', () => {
    const fromMemo = crosswalkMatrix(ws.documents(), ws.annotations().list(), MEMO)!;
    expect(fromMemo.columns.map((d) => d.id)).toEqual([NOTICE, EO_2017, EO_2021]);
    expect(fromMemo.rows.flatMap((r) => r.entries.map((e) => e.annotationId)).sort()).toEqual(['between-later', 'fingerprints-retained', 'from-the-memo', 'program-replaced']);
    expect(crosswalkMatrix(ws.documents(), [], 'eo-14159')).toBeNull();
  });

  it('has columns but no rows before anyone compares', () => {
    const empty = crosswalkWorkspace();
    const m = crosswalkMatrix(empty.documents(), empty.annotations().list())!;
    expect(m.rows).toEqual([]);
    expect(m.columns).toHaveLength(3);
  });

  it('shortens quotes at a word', () => {
    expect(shortQuote('one two three four', 12)).toBe('one two…');
    expect(shortQuote('  short\n quote ')).toBe('short quote');
  });
});

describe('the crosswalk as CSV', () => {
  it('has a row per passage and a column per later document, and reads back with papaparse', () => {
    const ws = comparedWorkspace();
    const csv = matrixCsv(crosswalkMatrix(ws.documents(), ws.annotations().list())!);
    const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual([
      'pinpoint',
      'quote',
      'Priority Enforcement Program (fixture) (2014-11-20)',
      'Executive Order 13768, Enhancing Public Safety in the Interior of the United States (2017-01-25)',
      'Executive Order 13993, Revision of Civil Immigration Enforcement Policies and Priorities (2021-01-20)',
    ]);
    expect(rows).toEqual([
      ['¶ 3', COMMON_SENSE, 'replaces ×2, retains', 'reinstates', 'contradicts'],
      ['¶ 6', 'More than 283,000 convicted criminal aliens have been removed', '', 'related', ''],
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const ws = comparedWorkspace();
    ws.setDocument({ ...ws.document(EO_2021)!, title: '=HYPERLINK("https://example.org","x")' }, 'local');
    const csv = matrixCsv(crosswalkMatrix(ws.documents(), ws.annotations().list())!);
    const header = Papa.parse<string[]>(csv).data[0]!;
    expect(header[4]).toBe(`'=HYPERLINK("https://example.org","x") (2021-01-20)`);
  });
});
