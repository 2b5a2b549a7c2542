import { useMemo, useState } from 'preact/hooks';
import { searchTexts, type Workspace } from '../../core/index.js';
import { blockPath } from './block-address.js';
import { Sheet } from '../components/Dialog.js';
import './search.css';

interface Props {
  workspace: Workspace;
  /** A document's address in this view of the workspace (live, or a version). */
  documentPath: (documentId: string) => string;
  onClose: () => void;
  /** Opens a place in a document (the caller navigates and closes). */
  onOpen: (path: string) => void;
}

/** Find in the texts: every document of the workspace, results by document with their pinpoints. */
export function FindSheet({ workspace, documentPath, onClose, onOpen }: Props) {
  const [query, setQuery] = useState('');
  // Two letters at least: one letter matches nearly everything and tells nothing.
  const results = useMemo(() => (query.trim().length >= 2 ? searchTexts(workspace, query) : []), [workspace, query]);
  const total = results.reduce((n, r) => n + r.hits.length + r.more, 0);

  return (
    <Sheet title="Find in the texts" titleId="find-title" class="find-sheet" onClose={onClose} initialFocus="input[type=search]">
        <label class="field">
          <span class="field-label">Words or a phrase, in every document of the workspace</span>
          <input type="search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} placeholder="e.g. fingerprints" />
        </label>
        <p class="find-count" role="status" aria-live="polite">
          {query.trim().length < 2 ? 'Type two letters or more.' : total === 0 ? 'Not found in any text.' : `${total} ${total === 1 ? 'place' : 'places'} in ${results.length} ${results.length === 1 ? 'document' : 'documents'}`}
        </p>
        {results.map((doc) => (
          <section key={doc.documentId} class="find-document" aria-label={doc.title}>
            <h3>{doc.title}</h3>
            <ol class="find-hits">
              {doc.hits.map((hit, i) => (
                <li key={i}>
                  <button type="button" class="find-hit" onClick={() => onOpen(blockPath(documentPath(hit.documentId), hit.blockId))}>
                    <span class="find-pinpoint">{hit.label ?? '—'}</span>
                    <span class="find-snippet">
                      {hit.before}
                      <mark>{hit.match}</mark>
                      {hit.after}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
            {doc.more > 0 && <p class="muted">and {doc.more} more in this document</p>}
          </section>
        ))}
    </Sheet>
  );
}
