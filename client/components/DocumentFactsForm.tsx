import { useState } from 'preact/hooks';
import { DocumentRelationKind, explain, type DocumentMeta } from '../../core/index.js';
import { DOCUMENT_TYPES, DocumentFacts, factsProblem } from '../../core/document-meta.js';
import { formatDate, relationVerb } from '../format.js';
import './documents.css';

/** One relation as a form holds it: every field a string, a date left empty when it is the document's own. */
export interface RelationDraft {
  kind: DocumentRelationKind;
  targets: string[];
  note: string;
  date: string;
}

/** A document's facts as a form holds them: strings, empty for a fact not given. */
export interface FactsDraft {
  title: string;
  issuer: string;
  date: string;
  dateNote: string;
  type: string;
  citation: string;
  sourceUrl: string;
  source: string;
  license: string;
  kicker: string;
  relations: RelationDraft[];
}

type TextField = Exclude<keyof FactsDraft, 'relations'>;

export const EMPTY_DRAFT: FactsDraft = { title: '', issuer: '', date: '', dateNote: '', type: '', citation: '', sourceUrl: '', source: '', license: '', kicker: '', relations: [] };

export function draftOf(facts: Partial<DocumentFacts>): FactsDraft {
  const draft: FactsDraft = { ...EMPTY_DRAFT, relations: (facts.relations ?? []).map((r) => ({ kind: r.kind, targets: [...r.targets], note: r.note, date: r.date ?? '' })) };
  for (const key of Object.keys(EMPTY_DRAFT) as (keyof FactsDraft)[]) {
    const value = facts[key];
    if (key !== 'relations' && typeof value === 'string') draft[key] = value;
  }
  return draft;
}

/**
 * The facts a draft says, checked as the server will check them (the same schema and the same
 * rules about relations), or the first problem in words.
 */
export function factsFromDraft(draft: FactsDraft, selfId: string, documents: DocumentMeta[]): { facts: DocumentFacts } | { error: string } {
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(EMPTY_DRAFT) as (keyof FactsDraft)[]) {
    if (key === 'relations') continue;
    const value = draft[key].trim();
    if (value !== '') given[key] = value;
  }
  given.relations = draft.relations.map(({ date, ...r }) => ({ ...r, note: r.note.trim(), ...(date.trim() ? { date: date.trim() } : {}) }));
  const parsed = DocumentFacts.safeParse(given);
  if (!parsed.success) return { error: explain(parsed.error) };
  const problem = factsProblem(selfId, parsed.data, (id) => documents.some((d) => d.id === id));
  return problem ? { error: problem } : { facts: parsed.data };
}

const LABELS: Record<TextField, { label: string; hint?: string; placeholder?: string }> = {
  title: { label: 'Title', placeholder: 'As printed on the document' },
  issuer: { label: 'Issuer', placeholder: 'Who issued it: an office, a person' },
  date: { label: 'Date', hint: 'As the document is dated; a month alone (2021-09) will do.', placeholder: 'YYYY-MM-DD' },
  dateNote: { label: 'About the date', placeholder: 'e.g. not before' },
  type: { label: 'Type', placeholder: 'executive order, memorandum…' },
  citation: { label: 'Citation', placeholder: 'e.g. 86 Fed. Reg. 7051 (Jan. 25, 2021)' },
  sourceUrl: { label: 'Official address', placeholder: 'https://' },
  source: { label: 'Published at', hint: 'Where the official text is, when no exact address is certain.' },
  license: { label: 'Licence' },
  kicker: { label: 'Kicker', hint: 'A short label printed above the title on the source.' },
};

