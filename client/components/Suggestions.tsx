import { useState } from 'preact/hooks';
import { ComparisonRelation, RELATION_LABEL, type DocumentMeta } from '../../core/index.js';
import { wordDiff, type DiffPart } from '../../core/alignment/index.js';
import type { KeyedSuggestion, SuggestionState } from '../annotations/use-suggestions.js';
import type { ComparisonActor } from '../annotations/comparison-reading.js';

interface Props {
  source: DocumentMeta;
  target: DocumentMeta;
  suggestions: SuggestionState;
  /** The suggestion both readers show, if any. */
  currentKey: string | null;
  canDecide: boolean;
  /** Which passage of an accepted pair the relation is said of, as the crosswalk will read it. */
  actor: ComparisonActor;
  onShow: (s: KeyedSuggestion) => void;
  onAccept: (s: KeyedSuggestion, relation: ComparisonRelation) => string | null;
  onDismiss: (s: KeyedSuggestion) => void;
  onRestore: (key: string) => void;
}

/**
 * Likely counterparts of passages of the open document in the one beside it, ranked by the
 * alignment engine, each with its word-level differences. Accepting one makes it a comparison.
 */
export function Suggestions({ source, target, suggestions, currentKey, canDecide, actor, onShow, onAccept, onDismiss, onRestore }: Props) {
  const { groups, compared, dismissed } = suggestions;
  const item = { currentKey, canDecide, actor, onShow, onAccept, onDismiss };
  return (
    <section class="suggestions" aria-label="Alignment suggestions">
      <p class="suggestions-intro">
        Passages of <strong>{source.title}</strong> and their likely counterparts in <strong>{target.title}</strong>, by shared wording.
        {canDecide ? ' Accept one to record it as a comparison, or dismiss it for everyone.' : ''}
      </p>
      {groups.length === 0 && <p class="empty-annotations">No open suggestions: every likely pair is linked or dismissed.</p>}
      <ol class="suggestion-list">
        {groups.map((group) => (
          <SuggestionGroup key={group[0]!.source.key.split('.')[0]} group={group} {...item} />
        ))}
      </ol>
      {compared.length > 0 && (
        <details class="suggestions-compared">
          <summary>Passages already compared ({compared.length}): other candidates</summary>
          <ol class="suggestion-list">
            {compared.map((group) => (
              <SuggestionGroup key={group[0]!.source.key.split('.')[0]} group={group} {...item} />
            ))}
          </ol>
        </details>
      )}
      {dismissed.length > 0 && (
        <details class="suggestions-dismissed">
          <summary>Dismissed ({dismissed.length})</summary>
          <ul>
            {dismissed.map(({ suggestion: s, dismissal }) => (
              <li key={s.key}>
                {s.source.pinpoint ?? 'Passage'} → {s.target.pinpoint ?? 'passage'}, dismissed by {dismissal.by.name}{' '}
                {canDecide && (
                  <button type="button" class="button button-small" onClick={() => onRestore(s.key)}>
                    Restore
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function SuggestionGroup({ group, currentKey, ...rest }: Omit<ItemProps, 'suggestion' | 'current'> & { group: KeyedSuggestion[]; currentKey: string | null }) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? group : group.slice(0, 1);
  return (
    <li class="suggestion-group">
      {shown.map((s) => (
        <SuggestionItem key={s.key} suggestion={s} current={s.key === currentKey} {...rest} />
      ))}
      {group.length > 1 && (
        <button type="button" class="suggestion-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Fewer candidates' : `${group.length - 1} more ${group.length === 2 ? 'candidate' : 'candidates'} for ${group[0]!.source.pinpoint ?? 'this passage'}`}
        </button>
      )}
    </li>
  );
}

interface ItemProps {
  suggestion: KeyedSuggestion;
  current: boolean;
  canDecide: boolean;
  actor: ComparisonActor;
  onShow: (s: KeyedSuggestion) => void;
  onAccept: (s: KeyedSuggestion, relation: ComparisonRelation) => string | null;
  onDismiss: (s: KeyedSuggestion) => void;
}

function SuggestionItem({ suggestion: s, current, canDecide, actor, onShow, onAccept, onDismiss }: ItemProps) {
  const diff = wordDiff(s.source.text, s.target.text);
  const [relation, setRelation] = useState<ComparisonRelation>(() => guessRelation(diff));
  const [error, setError] = useState<string | null>(null);
  const percent = Math.round(s.score * 100);
  return (
    <div class="suggestion" data-suggestion-key={s.key} aria-current={current}>
      <div class="suggestion-head">
        <button type="button" class="linklike" onClick={() => onShow(s)} title="Show both passages">
          {s.source.pinpoint ?? 'Passage'} → {s.target.pinpoint ?? 'passage'}
        </button>
        {s.rank > 1 && <span>alternative {s.rank}</span>}
        <span class="suggestion-score" title="Similarity of wording, relative to the best pair of these two documents">
          <meter min={0} max={1} value={s.score} aria-label={`Similarity ${percent}%`} />
          {percent}% match
        </span>
      </div>
      <div class="suggestion-diff">
        <p>
          <span class="suggestion-side">Here</span>
          {diff.map((part, i) => (part.op === 'equal' ? <span key={i}>{part.text}</span> : part.op === 'delete' ? <del key={i}>{part.text}</del> : null))}
        </p>
        <p>
          <span class="suggestion-side">Beside</span>
          {diff.map((part, i) => (part.op === 'equal' ? <span key={i}>{part.text}</span> : part.op === 'insert' ? <ins key={i}>{part.text}</ins> : null))}
        </p>
      </div>
      {canDecide && (
        <div class="suggestion-actions">
          <label>
            <span class="suggestion-relation-label">{actor === 'target' ? 'The passage beside' : 'This passage'}</span>
            <select value={relation} onChange={(e) => setRelation((e.target as HTMLSelectElement).value as ComparisonRelation)}>
              {ComparisonRelation.options.map((r) => (
                <option value={r} key={r}>
                  {actor === 'target' ? `${RELATION_LABEL[r]} this` : `${RELATION_LABEL[r]} the passage beside`}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="button button-small button-primary" onClick={() => setError(onAccept(s, relation))}>
            Accept
          </button>
          <button type="button" class="button button-small" onClick={() => onDismiss(s)}>
            Dismiss
          </button>
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

// A first guess the reader confirms or changes: near-identical wording is most often kept.
function guessRelation(diff: DiffPart[]): ComparisonRelation {
  const words = (op: DiffPart['op']) => diff.filter((p) => p.op === op).reduce((n, p) => n + (p.text.match(/\w+/g)?.length ?? 0), 0);
  const same = words('equal');
  const changed = Math.max(words('insert'), words('delete'));
  return same >= 3 * changed ? 'retains' : 'related';
}
