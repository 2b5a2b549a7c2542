import { useId, useState } from 'preact/hooks';
import type { DocumentMeta } from '../../core/index.js';
import { api, ApiError } from '../api.js';
import './import.css';

/** Where a text goes: a catalogue entry, or a new document with its title and date. */
export type Destination = { catalogueId: string } | { title: string; date: string };
/** A Markdown file may bring its own title and date in its front matter. */
type Target = Destination | Record<string, never>;

type Way = 'web' | 'file' | 'paste';
const WAYS: { way: Way; label: string }[] = [
  { way: 'web', label: 'From the web' },
  { way: 'file', label: 'Upload a file' },
  { way: 'paste', label: 'Paste' },
];
/** As the server's limit: said before the bytes go anywhere. */
const MAX_BYTES = 10 * 1024 * 1024;

/** How a replaced text's annotations were found again (the server's report). */
export interface ReanchorReport {
  exact: number;
  approximate: { annotationId: string; quote: string; found: string }[];
  orphaned: { annotationId: string; quote: string }[];
}

interface Props {
  workspaceId: string;
  /** The catalogue entry whose text this brings in; its official source prefills the address. */
  entry?: DocumentMeta;
  /** For a new document: where it goes, or the reason it cannot go yet (no title or date). */
  destination?: Destination | string;
  onAdded?: (id: string) => void;
}

/**
 * Brings a text in three ways: a web address the server fetches (HTML, PDF or plain text), an
 * uploaded file (the same, or Markdown with front matter), or pasted text.
 */
