import type { DocumentMeta } from '../../core/index.js';
import type { DocumentAsOf } from '../../core/crosswalk/index.js';
import { asOfPath, matrixPath, onLinkClick } from '../router.js';
import { formatDate } from '../format.js';
import { standingText } from './crosswalk-names.js';
import './crosswalk.css';

interface Props {
  workspaceId: string;
  /** "YYYY-MM-DD", or '' for none. */
  value: string;
  onChange: (value: string) => void;
}

/** The timeline's "As of" day: marks each entry, and leads to the full as-of page and the crosswalk table. */
export function AsOfControl({ workspaceId, value, onChange }: Props) {
  return (
    <div class="as-of-control">
      <label class="as-of-picker">
        <span>As of</span>
        <input type="date" value={value} onInput={(e) => onChange((e.target as HTMLInputElement).value)} />
      </label>
      {value && (
        <button type="button" class="button button-small" onClick={() => onChange('')}>
          Clear
        </button>
      )}
      <div class="as-of-links">
        {value && (
          <a href={asOfPath(workspaceId, value)} onClick={onLinkClick}>
            Everything as of {formatDate(value)} →
          </a>
        )}
        <a href={matrixPath(workspaceId)} onClick={onLinkClick}>
          Crosswalk table →
        </a>
      </div>
    </div>
  );
}

/** A timeline entry's standing on the chosen day: in force, ended by what, or not yet issued. */
export function StandingMark({ entry, names }: { entry: DocumentAsOf; names: Map<string, DocumentMeta> }) {
  const { label, detail } = standingText(entry, names);
  return (
    <span class="standing-mark" data-state={entry.standing.state} title={detail ?? undefined}>
      {label}
    </span>
  );
}
