import { useMemo } from 'preact/hooks';
import type { Annotation, DocumentMeta } from '../../core/index.js';
import { cellLabel, crosswalkMatrix, matrixCsv, shortQuote, type MatrixCell } from '../../core/crosswalk/index.js';
import { documentPath, onLinkClick } from '../router.js';
import { formatDate } from '../format.js';
import { shortName } from './crosswalk-names.js';
import './crosswalk.css';

interface Props {
  workspaceId: string;
  documents: DocumentMeta[];
  annotations: Annotation[];
}

/** The crosswalk: each compared passage of the notice against each later document, live. */
export function Matrix({ workspaceId, documents, annotations }: Props) {
  const matrix = useMemo(() => crosswalkMatrix(documents, annotations), [documents, annotations]);
  if (!matrix) return <p class="empty">This workspace has no documents yet.</p>;
  const { original, columns, rows } = matrix;

  const download = () => {
    const url = URL.createObjectURL(new Blob([matrixCsv(matrix)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${workspaceId}-crosswalk.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section class="crosswalk-page matrix-page" aria-labelledby="matrix-title">
      <header class="crosswalk-head">
        <div>
          <h1 id="matrix-title">Crosswalk</h1>
          <p class="crosswalk-lede">
            Passages of <a href={documentPath(workspaceId, original.id)} onClick={onLinkClick}>{original.title}</a> ({formatDate(original.date)}) against
            each later document. A cell says how the later text treats the passage; open it to read both side by side.
          </p>
        </div>
        <button type="button" class="button" onClick={download} disabled={rows.length === 0}>
          Download CSV
        </button>
      </header>
      {columns.length === 0 ? (
        <div class="crosswalk-empty">
          <p>There is no later document to compare with yet.</p>
          <p>Import one from the timeline (a catalogue entry’s text or a file); it becomes a column here.</p>
        </div>
      ) : rows.length === 0 ? (
        <div class="crosswalk-empty">
          <p>No passage of the notice has been compared yet.</p>
          <ol>
            <li>Open a later document beside the notice (<em>Open beside</em> in the reader).</li>
            <li>Select a passage of the notice, choose <strong>Compare</strong>, select its counterpart in the document beside and pick the relation; or accept a suggested counterpart.</li>
            <li>Each compared passage becomes a row here, with the relation in that document’s column.</li>
          </ol>
        </div>
      ) : (
        <div class="matrix-scroll" tabIndex={0} role="region" aria-label="Crosswalk table, scrolls sideways">
          <table class="matrix">
            <thead>
              <tr>
                <th scope="col" class="matrix-corner">
                  Passage
                </th>
                {columns.map((doc) => (
                  <th scope="col" key={doc.id} data-document-id={doc.id}>
                    <a href={documentPath(workspaceId, doc.id)} onClick={onLinkClick} title={doc.title}>
                      <span class="matrix-doc-name">{shortName(doc)}</span>
                      <span class="matrix-doc-date">{formatDate(doc.date, doc.dateNote)}</span>
                    </a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-pinpoint={row.pinpoint ?? ''}>
                  <th scope="row">
                    {row.pinpoint && <span class="matrix-pinpoint">{row.pinpoint}</span>}
                    <span class="matrix-quote">{shortQuote(row.quote)}</span>
                  </th>
                  {columns.map((doc) => {
                    const cell = row.cells.get(doc.id);
                    return (
                      <td key={doc.id} data-document-id={doc.id}>
                        {cell ? (
                          <CellLink href={documentPath(workspaceId, original.id, doc.id, cell.annotationIds[0])} cell={cell} where={`${row.pinpoint ?? 'Passage'}, ${shortName(doc)}`} />
                        ) : (
                          <span class="matrix-none" aria-label="no comparison">·</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CellLink({ href, cell, where }: { href: string; cell: MatrixCell; where: string }) {
  return (
    <a class="matrix-cell" href={href} onClick={onLinkClick} aria-label={`${where}: ${cellLabel(cell)}. Open side by side`}>
      {cell.relations.map(({ relation, count }) => (
        <span key={relation} class={`relation-chip relation-${relation}`}>
          {relation}
          {count > 1 && <span class="relation-count">×{count}</span>}
        </span>
      ))}
    </a>
  );
}
