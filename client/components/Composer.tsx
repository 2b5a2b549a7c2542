import { cloneElement, type VNode } from 'preact';
import { useContext, useId, useMemo, useState } from 'preact/hooks';
import { AnnotationContent, ComparisonRelation, CritiqueCategory, explain, type AnnotationKind, type CslItem, type DocumentMeta, type LibrarySource, type Passage } from '../../core/index.js';
import { CITATION_STYLE_LABEL, cslFromDocument, formatInText, formatIssued, formatNames, formatReference, referenceOrTitle } from '../../core/citations/index.js';
import { CitationStyleContext } from '../citation-style.js';
import { SourceFields, itemOf, searchLibrary } from '../library/index.js';
import { CATEGORY_LABEL, KIND_LABEL, RELATION_LABEL } from '../annotations/labels.js';
import { comparisonSentence, readComparison } from '../annotations/comparison-reading.js';
import { actingSide } from '../../core/crosswalk/index.js';
import { shortName } from './crosswalk-names.js';

export interface ComposerDraft {
  kind: AnnotationKind;
  passage: Passage;
  /** Set when editing an existing annotation. */
  editing?: { id: string; content: AnnotationContent };
  /** What was typed when the form was last closed without saving, to take up again. */
  restore?: ComposerSnapshot;
}

/** Everything typed into the form, so that closing it by mistake loses nothing. */
export interface ComposerSnapshot {
  body: string;
  tags: string;
  category: CritiqueCategory | '';
  relation: ComparisonRelation;
  targetDoc: string;
  sourceDoc: string;
  csl: CslItem;
  authors: string;
  issued: string;
  locator: string;
}

interface Props {
  draft: ComposerDraft;
  documents: DocumentMeta[];
  /** The passage selected in the document open beside, if any. */
  besidePassage: Passage | null;
  besideId: string | null;
  onOpenBeside: (documentId: string) => void;
  /** Puts the focus in the document open beside, to select a passage there with the keyboard. */
  onSelectBeside?: () => void;
  onSave: (content: AnnotationContent) => string | null;
  /** The workspace library, to cite from. */
  library?: LibrarySource[];
  /** Adds a typed source to the library (where the writer may) and answers its id. */
  onAddSource?: (item: CslItem) => string;
  /** Closed without saving: what was typed, or null when nothing was changed. */
  onCancel: (typed: ComposerSnapshot | null) => void;
}



