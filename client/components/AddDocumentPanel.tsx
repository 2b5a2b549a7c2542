import { useEffect, useRef, useState } from 'preact/hooks';
import { PolicyDate, type DocumentMeta } from '../../core/index.js';
import { factsOf } from '../../core/document-meta.js';
import { api } from '../api.js';
import { documentPath, navigate } from '../router.js';
import { EMPTY_DRAFT, FactFields, RelationsEditor, factsFromDraft, type FactsDraft } from './DocumentFactsForm.js';
import { ImportTextForm, type Destination } from './ImportTextForm.js';
import './import.css';
import { Sheet } from './Dialog.js';

/** "Add a document" for owners and editors (the timeline shows it only to them): a later text that is not in the catalogue. */
export function AddDocumentButton({ workspaceId, documents }: { workspaceId: string; documents: DocumentMeta[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button type="button" class="button button-small add-document" ref={button} onClick={() => setOpen(true)}>
        + Add a document
      </button>
      {open && (
        <AddDocumentPanel
          workspaceId={workspaceId}
          documents={documents}
          onClose={close}
          onAdded={(id) => {
            setOpen(false);
            navigate(documentPath(workspaceId, id));
          }}
        />
      )}
    </>
  );
}

/**
 * A new document's facts (title and date, and what the as-of view needs: issuer, type, how it acts
 * on the others), then its text in any of the three ways. The text comes in first; the facts
 * beyond title and date are then recorded on it, as a correction would be.
 */
export function AddDocumentPanel({ workspaceId, documents, onClose, onAdded }: { workspaceId: string; documents: DocumentMeta[]; onClose: () => void; onAdded: (id: string) => void }) {
  const [draft, setDraft] = useState<FactsDraft>({ ...EMPTY_DRAFT, type: 'document' });
  const [error, setError] = useState<string | null>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  useEffect(() => titleInput.current?.focus(), []);
  const checked = factsFromDraft(draft, '', documents);
  const destination: Destination | string = !draft.title.trim()
    ? 'Give the document a title first'
    : !PolicyDate.safeParse(draft.date.trim()).success
      ? 'Give the document a date (2021-09-30, or 2021-09 when only the month is known)'
      : 'error' in checked
      ? checked.error
      : { title: checked.facts.title, date: checked.facts.date };

  // The intake records title and date; the other facts go on the new entry right after, merged with
  // what the text itself brought (an address it was fetched from, a Markdown file's front matter).
  const recordFacts = async (id: string) => {
    if ('error' in checked) return;
    const extra = checked.facts.issuer !== undefined || checked.facts.type !== 'document' || checked.facts.relations.length > 0;
    if (extra) {
      const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/documents/${encodeURIComponent(id)}`;
      try {
        const { document } = await api<{ document: DocumentMeta }>(base);
        const current = factsOf(document);
        await api(base, { method: 'PUT', body: { ...current, ...(checked.facts.issuer ? { issuer: checked.facts.issuer } : {}), type: checked.facts.type, relations: checked.facts.relations } });
      } catch (err) {
        // The text is in; say what did not stick, and let the settings correct it.
        setError(`The document was added, but its other facts were not recorded (${(err as Error).message}). Correct them from its settings on the timeline.`);
        return;
      }
    }
    onAdded(id);
  };

  return (
    <Sheet title="Add a document" titleId="add-document-title" class="add-document-sheet" onClose={onClose}>
        <p class="hint">A later policy or source that is not in the catalogue. It joins the timeline for everyone, as a locked source text.</p>
        <FactFields draft={draft} onChange={setDraft} idPrefix="new-document-facts" firstRef={titleInput} fields={['title', 'date', 'issuer', 'type']} />
        <RelationsEditor relations={draft.relations} onChange={(relations) => setDraft({ ...draft, relations })} documents={documents} selfId={null} />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <ImportTextForm workspaceId={workspaceId} destination={destination} onAdded={(id) => void recordFacts(id)} />
    </Sheet>
  );
}