/** Inputs for some of a document's facts, in the order given. */
export function FactFields({ draft, onChange, fields, idPrefix, firstRef }: { draft: FactsDraft; onChange: (draft: FactsDraft) => void; fields: TextField[]; idPrefix: string; firstRef?: preact.Ref<HTMLInputElement> }) {
  return (
    <div class="facts-fields">
      {fields.map((field, i) => {
        const { label, hint, placeholder } = LABELS[field];
        const id = `${idPrefix}-${field}`;
        // The hint describes the field rather than naming it: a screen reader says "Date" first.
        return (
          <div class={`field facts-field facts-${field}`} key={field}>
            <label class="field-label" for={id}>
              {label}
            </label>
            <input
              id={id}
              ref={i === 0 ? firstRef : undefined}
              value={draft[field]}
              placeholder={placeholder}
              type={field === 'sourceUrl' ? 'url' : 'text'}
              list={field === 'type' ? `${idPrefix}-types` : undefined}
              aria-describedby={hint ? `${id}-hint` : undefined}
              maxLength={field === 'dateNote' || field === 'kicker' ? 200 : field === 'type' ? 100 : 1000}
              onInput={(e) => onChange({ ...draft, [field]: (e.target as HTMLInputElement).value })}
            />
            {hint && (
              <span class="field-hint" id={`${id}-hint`}>
                {hint}
              </span>
            )}
          </div>
        );
      })}
      {fields.includes('type') && (
        <datalist id={`${idPrefix}-types`}>
          {DOCUMENT_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      )}
    </div>
  );
}

/**
 * How the document acts on others: each relation with its kind, the documents it acts on, when it
 * takes effect (if not on the document's date) and a note. The as-of view reads these.
 */
export function RelationsEditor({ relations, onChange, documents, selfId }: { relations: RelationDraft[]; onChange: (relations: RelationDraft[]) => void; documents: DocumentMeta[]; selfId: string | null }) {
  const others = documents.filter((d) => d.id !== selfId);
  // Titles repeat ("Secure Communities" is a memo and the notice): the date tells them apart.
  const titleOf = (id: string) => {
    const d = others.find((o) => o.id === id);
    return d ? `${d.title} (${formatDate(d.date)})` : id;
  };
  const set = (i: number, change: Partial<RelationDraft>) => onChange(relations.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const [added, setAdded] = useState(0);
  return (
    <fieldset class="fieldset relations-editor">
      <legend>How it acts on other documents</legend>
      {relations.length === 0 && <p class="hint">None recorded. A revocation, replacement or reinstatement recorded here is what the as-of view follows.</p>}
      <ol class="relation-drafts">
        {relations.map((relation, i) => (
          <li class="relation-draft" key={i} aria-label={`Relation ${i + 1}`}>
            <div class="field-row relation-row">
              <label class="field relation-kind">
                <span class="field-label">It</span>
                <select aria-label="How it acts" value={relation.kind} onChange={(e) => set(i, { kind: (e.target as HTMLSelectElement).value as DocumentRelationKind })} autoFocus={i === relations.length - 1 && added > 0}>
                  {DocumentRelationKind.options.map((kind) => (
                    <option key={kind} value={kind}>
                      {relationVerb[kind]?.toLowerCase() ?? kind}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field relation-date">
                <span class="field-label">Taking effect</span>
                <input value={relation.date} placeholder="its own date" onInput={(e) => set(i, { date: (e.target as HTMLInputElement).value })} />
              </label>
              <button type="button" class="button button-small relation-remove" onClick={() => onChange(relations.filter((_, j) => j !== i))} aria-label={`Remove relation ${i + 1}`}>
                Remove
              </button>
            </div>
            <div class="relation-targets">
              <ul class="target-chips" aria-label="Documents it acts on">
                {relation.targets.map((target) => (
                  <li class="chip target-chip" key={target}>
                    <span>{titleOf(target)}</span>
                    <button type="button" class="chip-remove" aria-label={`No longer acting on ${titleOf(target)}`} onClick={() => set(i, { targets: relation.targets.filter((t) => t !== target) })}>
                      ×
                    </button>
                  </li>
                ))}
              </ul>
              <label class="field">
                <span class="visually-hidden">Add a document it acts on</span>
                <select
                  value=""
                  onChange={(e) => {
                    const id = (e.target as HTMLSelectElement).value;
                    if (id && !relation.targets.includes(id)) set(i, { targets: [...relation.targets, id] });
                  }}
                >
                  <option value="">{relation.targets.length ? 'Add another document…' : 'Choose the document it acts on…'}</option>
                  {others
                    .filter((d) => !relation.targets.includes(d.id))
                    .map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.title} ({formatDate(d.date)})
                      </option>
                    ))}
                </select>
              </label>
            </div>
            <label class="field">
              <span class="field-label">Note</span>
              <input value={relation.note} maxLength={1000} placeholder="What its text says, e.g. “Sec. 10 directs termination of PEP”" onInput={(e) => set(i, { note: (e.target as HTMLInputElement).value })} />
            </label>
          </li>
        ))}
      </ol>
      <button
        type="button"
        class="button button-small"
        onClick={() => {
          onChange([...relations, { kind: 'revokes', targets: [], note: '', date: '' }]);
          setAdded(added + 1);
        }}
      >
        + Add a relation
      </button>
    </fieldset>
  );
}