/** The form that writes (or edits) one annotation; validates with the shared schema before saving. */
export function Composer({ draft, documents, besidePassage, besideId, onOpenBeside, onSelectBeside, onSave, onCancel, library = [], onAddSource }: Props) {
  const initial = draft.editing?.content;
  const citation = initial?.kind === 'citation' ? initial.citation : null;
  const [opened] = useState<ComposerSnapshot>(() => ({
    body: initial?.body ?? '',
    tags: initial?.tags.join(', ') ?? '',
    category: initial?.kind === 'critique' ? (initial.category ?? '') : '',
    relation: initial?.kind === 'comparison' ? initial.comparison.relation : 'retains',
    targetDoc: initial?.kind === 'comparison' ? initial.comparison.target.documentId : (besideId ?? ''),
    sourceDoc: citation?.sourcePassage?.documentId ?? '',
    csl: citation?.source ?? { type: 'report', title: '' },
    authors: formatNames(citation?.source.author),
    issued: formatIssued(citation?.source.issued),
    locator: citation?.locator ?? '',
  }));
  const start = draft.restore ?? opened;
  const [body, setBody] = useState(start.body);
  const [tags, setTags] = useState(start.tags);
  const [category, setCategory] = useState<CritiqueCategory | ''>(start.category);
  const [relation, setRelation] = useState<ComparisonRelation>(start.relation);
  const [fixedTarget] = useState<Passage | null>(initial?.kind === 'comparison' ? initial.comparison.target : null);
  const [targetDoc, setTargetDoc] = useState<string>(start.targetDoc);

  const [sourceDoc, setSourceDoc] = useState<string>(start.sourceDoc);
  const [csl, setCsl] = useState<CslItem>(start.csl);
  const [authors, setAuthors] = useState(start.authors);
  const [issued, setIssued] = useState(start.issued);
  const [locator, setLocator] = useState(start.locator);
  const [sourceId, setSourceId] = useState<string | null>(citation?.sourceId ?? null);
  const [libraryQuery, setLibraryQuery] = useState('');
  const [addToLibrary, setAddToLibrary] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const snapshot = (): ComposerSnapshot => ({ body, tags, category, relation, targetDoc, sourceDoc, csl, authors, issued, locator });
  const cancel = () => {
    const typed = snapshot();
    onCancel(JSON.stringify(typed) === JSON.stringify(opened) ? null : typed);
  };

  const others = documents.filter((d) => d.imported && d.id !== draft.passage.documentId);
  const target = fixedTarget && fixedTarget.documentId === targetDoc ? fixedTarget : besidePassage?.documentId === targetDoc ? besidePassage : null;
  const targetMeta = documents.find((d) => d.id === targetDoc) ?? null;
  // Said as the crosswalk will read it: which of the two documents does what to which.
  const actor = targetDoc ? actingSide(draft.passage.documentId, targetDoc, documents) : 'target';
  const otherName = targetMeta ? shortName(targetMeta) : 'the passage compared with';
  const sourcePassage = sourceDoc && besidePassage?.documentId === sourceDoc ? besidePassage : (citation?.sourcePassage ?? null);
  // Citing a passage of a workspace document: its pinpoint is the locator unless one is typed.
  const pinpointFromPassage = sourceDoc && sourcePassage?.pinpoint ? sourcePassage.pinpoint : '';
  const effectiveLocator = locator.trim() || pinpointFromPassage;
  const citationStyle = useContext(CitationStyleContext);
  // A source picked from the library stays linked to it while its fields are as the library has
  // them; edited here, the citation keeps its own copy instead.
  const picked = sourceId ? library.find((s) => s.id === sourceId) : undefined;
  const typedSource = useMemo(() => itemOf({ csl, authors, issued }), [csl, authors, issued]);
  const linkedSource = picked && JSON.stringify(typedSource) === JSON.stringify(picked.item) ? picked.id : null;
  const libraryMatches = libraryQuery.trim() ? searchLibrary(library, libraryQuery).slice(0, 6) : [];
  const pickFromLibrary = (s: LibrarySource) => {
    setSourceDoc('');
    setCsl(s.item);
    setAuthors(formatNames(s.item.author));
    setIssued(formatIssued(s.item.issued));
    setSourceId(s.id);
    setLibraryQuery('');
  };

  const content = useMemo((): unknown => {
    const tagList = tags.split(',').map((t) => t.trim()).filter(Boolean);
    switch (draft.kind) {
      case 'critique':
        return { kind: 'critique', body, tags: tagList, ...(category ? { category } : {}) };
      case 'question':
        return { kind: 'question', body, tags: tagList };
      case 'comparison':
        return target ? { kind: 'comparison', body, tags: tagList, comparison: { relation, target } } : null;
      case 'citation': {
        return {
          kind: 'citation',
          body,
          tags: tagList,
          citation: {
            source: typedSource,
            ...(linkedSource ? { sourceId: linkedSource } : {}),
            ...(effectiveLocator ? { locator: effectiveLocator } : {}),
            ...(sourceDoc && sourcePassage ? { sourcePassage } : {}),
          },
        };
      }
    }
  }, [draft.kind, body, tags, category, relation, target, typedSource, effectiveLocator, sourceDoc, sourcePassage, linkedSource]);

  const parsed = content === null ? null : AnnotationContent.safeParse(content);
  const preview = useMemo(() => {
    if (!parsed?.success || parsed.data.kind !== 'citation') return null;
    try {
      return { reference: formatReference(parsed.data.citation.source, citationStyle), inText: formatInText(parsed.data.citation, citationStyle) };
    } catch {
      return null;
    }
  }, [parsed?.success && parsed.data.kind === 'citation' ? JSON.stringify(parsed.data.citation) : '', citationStyle]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (content === null) return setError(targetDoc ? 'Select the passage it compares with, in the document open beside.' : 'Choose the document it compares with, then select the passage there.');
    if (!parsed?.success) return setError(parsed ? explain(parsed.error) : 'Incomplete');
    let saving = parsed.data;
    // A source typed here joins the library, so the next citation of it is one pick away.
    if (saving.kind === 'citation' && !saving.citation.sourceId && !sourceDoc && addToLibrary && onAddSource) {
      try {
        saving = { ...saving, citation: { ...saving.citation, sourceId: onAddSource(saving.citation.source) } };
      } catch (e) {
        return setError((e as Error).message);
      }
    }
    const failure = onSave(saving);
    if (failure) setError(failure);
  };

  const chooseSourceDoc = (id: string) => {
    setSourceDoc(id);
    const doc = documents.find((d) => d.id === id);
    if (!doc) return;
    const item = cslFromDocument(doc);
    setCsl(item);
    setAuthors(formatNames(item.author));
    setIssued(formatIssued(item.issued));
    if (doc.id !== besideId && doc.imported) onOpenBeside(doc.id);
  };

  const formId = useId();
  // A hint describes its field (aria-describedby) instead of running into the field's name.
  const field = (label: string, input: preact.ComponentChildren, hint?: string) => {
    if (!hint) {
      return (
        <label class="field">
          <span class="field-label">{label}</span>
          {input}
        </label>
      );
    }
    const id = `${formId}-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    return (
      <div class="field">
        <label class="field-label" for={id}>
          {label}
        </label>
        {cloneElement(input as VNode, { id, 'aria-describedby': `${id}-hint` })}
        <span class="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      </div>
    );
  };

  return (
    <form
      class={`composer composer-${draft.kind}`}
      onSubmit={submit}
      // Escape here rather than in the panel around it: closing hands back what was typed.
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.isComposing) return;
        e.preventDefault();
        e.stopPropagation();
        cancel();
      }}
      aria-label={`${draft.editing ? 'Edit' : 'New'} ${KIND_LABEL[draft.kind].toLowerCase()}`}>
      <div class="composer-head">
        <span class={`kind-badge kind-${draft.kind}`}>{KIND_LABEL[draft.kind]}</span>
        <span class="composer-title">{draft.editing ? 'Edit' : 'New'}</span>
      </div>
      <blockquote class="card-quote">
        {draft.passage.pinpoint && <span class="pinpoint">{draft.passage.pinpoint}</span>} {draft.passage.quote.exact}
      </blockquote>

      {draft.kind === 'citation' && (
        <fieldset class="fieldset">
          <legend>Source</legend>
          {library.length > 0 &&
            field(
              'From the library',
              <input type="search" value={libraryQuery} placeholder="Author, title or year" onInput={(e) => setLibraryQuery((e.target as HTMLInputElement).value)} />,
              linkedSource ? `Cited from the library: corrections there reach this citation.` : undefined,
            )}
          {libraryMatches.length > 0 && (
            <ul class="library-picks" aria-label="Sources in the library">
              {libraryMatches.map((s) => (
                <li key={s.id}>
                  <button type="button" class="library-pick" onClick={() => pickFromLibrary(s)}>
                    {referenceOrTitle(s.item, citationStyle)}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {field(
            'A document in this workspace',
            <select value={sourceDoc} onChange={(e) => chooseSourceDoc((e.target as HTMLSelectElement).value)}>
              <option value="">— another source —</option>
              {documents.filter((d) => d.id !== draft.passage.documentId).map((d) => (
                <option value={d.id} key={d.id}>
                  {d.title}
                </option>
              ))}
            </select>,
            sourceDoc ? (sourcePassage ? `Passage: “${truncate(sourcePassage.quote.exact, 80)}”` : 'Optionally select the cited passage in the document beside.') : undefined,
          )}
          <SourceFields
            draft={{ csl, authors, issued }}
            idPrefix={`composer-source-${draft.passage.position.start}`}
            onChange={(next) => {
              setCsl(next.csl);
              setAuthors(next.authors);
              setIssued(next.issued);
            }}
          />
          {field(
            'Pinpoint',
            <input value={locator} placeholder={pinpointFromPassage || 'p. 3, Sec. 2'} onInput={(e) => setLocator((e.target as HTMLInputElement).value)} />,
            pinpointFromPassage && !locator.trim() ? `${pinpointFromPassage}, from the passage selected beside` : undefined,
          )}
          {onAddSource && !linkedSource && !sourceDoc && (
            <label class="choice">
              <input type="checkbox" checked={addToLibrary} onChange={() => setAddToLibrary(!addToLibrary)} />
              <span>Add this source to the workspace’s library</span>
            </label>
          )}
          {preview && (
            <div class="citation-preview" aria-label={`Formatted citation (${CITATION_STYLE_LABEL[citationStyle]})`}>
              <span class="field-label">Preview ({CITATION_STYLE_LABEL[citationStyle]})</span>
              <p>{preview.reference}</p>
              <p class="in-text">{preview.inText}</p>
            </div>
          )}
        </fieldset>
      )}

      {draft.kind === 'comparison' && (
        <fieldset class="fieldset">
          <legend>Compared with</legend>
          {field(
            'Document',
            <select
              value={targetDoc}
              onChange={(e) => {
                const id = (e.target as HTMLSelectElement).value;
                setTargetDoc(id);
                if (id) onOpenBeside(id);
              }}
            >
              <option value="">— choose a document —</option>
              {others.map((d) => (
                <option value={d.id} key={d.id}>
                  {d.title}
                </option>
              ))}
            </select>,
          )}
          {targetDoc && (
            <p class={`target ${target ? 'target-chosen' : 'target-missing'}`} role="status">
              {target ? (
                <>
                  {target.pinpoint && <span class="pinpoint">{target.pinpoint}</span>} “{truncate(target.quote.exact, 160)}”
                </>
              ) : (
                <>
                  Select the passage in {targetMeta ? <cite>{shortName(targetMeta)}</cite> : 'the document'}, open beside.{' '}
                  {onSelectBeside && targetDoc === besideId && (
                    <button type="button" class="link-button" onClick={onSelectBeside}>
                      Go to that text
                    </button>
                  )}
                </>
              )}
            </p>
          )}
          {field(
            // The label names who acts; the options stay short enough for the select's width.
            actor === 'target' ? `Relation: what ${otherName} does to this passage` : `Relation: what this passage does to ${otherName}`,
            <select value={relation} onChange={(e) => setRelation((e.target as HTMLSelectElement).value as ComparisonRelation)}>
              {ComparisonRelation.options.map((r) => (
                <option value={r} key={r}>
                  {actor === 'target' ? `${RELATION_LABEL[r]} this passage` : `${RELATION_LABEL[r]} ${otherName}`}
                </option>
              ))}
            </select>,
          )}
          {target && (
            <p class="relation-reading" aria-live="polite">
              <span class="field-label">Reads</span> {comparisonSentence(readComparison(draft.passage, { target, relation }, documents))}
            </p>
          )}
        </fieldset>
      )}

      {field(
        draft.kind === 'critique' ? 'Critique' : draft.kind === 'question' ? 'Question for discussion' : 'Comment',
        <textarea rows={4} value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />,
        'Markdown: *emphasis*, **strong**, [links](https://…), lists',
      )}
      {draft.kind === 'critique' &&
        field(
          'Category',
          <select value={category} onChange={(e) => setCategory((e.target as HTMLSelectElement).value as CritiqueCategory | '')}>
            <option value="">— none —</option>
            {CritiqueCategory.options.map((c) => (
              <option value={c} key={c}>
                {CATEGORY_LABEL[c]}
              </option>
            ))}
          </select>,
        )}

      {field('Tags', <input value={tags} placeholder="numbers, framing" onInput={(e) => setTags((e.target as HTMLInputElement).value)} />, 'Separated by commas')}

      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="composer-actions">
        <span class="composer-keys" aria-hidden="true">
          <kbd>Esc</kbd> closes · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves
        </span>
        <button type="button" class="button" onClick={cancel}>
          Cancel
        </button>
        <button type="submit" class="button button-primary">
          {draft.editing ? 'Save changes' : 'Save'}
        </button>
      </div>
    </form>
  );
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
