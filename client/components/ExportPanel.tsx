import { useContext, useState } from 'preact/hooks';
import { AnnotationKind, type Annotation } from '../../core/index.js';
import { CITATION_STYLE_LABEL, CitationStyle } from '../../core/citations/index.js';
import { CitationStyleContext } from '../citation-style.js';
import type { ExportFormat } from '../../core/export/index.js';
import { KIND_LABEL } from '../annotations/labels.js';
import { AuthorOptions, TagOptions, annotationFacets } from './FacetOptions.js';
import { ImportPanel } from './ImportPanel.js';
import { Sheet } from './Dialog.js';

const FORMATS: { id: ExportFormat; label: string; hint: string }[] = [
  { id: 'html', label: 'Web page (HTML)', hint: 'One file to read or print to PDF: highlights, numbered notes, threads, bibliography' },
  { id: 'docx', label: 'Word (DOCX)', hint: 'Real Word comments on the annotated passages, replies threaded' },
  { id: 'markdown', label: 'Markdown', hint: 'Text with Pandoc footnotes' },
  { id: 'w3c', label: 'W3C Web Annotation (JSON-LD)', hint: 'For other annotation tools, and to import back' },
  { id: 'tei', label: 'TEI XML', hint: 'Text with a standOff list of annotations' },
  { id: 'csv', label: 'Spreadsheet (CSV)', hint: 'A row per annotation and per reply, for coding' },
  { id: 'bibtex', label: 'BibTeX', hint: 'The cited sources' },
  { id: 'csl-json', label: 'CSL-JSON', hint: 'The cited sources, for Zotero and citation processors' },
  { id: 'ris', label: 'RIS', hint: 'The cited sources, for Zotero, EndNote and Mendeley' },
];

const BIBLIOGRAPHY_FORMATS = new Set<ExportFormat>(['bibtex', 'csl-json', 'ris']);

interface Props {
  workspaceId: string;
  documentId: string;
  documentTitle: string;
  annotations: Annotation[];
  canImport: boolean;
  /** Owners only: makes a style the workspace's, for cards and exports. */
  onSetWorkspaceStyle?: (style: CitationStyle) => void;
  onClose: () => void;
}

/** Export the workspace in a format with filters, or import annotations from another tool. */
export function ExportPanel({ workspaceId, documentId, documentTitle, annotations, canImport, onSetWorkspaceStyle, onClose }: Props) {
  const [tab, setTab] = useState<'export' | 'import'>('export');

  return (
    <Sheet title={tab === 'export' ? 'Export an annotated copy' : 'Import annotations'} onClose={onClose}>
        <nav class="sheet-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'export'} onClick={() => setTab('export')}>
            Export
          </button>
          {canImport && (
            <button type="button" role="tab" aria-selected={tab === 'import'} onClick={() => setTab('import')}>
              Import
            </button>
          )}
        </nav>
        {tab === 'export' ? (
          <ExportForm exportUrl={`/api/workspaces/${encodeURIComponent(workspaceId)}/export`} documentId={documentId} documentTitle={documentTitle} annotations={annotations} onSetWorkspaceStyle={onSetWorkspaceStyle} />
        ) : (
          <ImportPanel workspaceId={workspaceId} />
        )}
    </Sheet>
  );
}

interface FormProps {
  /** The endpoint that answers the file: the live workspace's export, or a saved version's. */
  exportUrl: string;
  documentId: string;
  documentTitle: string;
  /** The annotations the filters offer authors and tags from. */
  annotations: Annotation[];
  onSetWorkspaceStyle?: (style: CitationStyle) => void;
}

