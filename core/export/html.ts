import MarkdownIt from 'markdown-it';
import type { Mark, Node as PmNode } from 'prosemirror-model';
import { safeHref } from '../schema.js';
import { formatInText, formatReference } from '../citation-format.js';
import type { Annotation, CslItem } from '../annotation.js';
import type { ExportDocument, ExportModel, ExportNote } from './model.js';
import { textblockRuns, type Run } from './runs.js';
import { otherSide, readComparison, type ComparisonSide } from './comparison.js';
import { CATEGORY_NAME, KIND_NAME, RELATION_PHRASE, describeFilters, longDate, noteCount } from './labels.js';

// Bodies are limited Markdown: raw HTML stays text, and markdown-it refuses javascript: and data: links.
export const markdown = MarkdownIt('commonmark', { html: false, linkify: false });

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function markText(text: string, marks: readonly Mark[]): string {
  let html = escapeHtml(text);
  for (const mark of marks) {
    if (mark.type.name === 'em') html = `<em>${html}</em>`;
    else if (mark.type.name === 'strong') html = `<strong>${html}</strong>`;
    else if (mark.type.name === 'code') html = `<code>${html}</code>`;
    else if (mark.type.name === 'link') html = `<a href="${escapeHtml(safeHref(String(mark.attrs.href)))}" rel="noopener noreferrer">${html}</a>`;
  }
  return html;
}

function runsHtml(runs: Run[], kindOf: Map<number, string>): string {
  return runs
    .map((run) => {
      let html = run.lineBreak ? '<br>' : markText(run.text, run.marks);
      if (run.notes.length) {
        const kinds = Array.from(new Set(run.notes.map((n) => kindOf.get(n))));
        html = `<mark class="hl ${kinds.map((k) => `hl-${k}`).join(' ')}${run.notes.length > 1 ? ' hl-overlap' : ''}" data-notes="${run.notes.join(' ')}">${html}</mark>`;
      }
      // Notes ending on the same character share one superscript, their numbers apart: "3,4", never "34".
      if (run.endingHere.length) html += `<sup class="ref">${run.endingHere.map((n) => `<a href="#note-${n}" id="ref-${n}">${n}</a>`).join('<span class="ref-sep">,</span>')}</sup>`;
      return html;
    })
    .join('');
}

function blockHtml(node: PmNode, runs: Map<PmNode, Run[]>, kindOf: Map<number, string>): string {
  const inner = () => {
    const parts: string[] = [];
    node.forEach((child) => parts.push(blockHtml(child, runs, kindOf)));
    return parts.join('\n');
  };
  switch (node.type.name) {
    case 'paragraph': {
      const label = node.attrs.label ? `<span class="pin">${escapeHtml(String(node.attrs.label))}</span>` : '';
      return `<p>${label}${runsHtml(runs.get(node) ?? [], kindOf)}</p>`;
    }
    case 'heading': {
      const level = Math.min(6, Number(node.attrs.level) + 2);
      return `<h${level}>${runsHtml(runs.get(node) ?? [], kindOf)}</h${level}>`;
    }
    case 'blockquote':
      return `<blockquote>${inner()}</blockquote>`;
    case 'bullet_list':
      return `<ul>${inner()}</ul>`;
    case 'ordered_list':
      return `<ol${node.attrs.order === 1 ? '' : ` start="${Number(node.attrs.order)}"`}>${inner()}</ol>`;
    case 'list_item':
      return `<li>${inner()}</li>`;
    default:
      return inner();
  }
}

