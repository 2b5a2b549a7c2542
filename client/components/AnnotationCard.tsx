import { useContext, useState } from 'preact/hooks';
import { Reaction, type Annotation, type AnchorHealth, type DocumentMeta, type Person } from '../../core/index.js';
import { formatInText, formatReference } from '../../core/citations/index.js';
import { CATEGORY_LABEL, KIND_LABEL, REACTION_LABEL } from '../annotations/labels.js';
import { readComparison, type ComparisonEnd } from '../annotations/comparison-reading.js';
import { neverPlaced } from '../annotations/anchored.js';
import { formatDateTime, formatWhen } from '../format.js';
import { ModerationContext } from '../annotations/moderation.js';
import { useHiddenWords, type KeptOf } from '../annotations/hidden-words.js';
import { Markdown } from './Markdown.js';
import { useDraft } from '../seminar/drafts.js';
import './versions.css';
import { truncate } from './Composer.js';
import { CitationStyleContext } from '../citation-style.js';
import { ReplyForm } from './ReplyForm.js';

export interface CardActions {
  focus: (id: string) => void;
  edit: (annotation: Annotation) => void;
  remove: (annotation: Annotation) => void;
  setStatus: (annotation: Annotation, status: 'open' | 'resolved') => void;
  react: (annotation: Annotation, reaction: Reaction) => void;
  reply: (annotation: Annotation, body: string) => string | null;
  editReply: (annotation: Annotation, replyId: string, body: string) => string | null;
  deleteReply: (annotation: Annotation, replyId: string) => void;
  reattach: (annotation: Annotation) => void;
  openBeside: (documentId: string) => void;
}

interface Props {
  annotation: Annotation;
  health: AnchorHealth;
  me: Person;
  focused: boolean;
  documents: DocumentMeta[];
  actions: CardActions;
  /** A selection exists that an orphan could be re-attached to. */
  canReattach: boolean;
  /** Reply, react, resolve: everyone but viewers. */
  canDiscuss: boolean;
  style?: Record<string, string>;
}

const HEALTH_TEXT: Record<AnchorHealth, string> = {
  attached: 'Attached',
  drifted: 'Drifted: the text under it changed',
  orphan: 'Detached: its text was deleted',
};
const UNPLACED_TEXT = 'Not placed: it was imported, and its quote was not found in this text';