/** The export's format and filters, and the download. */
export function ExportForm({ exportUrl, documentId, documentTitle, annotations, onSetWorkspaceStyle }: FormProps) {
  const workspaceStyle = useContext(CitationStyleContext);
  const [format, setFormat] = useState<ExportFormat>('html');
  const [style, setStyle] = useState<CitationStyle>(workspaceStyle);
  const [sources, setSources] = useState<'cited' | 'library'>('cited');
  const [scope, setScope] = useState<'document' | 'workspace'>('document');
  const [kinds, setKinds] = useState<AnnotationKind[]>([]);
  const [author, setAuthor] = useState('');
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState('');
  const [anonymise, setAnonymise] = useState(false);
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const { authors, tags } = annotationFacets(annotations);

  const download = async () => {
    const query = new URLSearchParams({ format });
    if (scope === 'document') query.set('documentId', documentId);
    if (kinds.length) query.set('kinds', kinds.join(','));
    if (author) query.set('authors', author);
    if (tag) query.set('tags', tag);
    if (status) query.set('status', status);
    if (anonymise) query.set('anonymise', '1');
    if (since) query.set('since', since);
    if (until) query.set('until', until);
    query.set('style', style);
    if (BIBLIOGRAPHY_FORMATS.has(format) && sources === 'library') query.set('sources', 'library');
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch(`${exportUrl}?${query}`, { headers: { 'x-crosswalk': '1' } });
      if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { error?: string }).error ?? `the server answered ${response.status}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `export.${format}`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage({ text: `Saved ${name}.`, error: false });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="export-form"
      onSubmit={(e) => {
        e.preventDefault();
        void download();
      }}
    >
      <fieldset class="fieldset">
        <legend>Format</legend>
        {/* The format is the radio's name; what it holds describes it, not part of the name. */}
        {FORMATS.map((f) => (
          <div class="choice" key={f.id}>
            <input type="radio" name="format" id={`format-${f.id}`} value={f.id} checked={format === f.id} aria-describedby={`format-${f.id}-hint`} onChange={() => setFormat(f.id)} />
            <span>
              <label for={`format-${f.id}`}>
                <strong>{f.label}</strong>
              </label>
              <span class="field-hint" id={`format-${f.id}-hint`}>
                {f.hint}
              </span>
            </span>
          </div>
        ))}
      </fieldset>
      {BIBLIOGRAPHY_FORMATS.has(format) && (
        <label class="field">
          <span class="field-label">Sources</span>
          <select value={sources} onChange={(e) => setSources((e.target as HTMLSelectElement).value as 'cited' | 'library')}>
            <option value="cited">The sources cited by the annotations chosen below</option>
            <option value="library">The whole library</option>
          </select>
        </label>
      )}
      <fieldset class="fieldset">
        <legend>What to include</legend>
        <div class="field-row">
          <label class="field">
            <span class="field-label">Documents</span>
            <select value={scope} onChange={(e) => setScope((e.target as HTMLSelectElement).value as 'document' | 'workspace')}>
              <option value="document">{documentTitle}</option>
              <option value="workspace">Every document of the workspace</option>
            </select>
          </label>
          <label class="field">
            <span class="field-label">Status</span>
            <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
              <option value="">Open and resolved</option>
              <option value="open">Open</option>
              <option value="resolved">Resolved</option>
            </select>
          </label>
        </div>
        <div class="kind-filters" role="group" aria-label="Kinds">
          {AnnotationKind.options.map((k) => (
            <label class={`kind-filter kind-${k}`} key={k}>
              <input type="checkbox" checked={kinds.includes(k)} onChange={() => setKinds(kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k])} />
              {KIND_LABEL[k]}
            </label>
          ))}
        </div>
        <p class="field-hint">No kind ticked: every kind.</p>
        <div class="field-row">
          <label class="field">
            <span class="field-label">Author</span>
            <select value={author} onChange={(e) => setAuthor((e.target as HTMLSelectElement).value)}>
              <AuthorOptions authors={authors} />
            </select>
          </label>
          <label class="field">
            <span class="field-label">Tag</span>
            <select value={tag} onChange={(e) => setTag((e.target as HTMLSelectElement).value)}>
              <TagOptions tags={tags} />
            </select>
          </label>
        </div>
        <div class="field-row">
          <label class="field">
            <span class="field-label">Written from</span>
            <input type="date" value={since} onInput={(e) => setSince((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">Until</span>
            <input type="date" value={until} onInput={(e) => setUntil((e.target as HTMLInputElement).value)} />
          </label>
        </div>
        <label class="choice">
          <input type="checkbox" checked={anonymise} onChange={() => setAnonymise(!anonymise)} />
          <span>Anonymise authors (“Participant 1”, “Participant 2”…)</span>
        </label>
      </fieldset>
      <fieldset class="fieldset">
        <legend>Citations</legend>
        <div class="field-row">
          <label class="field">
            <span class="field-label">Citation style</span>
            <select value={style} onChange={(e) => setStyle((e.target as HTMLSelectElement).value as CitationStyle)}>
              {CitationStyle.options.map((s) => (
                <option value={s} key={s}>
                  {CITATION_STYLE_LABEL[s]}
                  {s === workspaceStyle ? ' (the workspace’s)' : ''}
                </option>
              ))}
            </select>
          </label>
        </div>
        {onSetWorkspaceStyle && style !== workspaceStyle && (
          <p>
            <button type="button" class="button" onClick={() => onSetWorkspaceStyle(style)}>
              Use {CITATION_STYLE_LABEL[style]} for the whole workspace
            </button>{' '}
            <span class="field-hint">Cards and exports follow it, for everyone.</span>
          </p>
        )}
      </fieldset>
      {message && (
        <p class={message.error ? 'form-error' : 'form-ok'} role="status">
          {message.text}
        </p>
      )}
      <div class="composer-actions">
        {busy && (
          <span class="progress" role="progressbar" aria-label="Preparing the export">
            Preparing…
          </span>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          Download
        </button>
      </div>
    </form>
  );
}
