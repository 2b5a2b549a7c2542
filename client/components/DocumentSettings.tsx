import { useEffect, useRef, useState } from 'preact/hooks';
import type { DocumentMeta, Role } from '../../core/index.js';
import { factsOf } from '../../core/document-meta.js';
import { api } from '../api.js';
import { managesDocuments, useMembership } from '../membership.js';
import { documentPath, navigate, onLinkClick } from '../router.js';
import { FactFields, RelationsEditor, draftOf, factsFromDraft, type FactsDraft } from './DocumentFactsForm.js';
import { ReplaceTextForm, type ReanchorReport } from './ImportTextForm.js';
import './documents.css';
import { Sheet } from './Dialog.js';

type Tab = 'facts' | 'text' | 'remove';
type Action = 'edit' | 'replace' | 'remove';

/** What the server says removing a document would touch, and what this person may do to it. */
interface Preview {
  annotations: number;
  comparisons: number;
  referencedBy: { id: string; title: string }[];
  refusals: Record<Action, string | null>;
}

/** What became of a removed document's annotations, for the timeline to say. */
export interface Removal {
  title: string;
  annotations: 'kept' | 'removed';
  /** Annotations on its text. */
  onText: number;
  /** Comparisons written on other documents that pointed into it. */
  comparisons: number;
}

interface Props {
  workspaceId: string;
  document: DocumentMeta;
  documents: DocumentMeta[];
  role: Role;
  onClose: () => void;
  onRemoved: (removal: Removal) => void;
}

/**
 * A document's settings for owners and editors: its facts and relations corrected, its text
 * replaced by a corrected one (with how its annotations were found again), or the document
 * removed (its annotations kept detached, or removed). The server checks every one of these.
 */