export function ImportTextForm({ workspaceId, entry, destination, onAdded }: Props) {
  const official = entry ? officialUrl(entry) : null;
  const formId = useId();
  const [way, setWay] = useState<Way>('web');
  const [url, setUrl] = useState(official ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/documents`;
  const to: Destination | string = entry ? { catalogueId: entry.id } : (destination ?? 'Give the document a title and a date first');

  const send = async (target: Target | string, request: (to: Target) => Promise<{ id: string }>) => {
    if (typeof target === 'string') return setError(target);
    setBusy(true);
    setError(null);
    try {
      const { id } = await request(target);
      onAdded?.(id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    if (way === 'web') return send(to, (target) => api(`${base}/fetch`, { method: 'POST', body: { ...target, url: url.trim() } }));
    if (way === 'paste') return send(to, (target) => api(`${base}`, { method: 'POST', body: { ...target, format: 'text', content: pasted } }));
    if (!file) return;
    if (file.size > MAX_BYTES) return setError(`the file is larger than ${MAX_BYTES / 1024 / 1024} MB, the most that can be brought in`);
    return send(typeof to === 'string' && /\.(md|markdown)$/i.test(file.name) ? {} : to, (target) => uploadFile(`${base}/upload`, file, target));
  };
  const ready = way === 'web' ? url.trim() !== '' : way === 'file' ? file !== null : pasted.trim() !== '';
  const action = way === 'web' ? 'Fetch and add' : way === 'file' ? 'Upload and add' : 'Add the pasted text';

  return (
    <form
      class="import-text"
      aria-label="Bring in the text"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && !busy) void submit();
      }}
    >
      <h3>{entry ? 'Bring in its text' : 'Its text'}</h3>
      <p class="hint">
        From the official source: the server fetches a web page, a PDF or a plain-text file; or upload one (Markdown with front matter too); or paste the text. It becomes a locked source text for everyone, with where it came from, when, and a checksum.
      </p>
      <div class="import-ways" role="tablist" aria-label="How to bring the text in">
        {WAYS.map(({ way: w, label }) => (
          <button type="button" role="tab" key={w} aria-selected={way === w} class="import-way" onClick={() => (setWay(w), setError(null))}>
            {label}
          </button>
        ))}
      </div>
      {way === 'web' && (
        <div class="field">
          <label class="field-label" for={`${formId}-url`}>
            Web address of the text
          </label>
          <input
            id={`${formId}-url`}
            type="url"
            inputMode="url"
            value={url}
            disabled={busy}
            placeholder="https://"
            aria-describedby={(entry?.source && !official) || official ? `${formId}-url-hint` : undefined}
            onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
          />
          {entry?.source && !official && <span class="field-hint" id={`${formId}-url-hint`}>Published at: {entry.source}. Find the exact address there and paste it here.</span>}
          {official && <span class="field-hint" id={`${formId}-url-hint`}>From the catalogue{entry?.sourceUrl ? '' : ` (${entry?.source})`}; check it before fetching.</span>}
        </div>
      )}
      {way === 'file' && (
        <label class="field">
          <span class="field-label">File (HTML, PDF, .txt or .md)</span>
          <input
            type="file"
            accept=".html,.htm,.pdf,.txt,.md,.markdown,text/html,application/pdf,text/plain,text/markdown"
            disabled={busy}
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
          />
        </label>
      )}
      {way === 'paste' && (
        <label class="field">
          <span class="field-label">Text to paste</span>
          <textarea rows={6} value={pasted} disabled={busy} onInput={(e) => setPasted((e.target as HTMLTextAreaElement).value)} placeholder="Paragraphs separated by blank lines" />
        </label>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="composer-actions">
        {busy && (
          <span class="progress" role="status">
            {way === 'web' ? 'Fetching…' : 'Adding…'}
          </span>
        )}
        <button type="submit" class="button button-primary" disabled={busy || !ready}>
          {action}
        </button>
      </div>
    </form>
  );
}

/**
 * The same three ways, replacing a document's text with a corrected copy; the server answers how
 * its annotations were found again.
 */
export function ReplaceTextForm({ workspaceId, document: doc, onReplaced }: { workspaceId: string; document: DocumentMeta; onReplaced?: (report: ReanchorReport) => void }) {
  const [way, setWay] = useState<Way>('paste');
  const [url, setUrl] = useState(doc.sourceUrl ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/documents/${encodeURIComponent(doc.id)}/text`;

  const submit = async () => {
    if (way === 'file' && file && file.size > MAX_BYTES) return setError(`the file is larger than ${MAX_BYTES / 1024 / 1024} MB, the most that can be brought in`);
    setBusy(true);
    setError(null);
    try {
      const { report } =
        way === 'web'
          ? await api<{ report: ReanchorReport }>(`${base}/fetch`, { method: 'POST', body: { url: url.trim() } })
          : way === 'file'
            ? await sendBytes<{ report: ReanchorReport }>(`${base}?${new URLSearchParams({ fileName: file!.name })}`, file!, file!.type || 'application/octet-stream')
            : await sendBytes<{ report: ReanchorReport }>(`${base}?paste=1`, pasted, 'text/plain; charset=utf-8');
      setPasted('');
      setFile(null);
      onReplaced?.(report);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const ready = way === 'web' ? url.trim() !== '' : way === 'file' ? file !== null : pasted.trim() !== '';
  const action = way === 'web' ? 'Fetch and replace' : way === 'file' ? 'Upload and replace' : 'Replace with the pasted text';
  return (
    <form
      class="import-text replace-text"
      aria-label="Replace the text"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && !busy) void submit();
      }}
    >
      <p class="hint">
        A corrected copy replaces the text for everyone{doc.locked ? ', and stays a locked source text' : ''}. Every annotation on it, and every comparison with it, is found again by its quote; you will see how many exactly, approximately, or not at all (those stay, detached).
      </p>
      <div class="import-ways" role="tablist" aria-label="How to bring the corrected text in">
        {WAYS.map(({ way: w, label }) => (
          <button type="button" role="tab" key={w} aria-selected={way === w} class="import-way" onClick={() => (setWay(w), setError(null))}>
            {label}
          </button>
        ))}
      </div>
      {way === 'web' && (
        <label class="field">
          <span class="field-label">Web address of the corrected text</span>
          <input type="url" inputMode="url" value={url} disabled={busy} placeholder="https://" onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        </label>
      )}
      {way === 'file' && (
        <label class="field">
          <span class="field-label">File (HTML, PDF, .txt or .md)</span>
          <input type="file" accept=".html,.htm,.pdf,.txt,.md,.markdown,text/html,application/pdf,text/plain,text/markdown" disabled={busy} onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </label>
      )}
      {way === 'paste' && (
        <label class="field">
          <span class="field-label">Corrected text to paste</span>
          <textarea rows={6} value={pasted} disabled={busy} onInput={(e) => setPasted((e.target as HTMLTextAreaElement).value)} placeholder="Paragraphs separated by blank lines" />
        </label>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="composer-actions">
        {busy && (
          <span class="progress" role="status">
            {way === 'web' ? 'Fetching…' : 'Replacing…'}
          </span>
        )}
        <button type="submit" class="button button-primary" disabled={busy || !ready}>
          {action}
        </button>
      </div>
    </form>
  );
}

/** Sends bytes (a file, or pasted text) as the body, as the upload does; answers the JSON or throws its error. */
async function sendBytes<T>(path: string, body: Blob | string, contentType: string): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': contentType, 'x-crosswalk': '1' },
    body,
    credentials: 'same-origin',
  });
  const payload = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new ApiError(payload.error ?? `the server answered ${response.status}`, response.status);
  return payload;
}

/**
 * The address to offer for a catalogue entry: its exact `sourceUrl`, or one derived from a
 * `source` that names a host and a path ("dhs.gov, publications/memo.pdf"); null when the source
 * names only a site ("federalregister.gov").
 */
export function officialUrl(entry: Pick<DocumentMeta, 'sourceUrl' | 'source'>): string | null {
  if (entry.sourceUrl) return entry.sourceUrl;
  const match = /^\s*((?:[a-z0-9-]+\.)+[a-z]{2,})\s*(?:,\s*|\/)(\S+)\s*$/i.exec(entry.source ?? '');
  if (!match) return null;
  try {
    return new URL(`https://${match[1]}/${match[2]!.replace(/^\/+/, '')}`).href;
  } catch {
    return null;
  }
}

/** Sends a file's bytes as they are; the server reads its type (or its name) to know the format. */
async function uploadFile(path: string, file: File, to: Target): Promise<{ id: string }> {
  const query = new URLSearchParams({ fileName: file.name, ...to });
  const response = await fetch(`${path}?${query}`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream', 'x-crosswalk': '1' },
    body: file,
    credentials: 'same-origin',
  });
  const payload = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
  if (!response.ok || !payload.id) throw new ApiError(payload.error ?? `the server answered ${response.status}`, response.status);
  return { id: payload.id };
}
