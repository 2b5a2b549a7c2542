import { useState } from 'preact/hooks';
import { KIND_LABEL, type Annotation, type DocumentMeta, type Person } from '../../core/index.js';
import type { WorkspaceSource } from '../connection.js';
import { refusalOf } from '../refusal.js';
import './documents.css';

interface Props {
  source: WorkspaceSource;
  documents: DocumentMeta[];
  annotations: Annotation[];
  me: Person | null;
}

/** Annotations whose document was removed and kept, newest first: nothing else shows them. */
export function detachedFromRemoved(documents: DocumentMeta[], annotations: Annotation[]): Annotation[] {
  const known = new Set(documents.map((d) => d.id));
  return annotations.filter((a) => !a.deleted && !known.has(a.passage.documentId)).sort((a, b) => (a.created < b.created ? 1 : -1));
}

/**
 * The annotations of removed documents, kept when the document went: each with its quote (its
 * record of what it was about), the document it was on, and for its author a way to delete it.
 */
export function DetachedAnnotations({ source, documents, annotations, me }: Props) {
  const detached = detachedFromRemoved(documents, annotations);
  const [error, setError] = useState<string | null>(null);
  if (detached.length === 0) return null;
  return (
    <details class="detached-annotations">
      <summary>
        Annotations of removed documents <span class="as-of-count">{detached.length}</span>
      </summary>
      <p class="hint">Kept with their quotes when their document was removed. They come back on their passages if a text with the same name is brought in again.</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {detached.map((a) => (
          <li key={a.id} class="detached-item" data-annotation-id={a.id}>
            <span class="detached-kind">{KIND_LABEL[a.kind]}</span>
            <span class="detached-quote">
              {a.passage.pinpoint && <span class="pinpoint">{a.passage.pinpoint}</span>}“{a.passage.quote.exact}”
            </span>
            {a.body && <span class="detached-body">{a.body}</span>}
            <span class="muted detached-meta">
              {a.author.name} · was on {a.passage.documentId}
            </span>
            {me?.id === a.author.id && (
              <button type="button" class="link-button danger" onClick={() => setError(refusalOf(() => source.workspace.annotations().remove(a.id, me, 'local')))}>
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