/** One annotation: its passage, what was written, its discussion. */
export function AnnotationCard({ annotation: a, health, me, focused, documents, actions, canReattach, canDiscuss, style }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const moderation = useContext(ModerationContext).actions;
  const { kept, error: keptError } = useHiddenWords(a);
  // While hidden, the words are the server's to keep: what the moderator reads is the kept record.
  const shown = a.withheld && kept?.record ? ({ ...a, ...kept.record, withheld: true } as Annotation) : a;
  const mine = a.author.id === me.id;
  // Viewers (a saved version is read as one) change nothing, not even what they once wrote; nobody
  // changes what a moderator hid (the server refuses it).
  const canChange = mine && canDiscuss && !a.hidden;
  const titleOf = (id: string) => documents.find((d) => d.id === id)?.title ?? id;
  const unplaced = health === 'orphan' && neverPlaced(a.passage);

  return (
    <article
      class={`card card-${a.kind}${focused ? ' card-focused' : ''}${a.status === 'resolved' ? ' card-resolved' : ''}${a.hidden ? ' card-hidden' : ''}`}
      data-annotation-id={a.id}
      data-kind={a.kind}
      style={style}
      aria-label={`${KIND_LABEL[a.kind]} by ${a.author.name}`}
      // Focusable from code only: the saved card takes the focus when its form closes.
      tabIndex={-1}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('button, a, input, textarea, select, form')) return;
        actions.focus(a.id);
      }}
    >
      <header class="card-head">
        <span class={`kind-badge kind-${a.kind}`}>{KIND_LABEL[a.kind]}</span>
        {a.kind === 'critique' && a.category && <span class="chip">{CATEGORY_LABEL[a.category]}</span>}
        {health !== 'attached' && (
          <span class={`health health-${health}`} title={unplaced ? UNPLACED_TEXT : HEALTH_TEXT[health]}>
            {health === 'drifted' ? 'Drifted' : unplaced ? 'Not placed' : 'Detached'}
          </span>
        )}
        {a.status === 'resolved' && <span class="chip chip-ok">Resolved</span>}
        {a.hidden && (
          <span class="chip chip-hidden" title={`Only owners and editors see it: hidden ${formatWhen(a.hidden.at)}`}>
            Hidden by {a.hidden.by.name}
          </span>
        )}
      </header>
      {health === 'orphan' && (
        <p class="health-note">{unplaced ? 'Could not be placed in this text. The quote it was imported with:' : 'Its text was deleted. The quote it had:'}</p>
      )}
      <button type="button" class="card-quote" onClick={() => actions.focus(a.id)} title={health === 'orphan' ? 'Not in the text' : 'Show in the text'}>
        {a.passage.pinpoint && <span class="pinpoint">{a.passage.pinpoint}</span>} {truncate(a.passage.quote.exact, 220)}
      </button>

      {a.withheld && !kept?.record && (
        <p class="kept-note" role={keptError ? 'alert' : undefined}>
          {keptError ?? 'Fetching what was written: the server keeps it out of the shared workspace while it is hidden…'}
        </p>
      )}
      {shown.kind === 'citation' && (!a.withheld || kept?.record) && <CitationView annotation={shown} titleOf={titleOf} openBeside={actions.openBeside} />}
      {shown.kind === 'comparison' && <ComparisonView annotation={shown} documents={documents} openBeside={actions.openBeside} />}
      {/* Kept words are shown as plain text: what a moderator hid is read, never rendered. */}
      {shown.body && (a.withheld ? <p class="card-body card-kept-body">{shown.body}</p> : <Markdown source={shown.body} class="card-body" />)}
      {shown.tags.length > 0 && (
        <ul class="tags" aria-label="Tags">
          {shown.tags.map((t) => (
            <li key={t} class="tag">
              #{t}
            </li>
          ))}
        </ul>
      )}
      {health === 'orphan' && canChange && (
        <button type="button" class="button button-small" disabled={!canReattach} onClick={() => actions.reattach(a)} title={canReattach ? '' : 'Select new text in the document first'}>
          {unplaced ? 'Attach to the selected text' : 'Re-attach to the selected text'}
        </button>
      )}
      {a.history.length > 0 && (
        <details class="history">
          <summary>Earlier passages ({a.history.length})</summary>
          <ul>
            {a.history.map((h, i) => (
              <li key={i}>
                “{truncate(h.passage.quote.exact, 120)}” <span class="muted">until {formatWhen(h.replacedAt)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}

      <footer class="card-foot">
        <span class="byline">
          {a.author.name} ·{' '}
          <time dateTime={a.created} title={formatDateTime(a.created)}>
            {formatWhen(a.created)}
          </time>
          {a.updated !== a.created && <span class="muted"> · edited</span>}
        </span>
        <div class="reactions" role="group" aria-label="Reactions">
          {Reaction.options.map((r) => {
            const people = a.reactions.filter((x) => x.reaction === r);
            const pressed = people.some((x) => x.by.id === me.id);
            return (
              <button
                type="button"
                key={r}
                class="reaction"
                data-reaction={r}
                aria-pressed={pressed}
                disabled={!canDiscuss}
                title={people.length ? `${REACTION_LABEL[r].text}: ${people.map((p) => p.by.name).join(', ')}` : REACTION_LABEL[r].text}
                onClick={() => actions.react(a, r)}
              >
                <span aria-hidden="true">{REACTION_LABEL[r].symbol}</span>
                <span class="visually-hidden">{REACTION_LABEL[r].text}</span>
                {people.length > 0 && <span class="count">{people.length}</span>}
              </button>
            );
          })}
        </div>
        <div class="card-actions">
          {canDiscuss && (
            <button type="button" class="link-button" onClick={() => actions.setStatus(a, a.status === 'open' ? 'resolved' : 'open')}>
              {a.status === 'open' ? 'Resolve' : 'Reopen'}
            </button>
          )}
          {moderation && !mine && (
            <button type="button" class="link-button" onClick={() => setRefusal(a.hidden ? moderation.unhide(a) : moderation.hide(a))}>
              {a.hidden ? 'Show again' : 'Hide'}
            </button>
          )}
          {canChange && !confirming && (
            <>
              <button type="button" class="link-button" onClick={() => actions.edit(a)}>
                Edit
              </button>
              <button type="button" class="link-button danger" onClick={() => setConfirming(true)}>
                Delete
              </button>
            </>
          )}
        </div>
        {confirming && (
          <div class="confirm" role="alertdialog" aria-label="Confirm deletion">
            <span>Delete this {KIND_LABEL[a.kind].toLowerCase()}?</span>
            <button type="button" class="button button-small button-danger" onClick={() => actions.remove(a)}>
              Delete
            </button>
            <button type="button" class="button button-small" autoFocus onClick={() => setConfirming(false)}>
              Keep
            </button>
          </div>
        )}
        {refusal && (
          <p class="form-error" role="alert">
            {refusal}
          </p>
        )}
      </footer>
      <Thread annotation={a} me={me} actions={actions} canReply={canDiscuss} kept={kept} />
    </article>
  );
}

/**
 * Which document does what to which, as the crosswalk reads the record: "Executive Order 14159
 * Sec. 3(a) reinstates this passage" on the notice's card, "This passage reinstates Secure
 * Communities ¶ 3" on the order's, whichever side it was written from.
 */
function ComparisonView({ annotation, documents, openBeside }: { annotation: Extract<Annotation, { kind: 'comparison' }>; documents: DocumentMeta[]; openBeside: (id: string) => void }) {
  const reading = readComparison(annotation.passage, annotation.comparison, documents);
  const other = reading.own === 'actor' ? reading.acted : reading.actor;
  const named = (end: ComparisonEnd) => (
    <>
      <strong title={end.title}>{end.name}</strong>
      {end.passage.pinpoint && ` ${end.passage.pinpoint}`}
    </>
  );
  return (
    <div class="comparison">
      <p class="relation">
        {reading.own === 'actor' ? (
          <>
            This passage {reading.verb} {named(other)}:
          </>
        ) : (
          <>
            {named(other)} {reading.verb} this passage:
          </>
        )}
      </p>
      <button type="button" class="card-quote card-quote-target" onClick={() => openBeside(other.passage.documentId)} title="Open beside">
        {other.passage.pinpoint && <span class="pinpoint">{other.passage.pinpoint}</span>} {truncate(other.passage.quote.exact, 220)}
      </button>
    </div>
  );
}

function CitationView({ annotation, titleOf, openBeside }: { annotation: Extract<Annotation, { kind: 'citation' }>; titleOf: (id: string) => string; openBeside: (id: string) => void }) {
  const citationStyle = useContext(CitationStyleContext);
  let reference = annotation.citation.source.title;
  let inText = '';
  try {
    reference = formatReference(annotation.citation.source, citationStyle);
    inText = formatInText(annotation.citation, citationStyle);
  } catch {
    // A source citation-js cannot format still shows its title.
  }
  const sourcePassage = annotation.citation.sourcePassage;
  return (
    <div class="citation">
      <p class="reference">{reference}</p>
      {inText && <p class="in-text">{inText}</p>}
      {sourcePassage && (
        <button type="button" class="card-quote card-quote-target" onClick={() => openBeside(sourcePassage.documentId)} title="Open beside">
          {titleOf(sourcePassage.documentId)}
          {sourcePassage.pinpoint ? `, ${sourcePassage.pinpoint}` : ''}: “{truncate(sourcePassage.quote.exact, 160)}”
        </button>
      )}
    </div>
  );
}

function Thread({ annotation: a, me, actions, canReply, kept }: { annotation: Annotation; me: Person; actions: CardActions; canReply: boolean; kept: KeptOf | null }) {
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const moderation = useContext(ModerationContext).actions;
  // Typing a reply is unsaved writing: following the facilitator offers moves instead of applying them.
  useDraft(`reply-edit:${a.id}`, editing !== null);
  return (
    <section class="thread" aria-label="Replies">
      {a.replies.length > 0 && (
        <ol class="replies">
          {a.replies.map((reply) =>
            reply.deleted ? (
              <li key={reply.id} class="reply reply-deleted">
                Reply deleted.
                {reply.author.id === me.id && canReply && (
                  <button type="button" class="link-button" onClick={() => actions.deleteReply(a, reply.id)}>
                    Undo
                  </button>
                )}
              </li>
            ) : (
              <li key={reply.id} class={`reply${reply.hidden ? ' reply-hidden' : ''}`} data-reply-id={reply.id}>
                <span class="byline">
                  <strong>{reply.author.name}</strong> ·{' '}
                  <time dateTime={reply.created} title={formatDateTime(reply.created)}>
                    {formatWhen(reply.created)}
                  </time>
                  {reply.updated !== reply.created && <span class="muted"> · edited</span>}
                  {reply.hidden && <span class="chip chip-hidden">Hidden by {reply.hidden.by.name}</span>}
                </span>
                {editing?.id === reply.id ? (
                  <form
                    class="reply-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const failure = actions.editReply(a, reply.id, editing.body);
                      if (failure) setError(failure);
                      else setEditing(null);
                    }}
                  >
                    <textarea rows={2} value={editing.body} aria-label="Edit reply" onInput={(e) => setEditing({ id: reply.id, body: (e.target as HTMLTextAreaElement).value })} />
                    <button type="submit" class="button button-small">
                      Save
                    </button>
                    <button type="button" class="button button-small" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </form>
                ) : reply.withheld ? (
                  <p class="reply-body reply-kept-body">{kept?.replies.get(reply.id)?.body ?? 'Fetching what was written…'}</p>
                ) : (
                  <Markdown source={reply.body} class="reply-body" />
                )}
                {moderation && reply.author.id !== me.id && (
                  <span class="reply-actions">
                    <button type="button" class="link-button" onClick={() => setError(reply.hidden ? moderation.unhideReply(a, reply.id) : moderation.hideReply(a, reply.id))}>
                      {reply.hidden ? 'Show again' : 'Hide'}
                    </button>
                  </span>
                )}
                {reply.author.id === me.id && canReply && editing?.id !== reply.id && !reply.hidden && !a.hidden && (
                  <span class="reply-actions">
                    <button type="button" class="link-button" onClick={() => setEditing({ id: reply.id, body: reply.body })}>
                      Edit
                    </button>
                    <button type="button" class="link-button danger" onClick={() => actions.deleteReply(a, reply.id)}>
                      Delete
                    </button>
                  </span>
                )}
              </li>
            ),
          )}
        </ol>
      )}
      {canReply && <ReplyForm id={`reply-${a.id}`} draftKey={`reply:${a.id}`} label="Reply" placeholder="Reply…" submit="Reply" onSend={(body) => actions.reply(a, body)} onError={setError} />}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