function noteHtml(note: ExportNote, model: ExportModel): string {
  const a = note.annotation;
  const head = [
    `<span class="note-n">${note.n}</span>`,
    `<span class="kind kind-${a.kind}">${KIND_NAME[a.kind]}</span>`,
    a.kind === 'critique' && a.category ? `<span class="tag-like">${escapeHtml(CATEGORY_NAME[a.category])}</span>` : '',
    a.status === 'resolved' ? '<span class="tag-like">resolved</span>' : '',
    note.health === 'drifted' ? '<span class="health">text changed since</span>' : note.health === 'orphan' ? '<span class="health">passage deleted</span>' : '',
  ].join(' ');
  const quote = `<blockquote class="quote">${a.passage.pinpoint ? `<span class="pin-inline">${escapeHtml(a.passage.pinpoint)}</span> ` : ''}${escapeHtml(a.passage.quote.exact)}</blockquote>`;
  const parts = [`<p class="note-head">${head}</p>`, quote];
  if (a.kind === 'citation') {
    parts.push(`<p class="reference">${escapeHtml(safeFormat(() => formatReference(a.citation.source, model.style), a.citation.source.title))}</p>`);
    parts.push(`<p class="in-text">${escapeHtml(safeFormat(() => formatInText(a.citation, model.style), ''))}</p>`);
  }
  if (a.kind === 'comparison') {
    const reading = readComparison(a.passage, a.comparison, model.allDocuments);
    const other = otherSide(reading);
    parts.push(
      `<p class="relation">${sideHtml(reading.actor)} ${RELATION_PHRASE[reading.relation]} ${sideHtml(reading.acted)}.</p>`,
      `<blockquote class="quote other">${other.passage.pinpoint ? `<span class="pin-inline">${escapeHtml(other.passage.pinpoint)}</span> ` : ''}${escapeHtml(other.passage.quote.exact)}</blockquote>`,
    );
  }
  parts.push(...noteBody(a), `<p class="byline">${bylineText(a)}<span class="back"> · <a href="#ref-${note.n}">back to text</a></span></p>`);
  const replies = a.replies.filter((r) => !r.deleted);
  if (replies.length) {
    parts.push(
      `<ol class="thread">${replies
        .map((r) => `<li><p class="byline">${escapeHtml(r.author.name)} · ${escapeHtml(longDate(r.created))}</p><div class="body">${markdown.render(r.body)}</div></li>`)
        .join('')}</ol>`,
    );
  }
  return `<li id="note-${note.n}" class="note note-${a.kind}">${parts.join('\n')}</li>`;
}

// The same words as comparisonSentence, with the title set off.
function sideHtml(side: ComparisonSide): string {
  return `<strong>${escapeHtml(side.title)}</strong>${side.passage.pinpoint ? ` <span class="pin-ref">(${escapeHtml(side.passage.pinpoint)})</span>` : ''}`;
}

/** An annotation's body (Markdown, rendered without HTML) and its tags. */
export function noteBody(a: Annotation): string[] {
  const parts: string[] = [];
  if (a.body) parts.push(`<div class="body">${markdown.render(a.body)}</div>`);
  if (a.tags.length) parts.push(`<p class="tags">${a.tags.map((t) => `<span class="tag">#${escapeHtml(t)}</span>`).join(' ')}</p>`);
  return parts;
}

/** "Ana Alvarez · 3 December 2026 · agree 2, +1 1", escaped. */
export function bylineText(a: Annotation): string {
  const reactions = (['agree', 'disagree', 'plus-one'] as const)
    .map((r) => [r, a.reactions.filter((x) => x.reaction === r).length] as const)
    .filter(([, count]) => count > 0)
    .map(([r, count]) => `${r === 'plus-one' ? '+1' : r} ${count}`);
  return `${escapeHtml(a.author.name)} · ${escapeHtml(longDate(a.created))}${reactions.length ? ` · ${escapeHtml(reactions.join(', '))}` : ''}`;
}

function safeFormat(format: () => string, fallback: string): string {
  try {
    return format();
  } catch {
    return fallback;
  }
}

function documentHtml(d: ExportDocument, model: ExportModel): string {
  const runs = textblockRuns(d.doc, d.notes);
  const kindOf = new Map(d.notes.map((n) => [n.n, n.annotation.kind]));
  const m = d.meta;
  const rows: [string, string | undefined][] = [
    ['Issued by', m.issuer],
    ['Date', longDate(m.date) + (m.dateNote ? ` (${m.dateNote})` : '')],
    ['Type', m.type],
    ['Citation', m.citation],
    ['Official source', m.sourceUrl ?? m.source],
    ['This copy', m.capture],
    ['Licence', m.license],
  ];
  const provenance = rows
    .filter(([, v]) => v)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v!)}</dd>`)
    .join('');
  return `<article class="document" id="doc-${escapeHtml(m.id)}">
