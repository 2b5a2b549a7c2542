import type * as Y from 'yjs';
import type { People } from '../people.js';
import { buildExportModel, type ExportFilters, type ExportModel } from './model.js';
import { exportHtml } from './html.js';
import { exportMarkdown } from './markdown-export.js';
import { exportDocx } from './docx.js';
import { exportW3c } from './w3c.js';
import { exportTei } from './tei.js';
import { exportCsv } from './csv.js';
import { exportBibtex, exportCslJson, exportRis } from './bibliography.js';
import { ExportFormat } from './query.js';

export { ExportFormat, ExportQuery } from './query.js';

/** An export ready to save: its bytes or text, with a file name and media type. */
export interface ExportFile {
  filename: string;
  mimeType: string;
  body: string | Uint8Array;
}

const FORMATS: Record<ExportFormat, { extension: string; mimeType: string; write: (model: ExportModel) => string | Promise<string | Uint8Array> }> = {
  html: { extension: 'html', mimeType: 'text/html; charset=utf-8', write: exportHtml },
  markdown: { extension: 'md', mimeType: 'text/markdown; charset=utf-8', write: exportMarkdown },
  docx: { extension: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', write: exportDocx },
  w3c: { extension: 'jsonld', mimeType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', write: exportW3c },
  tei: { extension: 'tei.xml', mimeType: 'application/tei+xml; charset=utf-8', write: exportTei },
  csv: { extension: 'csv', mimeType: 'text/csv; charset=utf-8', write: exportCsv },
  bibtex: { extension: 'bib', mimeType: 'application/x-bibtex; charset=utf-8', write: exportBibtex },
  'csl-json': { extension: 'csl.json', mimeType: 'application/vnd.citationstyles.csl+json', write: exportCslJson },
  ris: { extension: 'ris', mimeType: 'application/x-research-info-systems; charset=utf-8', write: exportRis },
};

/** Exports a workspace (or one document of it) in a format, with filters; members named as in `people`. */
export async function exportWorkspace(ydoc: Y.Doc, workspaceId: string, format: ExportFormat, filters: Partial<ExportFilters> = {}, people?: People): Promise<ExportFile> {
  const spec = FORMATS[format];
  const model = buildExportModel(ydoc, workspaceId, filters, people);
  const stem = `${workspaceId}${filters.documentId ? `-${filters.documentId}` : ''}-${model.generated.slice(0, 10)}`;
  return { filename: `${stem}.${spec.extension}`, mimeType: spec.mimeType, body: await spec.write(model) };
}

export { buildExportModel, ExportFilters, type ExportModel } from './model.js';
export { exportHtml, exportMarkdown, exportDocx, exportW3c, exportTei, exportCsv, exportBibtex, exportCslJson, exportRis };
export { exportSessionSummary, type SessionSummaryOptions } from './session-summary.js';
export { exportParticipationCsv } from './participation-csv.js';
