import type * as Y from 'yjs';
import type { Annotation, Person } from '../annotation.js';
import type { AgendaReply } from '../agenda-thread.js';
import { NO_PEOPLE, personNow, withCurrentNames, type People } from '../people.js';
import { SeminarError, type AgendaItem, type SeminarSession } from '../seminar.js';
import { Workspace } from '../workspace.js';
import { STYLE, bylineText, escapeHtml, markdown, noteBody } from './html.js';
import { comparisonSentence, otherSide, readComparison } from './comparison.js';
import { CATEGORY_NAME, KIND_NAME } from './labels.js';
import { momentHtml } from './moment.js';
import type { ExportFile } from './index.js';

export interface SessionSummaryOptions {
  /** Moderators may ask for hidden annotations and replies; everyone else gets them left out. */
  includeHidden?: boolean;
  /** Members' names as they are now: the summary names people so, not as they were called when they wrote. */
  people?: People;
  /** The reader's time zone (IANA name) for the times written; UTC when left out. */
  timeZone?: string;
}

const SUMMARY_STYLE = `${STYLE}
.agenda{list-style:none;padding:0;margin:0}
.where{font:13px system-ui,sans-serif;color:var(--soft);margin:0 0 6px}
.question-item{border-left-color:#0f766e}`;

/**
 * A self-contained HTML record of a seminar session: the agenda items discussed in it, in agenda
 * order, each annotation with its passage, body, reactions and thread. Everything a person wrote
 * is escaped text or limited Markdown rendered without HTML, as in the HTML export.
 */
export function exportSessionSummary(ydoc: Y.Doc, workspaceId: string, sessionId: string, options: SessionSummaryOptions = {}): ExportFile {
  const workspace = new Workspace(ydoc);
  const seminar = workspace.seminar();
  const session = seminar.session(sessionId);
  if (!session) throw new SeminarError(`no session "${sessionId}"`);
  const annotations = workspace.annotations();
  const people = options.people ?? NO_PEOPLE;
  const zone = options.timeZone ?? 'UTC';
  const threads = workspace.agendaThreads();
  const visible = (a: Annotation | undefined): a is Annotation => a !== undefined && !a.deleted && (options.includeHidden === true || !a.hidden);
  const items = seminar
    .agenda()
    .filter((item) => item.discussed && item.discussedIn === sessionId)
    .filter((item) => item.question !== undefined || visible(annotations.get(item.annotationId!)));
  const entries = items.map((item) =>
    item.question !== undefined
      ? questionHtml(item, threads.of(item.id).filter((r) => !r.deleted), people, zone)
      : annotationHtml(withCurrentNames(annotations.get(item.annotationId!)!, people), workspace, options, zone),
  );
  const title = workspace.info()?.title ?? workspaceId;
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Crosswalk">
<title>${escapeHtml(session.title)}: seminar summary</title>
<style>${SUMMARY_STYLE}</style>
</head>
<body>
<main>
<header class="cover">
<p class="kicker">Seminar summary · ${escapeHtml(title)}</p>
<h1>${escapeHtml(session.title)}</h1>
<p class="meta">${sessionLine({ ...session, facilitator: personNow(session.facilitator, people) }, zone)} · ${items.length} item${items.length === 1 ? '' : 's'} discussed</p>
</header>
${entries.length ? `<ol class="agenda">${entries.join('\n')}</ol>` : '<p>Nothing on the agenda was marked discussed in this session.</p>'}
</main>
</body>
</html>
`;
  return { filename: `${workspaceId}-session-${sessionId}-${session.startedAt.slice(0, 10)}.html`, mimeType: 'text/html; charset=utf-8', body };
}

// Escaped HTML: the times as <time> elements, the facilitator's name as text.
function sessionLine(session: SeminarSession, zone: string): string {
  const span = session.endedAt ? `${momentHtml(session.startedAt, zone)} to ${momentHtml(session.endedAt, zone)}` : `from ${momentHtml(session.startedAt, zone)}, still under way`;
  return `${span} · facilitated by ${escapeHtml(session.facilitator.name)}`;
}

function threadHtml(replies: { author: Person; created: string; body: string }[], zone: string): string {
  if (!replies.length) return '';
  return `<ol class="thread">${replies.map((r) => `<li><p class="byline">${escapeHtml(r.author.name)} · ${momentHtml(r.created, zone)}</p><div class="body">${markdown.render(r.body)}</div></li>`).join('')}</ol>`;
}

function questionHtml(item: AgendaItem, answers: AgendaReply[], people: People, zone: string): string {
  const by = item.anonymous ? 'Asked anonymously' : escapeHtml(personNow(item.addedBy, people).name);
  return `<li class="note question-item">
<p class="note-head"><span class="kind kind-question">Question for the group</span></p>
<p>${escapeHtml(item.question!)}</p>
<p class="byline">${by}</p>
${threadHtml(answers.map((r) => ({ ...r, author: personNow(r.author, people) })), zone)}
</li>`;
}

function annotationHtml(a: Annotation, workspace: Workspace, options: SessionSummaryOptions, zone: string): string {
  const document = workspace.document(a.passage.documentId);
  const head = [
    `<span class="kind kind-${a.kind}">${KIND_NAME[a.kind]}</span>`,
    a.kind === 'critique' && a.category ? `<span class="tag-like">${escapeHtml(CATEGORY_NAME[a.category])}</span>` : '',
    a.status === 'resolved' ? '<span class="tag-like">resolved</span>' : '',
    a.hidden ? '<span class="health">hidden by a moderator</span>' : '',
  ].join(' ');
  const parts = [
    `<p class="note-head">${head}</p>`,
    `<p class="where">${escapeHtml(document?.title ?? a.passage.documentId)}${a.passage.pinpoint ? `, ${escapeHtml(a.passage.pinpoint)}` : ''}</p>`,
    `<blockquote class="quote">${escapeHtml(a.passage.quote.exact)}</blockquote>`,
  ];
  if (a.kind === 'comparison') {
    // What it compared with: the other passage, and which text acts on which.
    const documents = new Map(workspace.documents().map((d) => [d.id, d]));
    const reading = readComparison(a.passage, a.comparison, documents);
    const other = otherSide(reading);
    parts.push(
      `<p class="relation">${escapeHtml(comparisonSentence(reading))}.</p>`,
      `<blockquote class="quote other">${other.passage.pinpoint ? `${escapeHtml(other.passage.pinpoint)}: ` : ''}${escapeHtml(other.passage.quote.exact)}</blockquote>`,
    );
  }
  parts.push(...noteBody(a), `<p class="byline">${bylineText(a)}</p>`);
  const replies = a.replies.filter((r) => !r.deleted && (options.includeHidden === true || !r.hidden));
  if (replies.length) parts.push(threadHtml(replies, zone));
  return `<li class="note note-${a.kind}">${parts.join('\n')}</li>`;
}
