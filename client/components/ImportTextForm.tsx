import { useState } from 'preact/hooks';
import type { DocumentMeta } from '../../core/index.js';
import { api } from '../api.js';

/** Brings a catalogue entry's text in: a Markdown or plain-text file, or pasted text. */
export function ImportTextForm({ workspaceId, entry }: { workspaceId: string; entry: DocumentMeta }) {
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (content: string, format: 'markdown' | 'text', fileName?: string) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/workspaces/${encodeURIComponent(workspaceId)}/documents`, { method: 'POST', body: { catalogueId: entry.id, format, content, fileName } });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="import-text"
      onSubmit={(e) => {
        e.preventDefault();
        if (pasted.trim()) void send(pasted, 'text');
      }}
    >
      <h3>Bring in its text</h3>
      <p class="hint">
        Take the text from the official source{entry.source ? ` (${entry.source})` : ''} and add it here as a Markdown or plain-text file, or paste it. It becomes a locked source text for everyone, with when it was brought in and a checksum.
      </p>
      <label class="field">
        <span class="field-label">File (.md or .txt)</span>
        <input
          type="file"
          accept=".md,.markdown,.txt,text/plain,text/markdown"
          disabled={busy}
          onChange={async (e) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (!file) return;
            if (file.size > 2_000_000) return setError('the file is over 2 MB');
            void send(await file.text(), /\.(md|markdown)$/i.test(file.name) ? 'markdown' : 'text', file.name);
          }}
        />
      </label>
      <label class="field">
        <span class="field-label">Or paste the text</span>
        <textarea rows={6} value={pasted} disabled={busy} onInput={(e) => setPasted((e.target as HTMLTextAreaElement).value)} placeholder="Paragraphs separated by blank lines" />
      </label>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="composer-actions">
        {busy && <span class="progress">Adding…</span>}
        <button type="submit" class="button button-primary" disabled={busy || !pasted.trim()}>
          Add the pasted text
        </button>
      </div>
    </form>
  );
}
