import Papa from 'papaparse';
import { defuseFormula } from '../export/csv.js';
import { cellLabel, type CrosswalkMatrix } from './matrix.js';

/** The crosswalk as a spreadsheet: a row per passage of the original, a column per later document. */
export function matrixCsv(matrix: CrosswalkMatrix): string {
  const fields = ['pinpoint', 'quote', ...matrix.columns.map((d) => `${d.title} (${d.date})`)];
  const data = matrix.rows.map((row) => [
    row.pinpoint ?? '',
    row.quote,
    ...matrix.columns.map((d) => {
      const cell = row.cells.get(d.id);
      return cell ? cellLabel(cell) : '';
    }),
  ]);
  return Papa.unparse({ fields: fields.map(defuseFormula), data: data.map((cells) => cells.map(defuseFormula)) }, { newline: '\r\n' });
}

