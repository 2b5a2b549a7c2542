import { useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { useDialog } from '../components/Dialog.js';
import { useMedia } from '../media.js';
import { nextItem, type Annotation, type DocumentMeta, type Person, type Role } from '../../core/index.js';
import type { Connection } from '../connection.js';
import { api } from '../api.js';
import { refusalOf } from '../refusal.js';
import { newId } from '../annotations/labels.js';
import { describeItem } from './agenda-text.js';
import { discussItem } from './discuss.js';
import { QuestionThread } from './QuestionThread.js';
import { TimerControls } from './Timer.js';
import { PollForm } from './Poll.js';
import { AskAnonymously, QuestionInbox } from './Questions.js';
import { Handover } from './Handover.js';
import type { SeminarState } from './use-seminar.js';
import { formatMonthDay } from '../format.js';

interface Props {
  connection: Connection;
  me: Person;
  role: Role;
  seminar: SeminarState;
  annotations: Annotation[];
  documents: DocumentMeta[];
  onClose: () => void;
  onMessage: (text: string) => void;
  /** The session's tools for this person (hands, timer, poll, questions), drawn above the agenda. */
  children?: ComponentChildren;
}

const today = () => formatMonthDay(new Date());

/**
 * The seminar's agenda beside the texts: facilitators (owners, editors) start and end a session,
 * order the items (drag, or Alt+↑/↓), mark what is under discussion and what was discussed.
 */
export function SeminarPanel({ connection, me, role, seminar, annotations, documents, onClose, onMessage, children }: Props) {
  const moderator = role === 'owner' || role === 'editor';
  const store = connection.workspace.seminar();
  const base = `/api/workspaces/${encodeURIComponent(connection.workspaceId)}`;
  const [title, setTitle] = useState(() => `Seminar, ${today()}`);
  const [question, setQuestion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const session = seminar.active;
  // Beside the texts on a wide screen the agenda leaves the cards reachable; on a phone it covers them, so it traps the focus.
  const panel = useRef<HTMLElement>(null);
  useDialog(panel, { onClose, modal: !useMedia('(width > 1100px)') });

  const attempt = (run: () => void) => setError(refusalOf(run));
  const call = (work: Promise<unknown>, done: string) =>
    work.then(
      () => {
        setError(null);
        onMessage(done);
      },
      (e: Error) => setError(e.message),
    );

  const onAgenda = new Set(seminar.agenda.map((i) => i.annotationId).filter(Boolean));
  const candidates = annotations.filter((a) => !a.deleted && !a.hidden && !onAgenda.has(a.id));
  const discussNow = (itemId: string) => setError(discussItem(connection, me, itemId, annotations));
  const next = nextItem(seminar.agenda, seminar.now?.itemId ?? null);
  const leading = session !== null && session.facilitator.id === me.id;

  return (
    <section ref={panel} class="seminar-panel" role="dialog" aria-labelledby="seminar-panel-title">
      <header class="sheet-head">
        <h2 id="seminar-panel-title">Agenda</h2>
        <button type="button" class="toast-close sheet-close" aria-label="Close the agenda" onClick={onClose}>
          ×
        </button>
      </header>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!session && moderator && (
        <form
          class="seminar-start"
          onSubmit={(e) => {
            e.preventDefault();
            void call(api(`${base}/sessions`, { method: 'POST', body: { title } }), 'Session started. Participants can follow you.');
          }}
        >
          <label>
            <span>Session title</span>
            <input value={title} maxLength={200} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="button button-primary">
            Start a session
          </button>
          <p class="field-hint">You facilitate: those who follow you see your document, where you scroll and the passage you spotlight.</p>
        </form>
      )}
      {!session && !moderator && <p class="empty-annotations">No session is running. The agenda is prepared by owners and editors.</p>}
      {children}
      {session && leading && seminar.now && (
        <TimerControls connection={connection} item={seminar.agenda.find((i) => i.id === seminar.now!.itemId)!} onError={setError} />
      )}
      {session && leading && <PollForm connection={connection} session={session} me={me} itemId={seminar.now?.itemId ?? null} onError={setError} />}
      {session && leading && <QuestionInbox connection={connection} session={session} seminar={seminar} />}
      {session && !leading && <AskAnonymously connection={connection} session={session} onMessage={onMessage} />}
      {session && moderator && next && (
        <p class="agenda-next">
          <button type="button" class="button button-small button-primary" onClick={() => discussNow(next.id)}>
            {leading ? 'Next item' : 'Put the next item under discussion'}
          </button>
          <span class="field-hint">{describeItem(next, annotations, documents).title}</span>
        </p>
      )}

      <ol class="agenda" aria-label="Items to discuss">
        {seminar.agenda.map((item, index) => {
          const { title: heading, detail } = describeItem(item, annotations, documents);
          const current = seminar.now?.itemId === item.id;
          return (
            <li
              key={item.id}
              class={`agenda-item${current ? ' agenda-now' : ''}${item.discussed ? ' agenda-discussed' : ''}`}
              data-item-id={item.id}
              aria-current={current ? 'step' : undefined}
              draggable={moderator}
              tabIndex={moderator ? 0 : undefined}
              onDragStart={() => setDragged(item.id)}
              onDragOver={(e) => moderator && dragged && e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                if (dragged && dragged !== item.id) attempt(() => store.moveItem(dragged, index, 'local'));
                setDragged(null);
              }}
              onKeyDown={(e) => {
                if (!moderator || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                e.preventDefault();
                const to = e.key === 'ArrowUp' ? index - 1 : index + 1;
                if (to >= 0 && to < seminar.agenda.length) attempt(() => store.moveItem(item.id, to, 'local'));
              }}
            >
              {current && <span class="agenda-now-label">Now discussing</span>}
              <span class="agenda-heading">{heading}</span>
              <span class="agenda-detail">{detail}</span>
              {item.question !== undefined && <QuestionThread connection={connection} itemId={item.id} me={me} canAnswer={role !== 'viewer'} />}
              {moderator ? (
                <span class="agenda-controls">
                  <label class="agenda-check">
                    <input type="checkbox" checked={item.discussed} onChange={(e) => attempt(() => store.setDiscussed(item.id, (e.target as HTMLInputElement).checked, 'local'))} />
                    Discussed
                  </label>
                  {session && !current && (
                    <button type="button" class="button button-small button-primary" onClick={() => discussNow(item.id)}>
                      Discuss now
                    </button>
                  )}
                  <button type="button" class="button button-small" aria-label={`Move up: ${heading}`} disabled={index === 0} onClick={() => attempt(() => store.moveItem(item.id, index - 1, 'local'))}>
                    ↑
                  </button>
                  <button type="button" class="button button-small" aria-label={`Move down: ${heading}`} disabled={index === seminar.agenda.length - 1} onClick={() => attempt(() => store.moveItem(item.id, index + 1, 'local'))}>
                    ↓
                  </button>
                  <button type="button" class="button button-small" aria-label={`Remove: ${heading}`} onClick={() => attempt(() => store.removeItem(item.id, 'local'))}>
                    Remove
                  </button>
                </span>
              ) : (
                item.discussed && <span class="chip chip-ok">Discussed</span>
              )}
            </li>
          );
        })}
      </ol>
      {seminar.agenda.length === 0 && <p class="empty-annotations">Nothing on the agenda yet.{moderator ? ' Add annotations or questions below.' : ''}</p>}

      {moderator && (
        <div class="agenda-add">
          <label>
            <span>Add an annotation</span>
            <select
              value=""
              onChange={(e) => {
                const id = (e.target as HTMLSelectElement).value;
                if (id) attempt(() => store.addItem({ id: newId('item'), annotationId: id, addedBy: me }, 'local'));
              }}
            >
              <option value="">— choose one —</option>
              {candidates.map((a) => (
                <option value={a.id} key={a.id}>
                  {describeItem({ id: 'x', annotationId: a.id, addedBy: me, addedAt: a.created, discussed: false }, annotations, documents).title}: {(a.body || a.passage.quote.exact).slice(0, 60)}
                </option>
              ))}
            </select>
          </label>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!question.trim()) return;
              attempt(() => store.addItem({ id: newId('item'), question: question.trim(), addedBy: me }, 'local'));
              setQuestion('');
            }}
          >
            <label>
              <span>Or a question of its own</span>
              <input value={question} maxLength={2000} placeholder="What did the 2017 order keep?" onInput={(e) => setQuestion((e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="button button-small">
              Add the question
            </button>
          </form>
          {moderator && <p class="field-hint">Drag items to reorder them, or focus one and press Alt+↑ / Alt+↓.</p>}
        </div>
      )}

      <p class="agenda-handout">
        <a class="button button-small" href={`${base}/agenda/handout`} target="_blank" rel="noopener">
          Printable agenda
        </a>
        <span class="field-hint">The agenda with its passages, to print or hand out before the session.</span>
      </p>
      {session && (leading || role === 'owner') && <Handover connection={connection} session={session} me={me} onMessage={onMessage} />}
      {session && moderator && (
        <div class="seminar-end">
          <button
            type="button"
            class="button"
            onClick={() => void call(api(`${base}/sessions/${encodeURIComponent(session.id)}/end`, { method: 'POST', body: {} }), `“${session.title}” ended and was saved as a version.`)}
          >
            End the session and save a version
          </button>
        </div>
      )}
    </section>
  );
}
