import { useEffect, useRef, useState } from 'preact/hooks';
import { PolicyDate, type Role } from '../../core/index.js';
import { api } from '../api.js';
import { documentPath, navigate } from '../router.js';
import { ImportTextForm, type Destination } from './ImportTextForm.js';
import './import.css';

/**
 * "Add a document" for owners and editors: a later text that is not in the catalogue. The button
 * asks the server for the person's role here, so the timeline needs to know nothing about roles.
 */
export function AddDocumentButton({ workspaceId }: { workspaceId: string }) {
  const [role, setRole] = useState<Role | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    api<{ memberships: { workspaceId: string; role: Role }[] }>('/api/session').then(
      (session) => live && setRole(session.memberships.find((m) => m.workspaceId === workspaceId)?.role ?? null),
      () => live && setRole(null),
    );
    return () => void (live = false);
  }, [workspaceId]);
  if (role !== 'owner' && role !== 'editor') return null;
  return (
    <>
      <button type="button" class="button button-small add-document" onClick={() => setOpen(true)}>
        + Add a document
      </button>
      {open && (
        <AddDocumentPanel
          workspaceId={workspaceId}
          onClose={() => setOpen(false)}
          onAdded={(id) => {
            setOpen(false);
            navigate(documentPath(workspaceId, id));
          }}
        />
      )}
    </>
  );
}

/** A new document's title and date, then its text in any of the three ways. */
export function AddDocumentPanel({ workspaceId, onClose, onAdded }: { workspaceId: string; onClose: () => void; onAdded: (id: string) => void }) {
  const [title, setTitle] = useState('');
  const [date, setDate] = useState('');
  const titleInput = useRef<HTMLInputElement>(null);
  useEffect(() => titleInput.current?.focus(), []);
  const destination: Destination | string = !title.trim()
    ? 'Give the document a title first'
    : !PolicyDate.safeParse(date).success
      ? 'Give the document a date (2021-09-30, or 2021-09 when only the month is known)'
      : { title: title.trim(), date };

  return (
    <div class="sheet-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <section class="sheet add-document-sheet" role="dialog" aria-modal="true" aria-labelledby="add-document-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <header class="sheet-head">
          <h2 id="add-document-title">Add a document</h2>
          <button type="button" class="toast-close sheet-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <p class="hint">A later policy or source that is not in the catalogue. It joins the timeline for everyone, as a locked source text.</p>
        <div class="field-row add-document-facts">
          <label class="field">
            <span class="field-label">Title</span>
            <input ref={titleInput} value={title} maxLength={500} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} placeholder="As printed on the document" />
          </label>
          <label class="field add-document-date">
            <span class="field-label">Date</span>
            <input value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value.trim())} placeholder="YYYY-MM-DD" pattern="\d{4}-\d{2}(-\d{2})?" />
            <span class="field-hint">As the document is dated; a month alone (2021-09) will do.</span>
          </label>
        </div>
        <ImportTextForm workspaceId={workspaceId} destination={destination} onAdded={onAdded} />
      </section>
    </div>
  );
}
