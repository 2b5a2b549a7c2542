import type * as Y from 'yjs';
import type { Annotation } from '../annotation.js';
import { NO_PEOPLE, withCurrentNames, type People } from '../people.js';
import { Workspace } from '../workspace.js';
import { STYLE, escapeHtml, markdown } from './html.js';
import { comparisonSentence, otherSide, readComparison } from './comparison.js';
import { KIND_NAME } from './labels.js';
import type { ExportFile } from './index.js';

const HANDOUT_STYLE = `${STYLE}
.agenda{padding-left:1.4em;margin:0}
.agenda>li{margin:0 0 18px;break-inside:avoid}
.where{font:13px system-ui,sans-serif;color:var(--soft);margin:0 0 6px}
.passage{font-family:Georgia,serif;line-height:1.5;margin:6px 0}
.passage mark{background:#fef3c7;padding:0 2px}
.notes{border-bottom:1px solid #cbd5e1;height:1.8em}
@media print{.agenda>li{break-inside:avoid}.notes{height:2.2em}}`;

/**
 * The agenda as a page to print and hand out before a session: each item in order with its
 * passage in its words around it (the quote's own context), what a comparison compares it with,
 * the annotation's note, and lines for notes. Everything a person wrote is escaped text or
 * limited Markdown rendered without HTML. Hidden and deleted annotations are left out.
 */
export function exportAgendaHandout(ydoc: Y.Doc, workspaceId: string, people: People = NO_PEOPLE): ExportFile {
  const workspace = new Workspace(ydoc);
  const annotations = workspace.annotations();
  const documents = new Map(workspace.documents().map((d) => [d.id, d]));
  const items = workspace
    .seminar()
    .agenda()
    .flatMap((item) => {
      if (item.question !== undefined) return [`<li class="note note-question"><p class="note-head"><span class="kind kind-question">Question for the group</span></p><p class="passage">${escapeHtml(item.question)}</p><div class="notes"></div><div class="notes"></div></li>`];
      const a = annotations.get(item.annotationId!);
      return a && !a.deleted && !a.hidden ? [itemHtml(withCurrentNames(a, people), documents)] : [];
    });
  const title = workspace.info()?.title ?? workspaceId;
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Crosswalk">
<title>${escapeHtml(title)}: agenda</title>
<style>${HANDOUT_STYLE}</style>
</head>
<body>
<main>
<header class="cover">
<p class="kicker">Seminar agenda · ${escapeHtml(title)}</p>
<h1>What we will discuss</h1>
<p class="meta">${items.length} item${items.length === 1 ? '' : 's'}</p>
</header>
${items.length ? `<ol class="agenda">${items.join('\n')}</ol>` : '<p>The agenda is empty.</p>'}
</main>
</body>
</html>
`;
  return { filename: `${workspaceId}-agenda.html`, mimeType: 'text/html; charset=utf-8', body };
}

// The quote in the words around it, the context cut at whole words.
function passageHtml(prefix: string, exact: string, suffix: string): string {
  const before = prefix.includes(' ') ? prefix.slice(prefix.indexOf(' ') + 1) : prefix;
  const after = suffix.includes(' ') ? suffix.slice(0, suffix.lastIndexOf(' ')) : suffix;
  return `<p class="passage">…${escapeHtml(before)}<mark>${escapeHtml(exact)}</mark>${escapeHtml(after)}…</p>`;
}

function itemHtml(a: Annotation, documents: ReadonlyMap<string, import('../document-meta.js').DocumentMeta>): string {
  const doc = documents.get(a.passage.documentId);
  const { prefix, exact, suffix } = a.passage.quote;
  const parts = [
    `<p class="note-head"><span class="kind kind-${a.kind}">${KIND_NAME[a.kind]}</span> · ${escapeHtml(a.author.name)}</p>`,
    `<p class="where">${escapeHtml(doc?.title ?? a.passage.documentId)}${a.passage.pinpoint ? `, ${escapeHtml(a.passage.pinpoint)}` : ''}</p>`,
    passageHtml(prefix, exact, suffix),
  ];
  if (a.kind === 'comparison') {
    const reading = readComparison(a.passage, a.comparison, documents);
    const other = otherSide(reading);
    parts.push(`<p class="relation">${escapeHtml(comparisonSentence(reading))}.</p>`, passageHtml(other.passage.quote.prefix, other.passage.quote.exact, other.passage.quote.suffix));
  }
  if (a.body) parts.push(`<div class="body">${markdown.render(a.body)}</div>`);
  parts.push('<div class="notes"></div>');
  return `<li class="note note-${a.kind}">${parts.join('\n')}</li>`;
}
