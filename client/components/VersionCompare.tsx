import { useContext, useEffect, useState } from 'preact/hooks';
import { personNow, type Annotation, type DocumentMeta } from '../../core/index.js';
import { PeopleContext } from '../people.js';
import type { AnnotationDifference, ReplyDifference, WorkspaceComparison } from '../../core/versions/compare.js';
import { api } from '../api.js';
import { KIND_LABEL, RELATION_LABEL } from '../annotations/labels.js';
import { ANNOTATION_CHANGE_LABEL, FIELD_LABEL, REPLY_CHANGE_LABEL, groupChanges } from '../version-changes.js';
import { versionsUrl, type VersionSummary } from '../versions.js';
import { truncate } from './Composer.js';
import './versions.css';
import { formatDateTime } from '../format.js';

/** A side of a comparison: a version's id, or the live workspace. */
export type VersionRef = string | 'live';

interface Props {
  workspaceId: string;
  versions: VersionSummary[];
  from: VersionRef;
  to: VersionRef;
  documents: DocumentMeta[];
  /** Annotations at hand (live or of a version), to say which annotation a reply belongs to. */
  annotations: Annotation[];
}

/** Two states of the workspace picked, and what happened to annotations and replies between them. */
export function VersionCompare({ workspaceId, versions, from: initialFrom, to: initialTo, documents, annotations }: Props) {
  const [from, setFrom] = useState<VersionRef>(initialFrom);
  const [to, setTo] = useState<VersionRef>(initialTo);
  // The live workspace moves on while the sheet is open: asking again shows what came since.
  const [asked, setAsked] = useState(0);
  // Each answer keeps the pair it was asked for, so that a render after the pickers change never shows the old pair's.
  const [answer, setAnswer] = useState<{ pair: string; comparison: WorkspaceComparison } | null>(null);
  const pair = `${from}>${to}#${asked}`;
  const result = from !== to && answer?.pair === pair ? answer.comparison : null;
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    if (from === to) return;
    let current = true;
    api<WorkspaceComparison>(`${versionsUrl(workspaceId)}/compare?${new URLSearchParams({ from, to })}`).then(
      (comparison) => current && setAnswer({ pair: `${from}>${to}#${asked}`, comparison }),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [workspaceId, from, to, asked]);

  const nameOf = (ref: VersionRef) => (ref === 'live' ? 'the live workspace' : `“${versions.find((v) => v.id === ref)?.name ?? ref}”`);
  const picker = (label: string, value: VersionRef, onChange: (ref: VersionRef) => void) => (
    <label class="field">
      <span class="field-label">{label}</span>
      <select value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        <option value="live">The live workspace</option>
        {versions.map((v) => (
          <option value={v.id} key={v.id}>
            {v.name} ({formatDateTime(v.createdAt)})
          </option>
        ))}
      </select>
    </label>
  );
  const groups = result && groupChanges(result);
  const titleOf = (id: string) => documents.find((d) => d.id === id)?.title ?? id;
  const annotationOf = (id: string) => result?.annotations.find((a) => a.annotationId === id) ?? annotations.find((a) => a.id === id);

  return (
    <section class="version-compare" aria-label="Compare versions">
      <div class="field-row">
        {picker('From', from, setFrom)}
        {picker('To', to, setTo)}
      </div>
      {(from === 'live' || to === 'live') && from !== to && (
        <button type="button" class="button button-small" onClick={() => setAsked((n) => n + 1)}>
          Compare again with the live workspace as it is now
        </button>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {from === to && <p class="hint">Pick two different states to compare.</p>}
      {from !== to && !result && !error && (
        <p class="progress" role="progressbar" aria-label="Comparing">
          Comparing…
        </p>
      )}
      {groups && groups.annotations.length === 0 && groups.replies.length === 0 && (
        <p class="compare-empty" role="status">
          Nothing changed between {nameOf(from)} and {nameOf(to)}: no annotation or reply was added, edited, resolved, reopened, deleted or hidden.
        </p>
      )}
      {groups?.annotations.map((group) => (
        <section class="change-group" key={group.change} data-change={group.change}>
          <h3 class="panel-title">
            {ANNOTATION_CHANGE_LABEL[group.change]} · {group.items.length}
          </h3>
          <ul class="change-list">
            {group.items.map((item) => (
              <AnnotationChange key={item.annotationId} item={item} showFields={group.change === 'changed'} documentTitle={titleOf(item.documentId)} />
            ))}
          </ul>
        </section>
      ))}
      {groups?.replies.map((group) => (
        <section class="change-group" key={`reply-${group.change}`} data-change={`reply-${group.change}`}>
          <h3 class="panel-title">
            {REPLY_CHANGE_LABEL[group.change]} · {group.items.length}
          </h3>
          <ul class="change-list">
            {group.items.map((item) => (
              <ReplyChange key={item.replyId} item={item} on={annotationOf(item.annotationId)} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function AnnotationChange({ item, showFields, documentTitle }: { item: AnnotationDifference; showFields: boolean; documentTitle: string }) {
  const { before, after } = item;
  const people = useContext(PeopleContext);
  return (
    <li class={`change card-${item.kind}`} data-annotation-id={item.annotationId}>
      <p class="change-head">
        <span class={`kind-badge kind-${item.kind}`}>{KIND_LABEL[item.kind]}</span> by <strong>{personNow(item.author, people).name}</strong>
        <span class="muted"> · {documentTitle}</span>
      </p>
      <p class="change-quote">
        {item.pinpoint && <span class="pinpoint">{item.pinpoint}</span>} “{truncate(item.quote, 200)}”
      </p>
      {showFields && (
        <div class="change-fields">
          <p>
            Changed: <strong>{item.fields.map((f) => FIELD_LABEL[f]).join(', ')}</strong>
          </p>
          {item.fields.includes('body') && before && after && <BeforeAfter before={before.body} after={after.body} />}
          {item.fields.includes('relation') && before?.relation && after?.relation && <BeforeAfter before={RELATION_LABEL[before.relation]} after={RELATION_LABEL[after.relation]} />}
          {item.fields.includes('tags') && before && after && <BeforeAfter before={before.tags.map((t) => `#${t}`).join(' ')} after={after.tags.map((t) => `#${t}`).join(' ')} />}
        </div>
      )}
      {!showFields && (after ?? before)?.body && <p class="change-body">{truncate((after ?? before)!.body, 240)}</p>}
    </li>
  );
}

function ReplyChange({ item, on }: { item: ReplyDifference; on: AnnotationDifference | Annotation | undefined }) {
  const kind = on?.kind;
  const quote = on && ('quote' in on ? on.quote : on.passage.quote.exact);
  const pinpoint = on && ('quote' in on ? on.pinpoint : on.passage.pinpoint);
  const people = useContext(PeopleContext);
  return (
    <li class={`change${kind ? ` card-${kind}` : ''}`} data-reply-id={item.replyId}>
      <p class="change-head">
        Reply by <strong>{personNow(item.author, people).name}</strong>
        {on && (
          <span class="muted">
            {' '}
            on a {KIND_LABEL[on.kind].toLowerCase()} by {personNow(on.author, people).name}
          </span>
        )}
      </p>
      {quote && (
        <p class="change-quote">
          {pinpoint && <span class="pinpoint">{pinpoint}</span>} “{truncate(quote, 160)}”
        </p>
      )}
      {item.changes.includes('changed') && item.before !== undefined && item.after !== undefined ? (
        <BeforeAfter before={item.before} after={item.after} />
      ) : (
        <p class="change-body">{truncate(item.after ?? item.before ?? '', 240)}</p>
      )}
    </li>
  );
}

function BeforeAfter({ before, after }: { before: string; after: string }) {
  return (
    <dl class="before-after">
      <dt>Before</dt>
      <dd>{truncate(before, 240) || <span class="muted">(none)</span>}</dd>
      <dt>After</dt>
      <dd>{truncate(after, 240) || <span class="muted">(none)</span>}</dd>
    </dl>
  );
}
