import { CSL_TYPES, type CslItem } from '../../core/index.js';
import { formatIssued, formatNames, parseIssued, parseNames } from '../../core/citations/index.js';

/** What a person types for a source: CSL fields, with authors and date as text. */
export interface SourceDraft {
  csl: CslItem;
  authors: string;
  issued: string;
}

export function draftOf(item: CslItem): SourceDraft {
  return { csl: item, authors: formatNames(item.author), issued: formatIssued(item.issued) };
}

/** The CSL item a draft describes, empty fields left out. */
export function itemOf(draft: SourceDraft): CslItem {
  const item: CslItem = { ...draft.csl, author: parseNames(draft.authors), issued: parseIssued(draft.issued) };
  for (const key of Object.keys(item) as (keyof CslItem)[]) if (item[key] === undefined || item[key] === '') delete item[key];
  return item;
}

type TextField = 'title' | 'container-title' | 'publisher' | 'volume' | 'issue' | 'number' | 'page' | 'URL' | 'DOI';

/** The fields of a source, as the library's edit form shows them. */
export function SourceFields({ draft, onChange, idPrefix }: { draft: SourceDraft; onChange: (draft: SourceDraft) => void; idPrefix: string }) {
  const { csl } = draft;
  const text = (field: TextField, label: string, hint?: string) => (
    <label class="field" key={field}>
      <span class="field-label">{label}</span>
      <input
        id={`${idPrefix}-${field}`}
        value={csl[field] ?? ''}
        required={field === 'title'}
        aria-describedby={hint ? `${idPrefix}-${field}-hint` : undefined}
        onInput={(e) => onChange({ ...draft, csl: { ...csl, [field]: (e.target as HTMLInputElement).value } })}
      />
      {hint && (
        <span class="field-hint" id={`${idPrefix}-${field}-hint`}>
          {hint}
        </span>
      )}
    </label>
  );
  return (
    <div class="source-fields">
      <div class="field-row">
        <label class="field">
          <span class="field-label">Type</span>
          <select value={csl.type} onChange={(e) => onChange({ ...draft, csl: { ...csl, type: (e.target as HTMLSelectElement).value as CslItem['type'] } })}>
            {CSL_TYPES.map((t) => (
              <option value={t} key={t}>
                {t.replace(/[-_]/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">Issued</span>
          <input value={draft.issued} placeholder="2015-04-24" onInput={(e) => onChange({ ...draft, issued: (e.target as HTMLInputElement).value })} />
        </label>
      </div>
      {text('title', 'Title')}
      <label class="field">
        <span class="field-label">Authors or issuer</span>
        <textarea rows={2} value={draft.authors} aria-describedby={`${idPrefix}-authors-hint`} onInput={(e) => onChange({ ...draft, authors: (e.target as HTMLTextAreaElement).value })} />
        <span class="field-hint" id={`${idPrefix}-authors-hint`}>
          One per line: “Family, Given” for a person; an organisation as it is named. {'{Braces}'} keep a name whole.
        </span>
      </label>
      <div class="field-row">
        {text('container-title', 'Published in', 'Journal, reporter or series')}
        {text('publisher', 'Publisher or institution')}
      </div>
      <div class="field-row">
        {text('volume', 'Volume')}
        {text('issue', 'Issue')}
      </div>
      <div class="field-row">
        {text('number', 'Number', 'Report or order number')}
        {text('page', 'Pages')}
      </div>
      <div class="field-row">
        {text('DOI', 'DOI')}
        {text('URL', 'URL')}
      </div>
    </div>
  );
}