export function DocumentSettings({ workspaceId, document: doc, documents, role, onClose, onRemoved }: Props) {
  const [tab, setTab] = useState<Tab>('facts');
  const [preview, setPreview] = useState<Preview | null>(null);
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/documents/${encodeURIComponent(doc.id)}`;
  useEffect(() => {
    let live = true;
    api<Preview>(base).then((p) => live && setPreview(p), () => live && setPreview(null));
    return () => void (live = false);
  }, [base, doc.imported]);

  const tabs: { tab: Tab; label: string }[] = [
    { tab: 'facts', label: 'Facts and relations' },
    { tab: 'text', label: 'Replace the text' },
    { tab: 'remove', label: 'Remove' },
  ];
  return (
    <Sheet title="Document settings" titleId="document-settings-title" class="document-settings" onClose={onClose} data={{ 'data-document-id': doc.id }}>
        <p class="document-settings-of">{doc.title}</p>
        <div class="sheet-tabs" role="tablist" aria-label="What to change">
          {tabs.map(({ tab: t, label }) => (
            <button type="button" role="tab" key={t} id={`document-tab-${t}`} aria-controls={`document-panel-${t}`} aria-selected={tab === t} onClick={() => setTab(t)}>
              {label}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`document-panel-${tab}`} aria-labelledby={`document-tab-${tab}`}>
          {tab === 'facts' && <FactsTab base={base} document={doc} documents={documents} />}
          {tab === 'text' && <TextTab workspaceId={workspaceId} document={doc} refusal={preview ? preview.refusals.replace : role === 'owner' ? null : undefined} />}
          {tab === 'remove' && <RemoveTab base={base} document={doc} preview={preview} onRemoved={onRemoved} />}
        </div>
    </Sheet>
  );
}

/**
 * "Document settings" for a reader's header, shown to owners and editors: the same sheet as the
 * timeline's. Removing the document from there goes back to the workspace's first text.
 */
export function DocumentSettingsButton({ workspaceId, document: doc, documents }: { workspaceId: string; document: DocumentMeta; documents: DocumentMeta[] }) {
  const membership = useMembership(workspaceId);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!membership || !managesDocuments(membership.role)) return null;
  return (
    <>
      <button type="button" class="button button-small document-settings-button" ref={button} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Document settings
      </button>
      {open && (
        <DocumentSettings
          workspaceId={workspaceId}
          document={doc}
          documents={documents}
          role={membership.role}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
          onRemoved={() => navigate(`/w/${encodeURIComponent(workspaceId)}`)}
        />
      )}
    </>
  );
}

function FactsTab({ base, document: doc, documents }: { base: string; document: DocumentMeta; documents: DocumentMeta[] }) {
  const [draft, setDraft] = useState<FactsDraft>(() => draftOf(factsOf(doc)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const edit = (next: FactsDraft) => {
    setDraft(next);
    setSaved(null);
  };
  const save = async () => {
    const checked = factsFromDraft(draft, doc.id, documents);
    if ('error' in checked) return setError(checked.error);
    setBusy(true);
    setError(null);
    try {
      const { changed } = await api<{ changed: string[] }>(base, { method: 'PUT', body: checked.facts });
      setSaved(changed.length ? `Saved for everyone: ${changed.length} ${changed.length === 1 ? 'change' : 'changes'}.` : 'Nothing had changed.');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="document-facts"
      aria-label="Facts and relations"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !busy) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <p class="hint">What the catalogue records about it. Its text, its lock and where its copy came from are not changed here.</p>
      <FactFields draft={draft} onChange={edit} idPrefix={`facts-${doc.id}`} firstRef={first} fields={['title', 'issuer', 'date', 'dateNote', 'type', 'citation', 'sourceUrl', 'source', 'license', 'kicker']} />
      <RelationsEditor relations={draft.relations} onChange={(relations) => edit({ ...draft, relations })} documents={documents} selfId={doc.id} />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="composer-actions document-actions">
        <span class="saved-note" role="status">
          {busy ? 'Saving…' : saved}
        </span>
        <button type="submit" class="button button-primary" aria-disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}

/** `refusal`: why this person may not replace it (a locked text, for an editor); undefined while unknown. */
function TextTab({ workspaceId, document: doc, refusal }: { workspaceId: string; document: DocumentMeta; refusal: string | null | undefined }) {
  const [report, setReport] = useState<ReanchorReport | null>(null);
  if (!doc.imported) {
    return (
      <p class="hint document-tab-note">
        Its text is not in the workspace yet: bring it in from <a href={documentPath(workspaceId, doc.id)} onClick={onLinkClick}>its page</a>.
      </p>
    );
  }
  if (refusal === undefined) return <p class="progress" role="status">Checking what you may do…</p>;
  if (refusal) return <p class="hint document-tab-note" role="note">{refusal}. Ask an owner to correct it.</p>;
  return (
    <>
      {report && <ReportView report={report} />}
      <ReplaceTextForm workspaceId={workspaceId} document={doc} onReplaced={setReport} />
    </>
  );
}

/** How the annotations of a replaced text were found again, in numbers and then each that moved or was lost. */
function ReportView({ report }: { report: ReanchorReport }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
    ref.current?.focus();
  }, [report]);
  const total = report.exact + report.approximate.length + report.orphaned.length;
  return (
    <section class="reanchor-report" role="status" tabIndex={-1} ref={ref} aria-labelledby="reanchor-title">
      <h3 id="reanchor-title">Text replaced</h3>
      {total === 0 ? (
        <p>It had no annotations to find again.</p>
      ) : (
        <ul class="reanchor-counts">
          <li>
            <strong>{report.exact}</strong> anchored exactly
          </li>
          <li>
            <strong>{report.approximate.length}</strong> anchored approximately
          </li>
          <li>
            <strong>{report.orphaned.length}</strong> orphaned, kept detached with their quotes
          </li>
        </ul>
      )}
      {report.approximate.length > 0 && (
        <details>
          <summary>Approximately ({report.approximate.length})</summary>
          <ul class="reanchor-list">
            {report.approximate.map((a) => (
              <li key={a.annotationId}>
                “{a.quote}” <span class="muted">now on</span> “{a.found}”
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.orphaned.length > 0 && (
        <details open>
          <summary>Orphaned ({report.orphaned.length})</summary>
          <ul class="reanchor-list">
            {report.orphaned.map((o) => (
              <li key={o.annotationId}>“{o.quote}”</li>
            ))}
          </ul>
          <p class="hint">Their authors can re-attach them to a new selection from their cards.</p>
        </details>
      )}
    </section>
  );
}

function RemoveTab({ base, document: doc, preview, onRemoved }: { base: string; document: DocumentMeta; preview: Preview | null; onRemoved: (removal: Removal) => void }) {
  const [choice, setChoice] = useState<'keep' | 'remove'>('keep');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);
  if (!preview) return <p class="progress" role="status">Counting its annotations…</p>;
  if (preview.refusals.remove) return <p class="hint document-tab-note" role="note">{preview.refusals.remove}. Ask an owner to remove it.</p>;
  const count = preview.annotations + preview.comparisons;
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await api<{ onText: number; comparisons: number }>(`${base}?annotations=${choice}`, { method: 'DELETE' });
      onRemoved({ title: doc.title, annotations: choice === 'keep' ? 'kept' : 'removed', onText: done.onText, comparisons: done.comparisons });
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <div class="document-remove">
      <p>
        Removes <strong>{doc.title}</strong> from the workspace for everyone: its entry on the timeline{doc.imported ? ' and its text' : ''}.
      </p>
      {preview.referencedBy.length > 0 && (
        <p class="hint">
          {preview.referencedBy.map((d) => d.title).join('; ')} {preview.referencedBy.length === 1 ? 'names' : 'name'} it in {preview.referencedBy.length === 1 ? 'its relations' : 'their relations'}; it is taken out of them.
        </p>
      )}
      {count > 0 ? (
        <fieldset class="fieldset">
          <legend>
            Its annotations: {preview.annotations} on its text{preview.comparisons > 0 ? `, ${preview.comparisons} ${preview.comparisons === 1 ? 'comparison' : 'comparisons'} with it from other documents` : ''}
          </legend>
          <div class="choice">
            <input type="radio" name="annotations" id="remove-annotations-keep" aria-describedby="remove-annotations-keep-hint" checked={choice === 'keep'} onChange={() => setChoice('keep')} />
            <span>
              <label for="remove-annotations-keep">Keep them, detached</label>
              <span class="field-hint" id="remove-annotations-keep-hint">
                Listed with their quotes under “Annotations of removed documents” on the timeline; found again if the text comes back.
              </span>
            </span>
          </div>
          <div class="choice">
            <input type="radio" name="annotations" id="remove-annotations-remove" aria-describedby="remove-annotations-remove-hint" checked={choice === 'remove'} onChange={() => setChoice('remove')} />
            <span>
              <label for="remove-annotations-remove">Remove them too</label>
              <span class="field-hint" id="remove-annotations-remove-hint">
                Deleted for everyone, as their authors would delete them.
              </span>
            </span>
          </div>
        </fieldset>
      ) : (
        <p class="hint">Nobody has annotated it or compared anything with it.</p>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="composer-actions">
        {confirming ? (
          <>
            <button type="button" class="button" onClick={() => setConfirming(false)} disabled={busy}>
              Keep the document
            </button>
            <button type="button" class="button button-danger" ref={confirm} onClick={() => void remove()} disabled={busy}>
              {busy ? 'Removing…' : `Yes, remove it${count > 0 ? (choice === 'keep' ? ', keeping its annotations' : ' and its annotations') : ''}`}
            </button>
          </>
        ) : (
          <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
            Remove this document…
          </button>
        )}
      </div>
    </div>
  );
}
