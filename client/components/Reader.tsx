import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { DocumentMeta } from '../../core/index.js';
import type { WorkspaceSource } from '../connection.js';
import type { Present } from '../hooks.js';
import { formatDate, formatDateTime, relationVerb } from '../format.js';
import { Avatar } from './Presence.js';
import { Editor } from './Editor.js';
import { ImportTextForm } from './ImportTextForm.js';
import { DocumentSettingsButton } from './DocumentSettings.js';
import { navigate } from '../router.js';
import { FindSheet, GoToPinpoint, blockTargetPlugin, revealBlock, useBlockTarget } from '../search/index.js';

interface Props {
  connection: WorkspaceSource;
  document: DocumentMeta;
  documents: DocumentMeta[];
  readers: Present[];
  /** Annotation plugins for this view; read when the view is created. */
  plugins?: Plugin[];
  onView?: (view: EditorView | null) => void;
  /** Shown in the header's corner: open-beside and close controls. */
  controls?: preact.ComponentChildren;
  /** The person may not edit texts (annotators, viewers), even unlocked ones; nor bring texts in. */
  readOnly?: boolean;
}

/** One document: its provenance, and its text in a live, read-only-while-locked view. */
export function Reader({ connection, document: doc, documents, readers, plugins, onView, controls, readOnly = false }: Props) {
  // The notice's own first heading is its title; do not print it twice.
  const [titleInBody, setTitleInBody] = useState(false);
  const [view, setView] = useState<EditorView | null>(null);
  const [finding, setFinding] = useState(false);
  const titleOf = (id: string) => documents.find((d) => d.id === id)?.title ?? id;
  // One per document: the compare view shows two readers, and a shared id named both with the first's title.
  const titleId = `reader-title-${doc.id}`;
  useBlockTarget(view);
  // Ctrl/⌘+Shift+F: find in every text, as a browser's find does in one page.
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        setFinding(true);
      }
    };
    addEventListener('keydown', key);
    return () => removeEventListener('keydown', key);
  }, []);

  return (
    <article class="reader" aria-labelledby={titleId} data-document-id={doc.id}>
      <header class="reader-header">
        {controls && <div class="reader-controls">{controls}</div>}
        {doc.kicker && <p class="kicker">{doc.kicker}</p>}
        <h1 id={titleId} class={titleInBody ? 'visually-hidden' : 'reader-title'}>
          {doc.title}
        </h1>
        <p class="reader-byline">
          {[doc.issuer, formatDate(doc.date, doc.dateNote), doc.type].filter(Boolean).join(' · ')}
        </p>
        <div class="reader-badges">
          {doc.imported && doc.locked && (
            <span class="chip chip-lock" title="A primary source: only owners may correct its transcription">
              {/* An element, not a background image: contrast checkers cannot see past a background image to measure the text. */}
              <svg class="chip-lock-icon" aria-hidden="true" viewBox="0 0 9 11" width="9" height="11">
                <rect x="0" y="4.5" width="9" height="6.5" rx="1.2" fill="currentColor" />
                <path d="M2 4.8V3a2.5 2.5 0 0 1 5 0v1.8" fill="none" stroke="currentColor" stroke-width="1.3" />
              </svg>
              Locked source text
            </span>
          )}
          {doc.citation && <span class="chip">{doc.citation}</span>}
          {readers.length > 0 && (
            <span class="reader-readers" aria-label="Also reading">
              {readers.map((p) => (
                <span key={p.clientId} title={`${p.state.user.name} is reading this`}>
                  <Avatar present={p} />
                </span>
              ))}
              <span class="reader-readers-text">also reading</span>
            </span>
          )}
          {!readOnly && <DocumentSettingsButton workspaceId={connection.workspaceId} document={doc} documents={documents} />}
        </div>
        <div class="reader-tools">
          <button type="button" class="button button-small" onClick={() => setFinding(true)} aria-keyshortcuts="Control+Shift+F" title="Find in every text (Ctrl+Shift+F)">
            Find in texts
          </button>
          {doc.imported && view && <GoToPinpoint workspace={connection.workspace} documentId={doc.id} onGo={(blockId) => revealBlock(view, blockId)} />}
        </div>
        {finding && (
          <FindSheet
            workspace={connection.workspace}
            documentPath={(id) => connection.documentPath(id)}
            onClose={() => setFinding(false)}
            onOpen={(path) => {
              setFinding(false);
              navigate(path);
            }}
          />
        )}
        <details class="provenance">
          <summary>Provenance</summary>
          <dl>
            {doc.sourceUrl && (
              <>
                <dt>Official source</dt>
                <dd>
                  <a href={doc.sourceUrl} rel="noopener noreferrer nofollow" target="_blank">
                    {doc.sourceUrl}
                  </a>
                </dd>
              </>
            )}
            {doc.source && (
              <>
                <dt>Published</dt>
                <dd>{doc.source}</dd>
              </>
            )}
            {doc.capture && (
              <>
                <dt>How this copy was captured</dt>
                <dd>{doc.capture}</dd>
              </>
            )}
            {doc.retrieved && (
              <>
                <dt>Brought in</dt>
                <dd>
                  {formatDateTime(doc.retrieved)}
                  {doc.checksum && <span class="muted"> · SHA-256 {doc.checksum.slice(0, 16)}…</span>}
                </dd>
              </>
            )}
            {doc.license && (
              <>
                <dt>Licence</dt>
                <dd>{doc.license}</dd>
              </>
            )}
            {doc.relations.map((relation, i) => (
              <Fragment key={i}>
                <dt>{relationVerb[relation.kind]}</dt>
                <dd>
                  {relation.targets.map(titleOf).join('; ')}
                  {relation.targets.length > 0 && ': '}
                  {relation.note}
                </dd>
              </Fragment>
            ))}
          </dl>
        </details>
      </header>
      {doc.imported ? (
        <Editor
          fragment={connection.workspace.documentText(doc.id)}
          awareness={connection.awareness}
          locked={doc.locked || readOnly}
          label={`Text of ${doc.title}`}
          plugins={[...(plugins ?? []), blockTargetPlugin]}
          onMount={(mounted) => {
            onView?.(mounted);
            setView(mounted);
            const first = mounted?.state.doc.firstChild;
            if (mounted) setTitleInBody(first?.type.name === 'heading' && first.textContent.trim() === doc.title.trim());
          }}
        />
      ) : (
        <div class="not-imported-card" role="note">
          <h2>Its text is not in the workspace yet</h2>
          <p>
            This entry of the catalogue holds the policy's facts. Its text is brought in from the official source
            {doc.source ? <>: <strong>{doc.source}</strong></> : null}.
          </p>
          {!readOnly && <ImportTextForm workspaceId={connection.workspaceId} entry={doc} />}
        </div>
      )}
    </article>
  );
}
