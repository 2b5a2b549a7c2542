import { useEffect, useRef, useState } from 'preact/hooks';
import type { ImportListing, ImportPreview, ImportReport, UndoReport } from '../../core/import/index.js';
import { api } from '../api.js';
import { formatDateTime, formatWhen } from '../format.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Importing annotations with a safety net: the file is previewed (what anchors, what is here
 * already) before anything is written, and every import can be undone as a whole.
 */
export function ImportPanel({ workspaceId }: { workspaceId: string }) {
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}`;
  const [file, setFile] = useState<{ name: string; json: unknown } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [imports, setImports] = useState<ImportListing[] | null>(null);
  const [inputKey, setInputKey] = useState(0);

  const refresh = () =>
    api<{ imports: ImportListing[] }>(`${base}/imports`).then(
      ({ imports }) => setImports(imports),
      (error: Error) => setMessage({ text: `The earlier imports could not be listed: ${error.message}`, error: true }),
    );
  useEffect(() => void refresh(), [base]);

  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setMessage(null);
    try {
      await work();
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(null);
    }
  };

  const choose = (chosen: File) =>
    run('Reading the file', async () => {
      setPreview(null);
      setReport(null);
      let json: unknown;
      try {
        json = JSON.parse(await chosen.text()) as unknown;
      } catch {
        throw new Error(`${chosen.name} is not JSON`);
      }
      setFile({ name: chosen.name, json });
      setPreview(await api<ImportPreview>(`${base}/import?preview=1`, { method: 'POST', body: json }));
    });

  const importNow = () =>
    run('Importing', async () => {
      const done = await api<ImportReport>(`${base}/import`, { method: 'POST', body: file!.json });
      setReport(done);
      setPreview(null);
      setFile(null);
      setInputKey((k) => k + 1);
      await refresh();
    });

  const undo = (listing: ImportListing) =>
    run('Undoing the import', async () => {
      const undone = await api<UndoReport>(`${base}/imports/${listing.importId}/undo`, { method: 'POST' });
      if (report?.importId === listing.importId) setReport(null);
      setMessage({ text: `Import undone: ${plural(undone.annotations, 'annotation')} and ${plural(undone.replies, 'reply', 'replies')} removed.`, error: false });
      await refresh();
    });

  const cancel = () => {
    setPreview(null);
    setFile(null);
    setInputKey((k) => k + 1);
  };

  const latest = report && imports?.find((i) => i.importId === report.importId);
  return (
    <div class="import-form">
      <p>
        W3C Web Annotation JSON-LD (from Crosswalk or another tool) or Hypothesis’s annotation JSON. Each annotation is found again by its quote; those whose text is not here are kept, as
        detached. You see what the file holds before anything is imported, what is here already is left as it is, and an import can be undone.
      </p>
      <label class="field">
        <span class="field-label">File</span>
        <input key={inputKey} type="file" accept=".json,.jsonld,application/json,application/ld+json" disabled={busy !== null} onChange={(e) => {
          const chosen = (e.target as HTMLInputElement).files?.[0];
          if (chosen) void choose(chosen);
        }} />
      </label>
      {busy && <p class="progress" role="progressbar" aria-label={busy}>{busy}…</p>}
      {message && <p class={message.error ? 'form-error' : 'form-ok'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
      {preview && file && <PreviewReport name={file.name} preview={preview} busy={busy !== null} onImport={importNow} onCancel={cancel} />}
      {report && <DoneReport report={report} listing={latest ?? null} busy={busy !== null} onUndo={undo} />}
      <EarlierImports imports={imports} busy={busy !== null} onUndo={undo} />
    </div>
  );
}

const added = (p: ImportPreview) => p.anchored + p.approximate.length + p.orphaned.length;

function Details({ preview }: { preview: ImportPreview }) {
  return (
    <ul>
      {preview.approximate.map((a) => (
        <li key={a.id}>
          Approximately: “{a.quote}” → “{a.found}”
        </li>
      ))}
      {preview.orphaned.map((o) => (
        <li key={o.id}>Not found, kept detached: “{o.quote}”</li>
      ))}
      {preview.skipped.map((s) => (
        <li key={s.id}>
          Cannot be imported ({s.id}): {s.reason}
        </li>
      ))}
    </ul>
  );
}

function alreadyHereText(preview: ImportPreview): string {
  const byId = preview.alreadyHere.filter((h) => h.match === 'id').length;
  const byContent = preview.alreadyHere.length - byId;
  const how = [byId ? `${byId} by ${byId === 1 ? 'its' : 'their'} id` : '', byContent ? `${byContent} by passage, words and author` : ''].filter(Boolean).join(', ');
  return `${plural(preview.alreadyHere.length, 'annotation is', 'annotations are')} already here (${how}) and will be skipped.`;
}

// A report appears below the file field, often below the fold of a phone: it takes the focus, which
// brings it into view and is where a keyboard user goes next.
function useFocusOnShow() {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function PreviewReport({ name, preview, busy, onImport, onCancel }: { name: string; preview: ImportPreview; busy: boolean; onImport: () => void; onCancel: () => void }) {
  const count = added(preview);
  const nothing = count === 0 && preview.replies === 0;
  const ref = useFocusOnShow();
  return (
    <section class="import-report" aria-label="Before importing" tabIndex={-1} ref={ref}>
      <p>
        <strong>{name}</strong> holds {plural(preview.total, 'annotation')}. Nothing is imported yet.
      </p>
      <ul>
        <li>
          <strong>{preview.anchored}</strong> will anchor exactly
        </li>
        <li>
          <strong>{preview.approximate.length}</strong> approximately (the text differs a little)
        </li>
        <li>
          <strong>{preview.orphaned.length}</strong> not at all: kept, detached
        </li>
        {preview.alreadyHere.length > 0 && <li>{alreadyHereText(preview)}</li>}
        {preview.skipped.length > 0 && <li>{plural(preview.skipped.length, 'annotation')} cannot be imported</li>}
        <li>
          {plural(preview.replies, 'reply', 'replies')} to add{preview.repliesAlreadyHere > 0 ? `; ${preview.repliesAlreadyHere} already here` : ''}
        </li>
      </ul>
      <Details preview={preview} />
      {nothing && <p>Nothing to import: everything this file holds is here already, or cannot be imported.</p>}
      <div class="composer-actions">
        <button type="button" class="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class="button button-primary" disabled={busy || nothing} onClick={onImport}>
          {nothing ? 'Nothing to import' : count > 0 ? `Import ${plural(count, 'annotation')}` : `Import ${plural(preview.replies, 'reply', 'replies')}`}
        </button>
      </div>
    </section>
  );
}

function DoneReport({ report, listing, busy, onUndo }: { report: ImportReport; listing: ImportListing | null; busy: boolean; onUndo: (listing: ImportListing) => void }) {
  const ref = useFocusOnShow();
  return (
    <section class="import-report" role="status" aria-label="Imported" tabIndex={-1} ref={ref}>
      <p>
        Imported {plural(added(report), 'annotation')} and {plural(report.replies, 'reply', 'replies')}: <strong>{report.anchored}</strong> anchored exactly, <strong>{report.approximate.length}</strong>{' '}
        approximately, <strong>{report.orphaned.length}</strong> detached (kept).
        {report.alreadyHere.length > 0 && ` ${plural(report.alreadyHere.length, 'annotation was', 'annotations were')} here already and left as they are.`}
        {report.skipped.length > 0 && ` ${plural(report.skipped.length, 'annotation')} could not be imported.`}
      </p>
      <Details preview={report} />
      {listing && listing.annotations + listing.replies > 0 && <UndoButton listing={listing} busy={busy} onUndo={onUndo} label="Undo this import" />}
    </section>
  );
}

function UndoButton({ listing, busy, onUndo, label }: { listing: ImportListing; busy: boolean; onUndo: (listing: ImportListing) => void; label: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="button button-small" disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  const others = listing.repliesByOthers;
  return (
    <div class="import-undo" role="group" aria-label="Undo the import">
      <p>
        Remove the {plural(listing.annotations, 'annotation')} and {plural(listing.replies, 'reply', 'replies')} this import added, for everyone?
        {others > 0 && ` ${plural(others, 'reply', 'replies')} written since on its annotations will go with them.`} Nothing else changes.
      </p>
      <div class="composer-actions">
        <button type="button" class="button button-small" disabled={busy} onClick={() => setAsking(false)}>
          Keep them
        </button>
        <button type="button" class="button button-small button-danger" disabled={busy} onClick={() => onUndo(listing)}>
          Remove them
        </button>
      </div>
    </div>
  );
}

function EarlierImports({ imports, busy, onUndo }: { imports: ImportListing[] | null; busy: boolean; onUndo: (listing: ImportListing) => void }) {
  if (!imports || imports.length === 0) return null;
  return (
    <section aria-label="Earlier imports">
      <h3 class="field-label">Earlier imports</h3>
      <ul class="audit">
        {imports.map((i) => (
          <li key={i.importId}>
            <span>
              {i.at ? <time dateTime={i.at} title={formatDateTime(i.at)}>{formatWhen(i.at)}</time> : 'Imported'}
              {i.by ? ` by ${i.by}` : ''}
              {i.format ? ` (${i.format === 'w3c' ? 'W3C' : 'Hypothesis'})` : ''}:{' '}
            </span>
            <span class="audit-detail">
              {i.undone
                ? `undone by ${i.undone.by}, ${formatWhen(i.undone.at)}`
                : i.annotations + i.replies > 0
                  ? `${plural(i.annotations, 'annotation')} and ${plural(i.replies, 'reply', 'replies')} still here`
                  : i.removed > 0
                    ? 'nothing of it is left'
                    : 'added nothing (all of it was here already)'}
            </span>{' '}
            {!i.undone && i.annotations + i.replies > 0 && <UndoButton listing={i} busy={busy} onUndo={onUndo} label="Undo" />}
          </li>
        ))}
      </ul>
    </section>
  );
}
