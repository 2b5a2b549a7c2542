import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import type { ExportModel } from './model.js';
import { bibliographySources } from './html.js';

function items(model: ExportModel): Record<string, unknown>[] {
  return bibliographySources(model).map((item, i) => ({ ...item, id: `source${i + 1}` }));
}

/** The cited sources as CSL-JSON. */
export function exportCslJson(model: ExportModel): string {
  return JSON.stringify(items(model), null, 2);
}

/** The cited sources as BibTeX, through citation-js. */
export function exportBibtex(model: ExportModel): string {
  const list = items(model);
  return list.length ? new Cite(list).format('bibtex', { format: 'text' }) : '';
}