<header class="doc-head">${m.kicker ? `<p class="kicker">${escapeHtml(m.kicker)}</p>` : ''}<h2>${escapeHtml(m.title)}</h2><dl class="provenance">${provenance}</dl></header>
<div class="text">${blockHtml(d.doc, runs, kindOf)}</div>
${d.notes.length ? `<section class="notes"><h3>Notes on “${escapeHtml(m.title)}”</h3><ol>${d.notes.map((n) => noteHtml(n, model)).join('\n')}</ol></section>` : ''}
</article>`;
}

/** The bibliography: every cited source once, formatted and sorted. */
export function bibliographySources(model: ExportModel): CslItem[] {
  const seen = new Map<string, CslItem>();
  if (model.filters.sources === 'library') {
    for (const item of model.library) seen.set(JSON.stringify(item), item);
    return Array.from(seen.values());
  }
  for (const d of model.documents) {
    for (const { annotation } of d.notes) {
      if (annotation.kind !== 'citation') continue;
      seen.set(JSON.stringify(annotation.citation.source), annotation.citation.source);
    }
  }
  return Array.from(seen.values());
}

export const STYLE = `
:root{--ink:#1d2430;--soft:#4a5363;--faint:#7a8292;--line:#e2ddd3;--paper:#fbfaf7;--accent:#23395b}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:18px/1.65 'Iowan Old Style','Source Serif 4',Charter,Georgia,serif}
main{max-width:46rem;margin:0 auto;padding:48px 28px 80px;overflow-wrap:anywhere}
.cover{border-bottom:3px double var(--line);margin-bottom:40px;padding-bottom:24px}
.cover h1{font-size:2.1rem;line-height:1.15;margin:.2rem 0 .6rem}
.kicker{font:700 12px/1.4 system-ui,sans-serif;letter-spacing:.1em;text-transform:uppercase;color:#9a3412;margin:0}
.meta,.provenance,.byline,.note-head,.in-text,.tags{font-family:system-ui,-apple-system,'Segoe UI',sans-serif}
.meta{color:var(--soft);font-size:14px;margin:.3rem 0}
.document{margin-bottom:56px}
.doc-head h2{font-size:1.7rem;line-height:1.2;margin:.2rem 0 .8rem}
.provenance{display:grid;grid-template-columns:minmax(0,9.5rem) minmax(0,1fr);gap:4px 14px;font-size:13.5px;color:var(--soft);margin:0 0 28px;padding:12px 14px;background:#fff;border:1px solid var(--line);border-radius:8px}
.provenance dt{font-weight:600;color:var(--ink)}.provenance dd{margin:0}
.text p{position:relative;margin:0 0 1em}
.pin{position:absolute;right:calc(100% + 14px);top:.35em;font:12px/1.5 system-ui,sans-serif;color:var(--faint);white-space:nowrap;overflow-wrap:normal}
.pin-inline{font:600 11px system-ui,sans-serif;color:var(--faint)}
h1,h2,h3,h4,h5,h6{line-height:1.25;break-after:avoid-page}
mark.hl{background:rgba(0,0,0,.06);color:inherit;text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:4px;padding:0}
mark.hl-citation{background:rgba(29,78,216,.10);text-decoration-color:#1d4ed8;text-decoration-style:solid}
mark.hl-critique{background:rgba(194,65,12,.11);text-decoration-color:#c2410c;text-decoration-style:wavy}
mark.hl-comparison{background:rgba(124,58,237,.10);text-decoration-color:#7c3aed;text-decoration-style:dashed}
mark.hl-question{background:rgba(15,118,110,.11);text-decoration-color:#0f766e;text-decoration-style:dotted}
mark.hl-overlap{background:rgba(0,0,0,.12)}
sup.ref{font:600 11px system-ui,sans-serif;color:var(--accent);white-space:nowrap}
sup.ref a{color:inherit;text-decoration:none;padding:0 1px}
.notes{margin-top:36px;border-top:1px solid var(--line);padding-top:12px}
.notes h3{font-size:1.15rem}
.notes>ol{list-style:none;padding:0;margin:0}
.note{background:#fff;border:1px solid var(--line);border-left:4px solid #999;border-radius:8px;padding:12px 16px;margin:0 0 14px;font-size:16px;break-inside:avoid}
.note-citation{border-left-color:#1d4ed8}.note-critique{border-left-color:#c2410c}.note-comparison{border-left-color:#7c3aed}.note-question{border-left-color:#0f766e}
.note-head{margin:0 0 6px;font-size:12.5px;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.note-n{font-weight:700;color:var(--accent)}
.kind{font-weight:700;letter-spacing:.06em;text-transform:uppercase;font-size:11.5px}
.kind-citation{color:#1d4ed8}.kind-critique{color:#c2410c}.kind-comparison{color:#7c3aed}.kind-question{color:#0f766e}
.tag-like,.health{font-size:11.5px;border-radius:99px;padding:0 8px;background:#f0ece4;color:var(--soft)}
.health{background:#fef3c7;color:#92400e}
.quote{margin:0 0 8px;padding-left:10px;border-left:2px solid var(--line);font-style:italic;color:var(--soft)}
.quote.other{font-style:normal}
.body p{margin:0 0 6px}
.reference{margin:0 0 2px}.in-text{margin:0 0 6px;font-size:13.5px;color:var(--soft)}
.relation{margin:4px 0;font-size:15px}.pin-ref{white-space:nowrap}
.tags{font-size:12.5px;margin:4px 0}.tag{color:var(--accent);margin-right:6px}
.byline{font-size:12.5px;color:var(--soft);margin:6px 0 0}
.back a{color:var(--faint)}
.thread{list-style:none;margin:8px 0 0;padding:0 0 0 12px;border-left:2px solid #f0ece4;font-size:15px}
.bibliography{border-top:3px double var(--line);padding-top:12px}
.bibliography ol{padding-left:1.4em}.bibliography li{margin-bottom:6px;font-size:16px;break-inside:avoid}
/* Below the width where the margin has room for "Sec. 23(i)(ii)", pinpoints run in at the start of their paragraph. */
@media screen and (max-width:62rem){
 .pin{position:static;margin-right:.5em}
}
@media screen and (max-width:34rem){
 main{padding:28px 16px 56px}
 .provenance{grid-template-columns:minmax(0,1fr)}.provenance dd{margin-bottom:6px}
 .note{padding:10px 12px}
}
@media print{
 body{background:#fff;font-size:11pt}
 main{max-width:none;padding:0}
 .note{break-inside:avoid;border-color:#ccc}
 a{color:inherit;text-decoration:none}
 /* On paper a link is its address. */
 .body a[href^="http"]::after,.body a[href^="mailto"]::after{content:" (" attr(href) ")"}
 .back{display:none}
 /* The text keeps a gutter inside the printed area for its pinpoints: the page edge clips nothing. */
 .text{padding-left:24mm}
 .pin{right:calc(100% + 3mm);top:.2em;font-size:8pt}
 .doc-head{break-inside:avoid}
 .text p,.body p,.thread li{orphans:2;widows:2}
 .document{break-before:page}.document:first-of-type{break-before:auto}
 @page{margin:18mm 16mm}
}`;

/** A self-contained HTML file (inline CSS, no scripts) of the documents with their notes, threads and a bibliography. */
export function exportHtml(model: ExportModel): string {
  const title = model.info?.title ?? model.workspaceId;
  const sources = bibliographySources(model)
    .map((item) => safeFormat(() => formatReference(item, model.style), item.title))
    .sort((a, b) => a.localeCompare(b));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Crosswalk">
<title>${escapeHtml(title)}: annotated export</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="cover">
<p class="kicker">Annotated copy · Crosswalk</p>
<h1>${escapeHtml(title)}</h1>
${model.info?.description ? `<p>${escapeHtml(model.info.description)}</p>` : ''}
<p class="meta">Exported ${escapeHtml(longDate(model.generated))} · ${model.documents.length} document${model.documents.length === 1 ? '' : 's'} · ${noteCount(model)} annotation${noteCount(model) === 1 ? '' : 's'} (${escapeHtml(describeFilters(model.filters))})</p>
</header>
${model.documents.map((d) => documentHtml(d, model)).join('\n')}
${sources.length ? `<section class="bibliography"><h2>Bibliography</h2><ol>${sources.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol></section>` : ''}
</main>
</body>
</html>
`;
}

