import type * as Y from 'yjs';
import type { Annotation } from '../annotation.js';
import { SeminarError, type AgendaItem, type SeminarSession } from '../seminar.js';
import { Workspace } from '../workspace.js';
import { STYLE, bylineText, escapeHtml, markdown, noteBody } from './html.js';
import { CATEGORY_NAME, KIND_NAME, longDate } from './labels.js';
import type { ExportFile } from './index.js';

export interface SessionSummaryOptions {
  /** Moderators may ask for hidden annotations and replies; everyone else gets them left out. */
  includeHidden?: boolean;
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
  const visible = (a: Annotation | undefined): a is Annotation => a !== undefined && !a.deleted && (options.includeHidden === true || !a.hidden);
  const items = seminar
    .agenda()
    .filter((item) => item.discussed && item.discussedIn === sessionId)
    .filter((item) => item.question !== undefined || visible(annotations.get(item.annotationId!)));
  const entries = items.map((item) => (item.question !== undefined ? questionHtml(item) : annotationHtml(annotations.get(item.annotationId!)!, workspace, options)));
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
<p class="meta">${escapeHtml(sessionLine(session))} · ${items.length} item${items.length === 1 ? '' : 's'} discussed</p>
</header>
${entries.length ? `<ol class="agenda">${entries.join('\n')}</ol>` : '<p>Nothing on the agenda was marked discussed in this session.</p>'}
</main>
</body>
</html>
`;
  return { filename: `${workspaceId}-session-${sessionId}-${session.startedAt.slice(0, 10)}.html`, mimeType: 'text/html; charset=utf-8', body };
}

function sessionLine(session: SeminarSession): string {
  const time = (iso: string) => `${iso.slice(11, 16)} UTC`;
  const span = session.endedAt ? `${time(session.startedAt)} to ${time(session.endedAt)}` : `from ${time(session.startedAt)}, still under way`;
  return `${longDate(session.startedAt)}, ${span} · facilitated by ${session.facilitator.name}`;
}

function questionHtml(item: AgendaItem): string {
  return `<li class="note question-item">
<p class="note-head"><span class="kind kind-question">Question for the group</span></p>
<p>${escapeHtml(item.question!)}</p>
<p class="byline">${escapeHtml(item.addedBy.name)}</p>
</li>`;
}

function annotationHtml(a: Annotation, workspace: Workspace, options: SessionSummaryOptions): string {
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
  parts.push(...noteBody(a), `<p class="byline">${bylineText(a)}</p>`);
  const replies = a.replies.filter((r) => !r.deleted && (options.includeHidden === true || !r.hidden));
  if (replies.length) {
    parts.push(
      `<ol class="thread">${replies
        .map((r) => `<li><p class="byline">${escapeHtml(r.author.name)} · ${escapeHtml(longDate(r.created))}</p><div class="body">${markdown.render(r.body)}</div></li>`)
        .join('')}</ol>`,
    );
  }
  return `<li class="note note-${a.kind}">${parts.join('\n')}</li>`;
}
