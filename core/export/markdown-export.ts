import type { Node as PmNode } from 'prosemirror-model';
import { MarkdownSerializer, defaultMarkdownSerializer } from 'prosemirror-markdown';
import { formatInText, formatReference } from '../citation-format.js';
import { parseMarkdown } from '../markdown.js';
import { safeHref } from '../schema.js';
import type { ExportModel, ExportNote } from './model.js';
import { textblockRuns, type Run } from './runs.js';
import { bibliographySources } from './html.js';
import { otherSide, readComparison, type ComparisonSide } from './comparison.js';
import { CATEGORY_NAME, KIND_NAME, RELATION_PHRASE, describeFilters, longDate, noteCount } from './labels.js';

/*
 * Everything here is read by CommonMark tools and by pandoc, whose Markdown has far more to
 * start: raw HTML, `{…}` attribute lists after links, spans and headings, `{=html}` raw
 * blocks, math, `@` citations, letter-numbered lists. Text escapes every character that could
 * open one of them, so the only Markdown in the file is what this module writes itself.
 */

// Characters that start something wherever they stand (`!` before a link makes it an image).
const ANYWHERE = /[\\`*_{}[\]<>#!|~^$@&]/g;

/** Text that Markdown (CommonMark or pandoc's) reads back as this text, on one line. */
function escapeMd(text: string): string {
  return (
    text
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .replace(ANYWHERE, '\\$&')
      // pandoc reads "--" as a dash and "..." as an ellipsis.
      .replace(/([-.])(?=\1)/g, '\\$1')
      // At the start of a line: list, definition and table markers, setext rules, and list
      // numbers ("1." "a)" "(iv)"). Every run is escaped as if it began a line.
      .replace(/^(\s*)([-+=:(])/, '$1\\$2')
      .replace(/^(\s*[A-Za-z0-9]{1,9})([.)])/, '$1\\$2')
  );
}

/**
 * A link's address if it may be live (http, https, mailto; the same rule as the reader's), with
 * every character that could end a link destination or start a title percent-encoded. Null
 * when the link must be dropped and only its text kept.
 */
function linkDestination(href: unknown): string | null {
  if (typeof href !== 'string' || safeHref(href) === '#') return null;
  return Array.from(href.trim(), (c) => (/^[A-Za-z0-9\-._~:/?#@!$&+,;=%*]$/.test(c) ? c : percentEncode(c))).join('');
}

function percentEncode(c: string): string {
  try {
    return encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate
  }
}

/** A code span that holds its text as written, backticks included. */
function codeSpan(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length)) + 1);
  const pad = /^`|`$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function markMd(run: Run): string {
  // A code span is literal: its text is fenced, not escaped, and the other marks go around it.
  let text = run.marks.some((m) => m.type.name === 'code') ? codeSpan(run.text) : escapeMd(run.text);
  for (const mark of run.marks) {
    if (mark.type.name === 'em') text = `*${text}*`;
    else if (mark.type.name === 'strong') text = `**${text}**`;
    else if (mark.type.name === 'link') {
      const href = linkDestination(mark.attrs.href);
      if (href) text = `[${text}](${href})`;
    }
  }
  return text;
}

function runsMd(runs: Run[]): string {
  return runs
    .map((run) => (run.lineBreak ? '\\\n' : markMd(run)) + run.endingHere.map((n) => `[^${n}]`).join(''))
    .join('');
}

function blockMd(node: PmNode, runs: Map<PmNode, Run[]>, prefix = ''): string[] {
  const lines: string[] = [];
  switch (node.type.name) {
    case 'paragraph':
      return [`${prefix}${node.attrs.label ? `${escapeMd(`[${node.attrs.label}]`)} ` : ''}${runsMd(runs.get(node) ?? [])}`, ''];
    case 'heading':
      return [`${'#'.repeat(Math.min(6, Number(node.attrs.level) + 1))} ${runsMd(runs.get(node) ?? [])}`, ''];
    case 'blockquote':
      node.forEach((child) => lines.push(...blockMd(child, runs).map((l) => `> ${l}`)));
      return [...lines, ''];
    case 'bullet_list':
    case 'ordered_list': {
      let i = Number(node.attrs.order ?? 1);
      node.forEach((item) => {
        const marker = node.type.name === 'bullet_list' ? '- ' : `${i++}. `;
        const inner: string[] = [];
        item.forEach((child) => inner.push(...blockMd(child, runs).filter((l) => l !== '')));
        inner.forEach((l, k) => lines.push(k === 0 ? marker + l : ' '.repeat(marker.length) + l));
      });
      return [...lines, ''];
    }
    default:
      node.forEach((child) => lines.push(...blockMd(child, runs)));
      return lines;
  }
}

// Bodies and replies are limited Markdown: they are parsed (raw HTML stays text) and written out
// again, so their emphasis, lists and live links survive and nothing else does.
const bodySerializer = new MarkdownSerializer(
  { ...defaultMarkdownSerializer.nodes, text: (state, node) => state.text(escapeMd(node.text ?? ''), false) },
  {
    ...defaultMarkdownSerializer.marks,
    link: {
      open: (_state, mark) => (linkDestination(mark.attrs.href) ? '[' : ''),
      close: (_state, mark) => {
        const href = linkDestination(mark.attrs.href);
        return href ? `](${href})` : '';
      },
    },
  },
);

/** An annotation's or reply's body as safe Markdown blocks; its plain text if it does not parse. */
function bodyMd(body: string): { markdown: string; startsWithParagraph: boolean } {
  try {
    const doc = parseMarkdown(body);
    return { markdown: bodySerializer.serialize(doc, { tightLists: true }).trim(), startsWithParagraph: doc.firstChild?.type.name === 'paragraph' };
  } catch {
    return { markdown: escapeMd(body.trim()), startsWithParagraph: true };
  }
}

// The same words as comparisonSentence, the title in italics.
function sideMd(side: ComparisonSide): string {
  return `*${escapeMd(side.title)}*${side.passage.pinpoint ? ` (${escapeMd(side.passage.pinpoint)})` : ''}`;
}

function footnote(note: ExportNote, model: ExportModel): string {
  const a = note.annotation;
  const lines: string[] = [];
  const pinpoint = (p: string | undefined) => (p ? ` (${escapeMd(p)})` : '');
  const head = [`**${KIND_NAME[a.kind]}**`, a.kind === 'critique' && a.category ? `(${CATEGORY_NAME[a.category]})` : '', `by ${escapeMd(a.author.name)}, ${longDate(a.created)}`, a.status === 'resolved' ? '— resolved' : ''].filter(Boolean).join(' ');
  lines.push(`${head}. On “${escapeMd(a.passage.quote.exact)}”${pinpoint(a.passage.pinpoint)}.`);
  if (a.kind === 'citation') {
    try {
      lines.push(`Source: ${escapeMd(formatReference(a.citation.source, model.style))} ${escapeMd(formatInText(a.citation, model.style))}`);
    } catch {
      lines.push(`Source: ${escapeMd(a.citation.source.title)}`);
    }
  }
  if (a.kind === 'comparison') {
    const reading = readComparison(a.passage, a.comparison, model.allDocuments);
    const other = otherSide(reading).passage;
    lines.push(`${sideMd(reading.actor)} ${RELATION_PHRASE[reading.relation]} ${sideMd(reading.acted)}. Compared passage${pinpoint(other.pinpoint)}: “${escapeMd(other.quote.exact)}”.`);
  }
  if (a.body.trim()) lines.push(bodyMd(a.body).markdown);
  if (a.tags.length) lines.push(`Tags: ${a.tags.map((t) => escapeMd(`#${t}`)).join(' ')}`);
  for (const reply of a.replies.filter((r) => !r.deleted)) {
    const byline = `Reply from ${escapeMd(reply.author.name)} (${longDate(reply.created)}):`;
    const body = bodyMd(reply.body);
    lines.push(body.startsWithParagraph ? `${byline} ${body.markdown}` : `${byline}\n\n${body.markdown}`);
  }
  const [first, ...rest] = lines.join('\n\n').split('\n');
  return `[^${note.n}]: ${first}\n${rest.map((l) => (l ? `    ${l}` : '')).join('\n')}`.trimEnd();
}

/** Markdown with Pandoc footnotes: the text with a reference after each annotated passage. */
export function exportMarkdown(model: ExportModel): string {
  const out: string[] = [];
  out.push(`# ${escapeMd(model.info?.title ?? model.workspaceId)}`, '');
  out.push(`*Annotated copy exported from Crosswalk on ${longDate(model.generated)}: ${noteCount(model)} annotations (${escapeMd(describeFilters(model.filters))}).*`, '');
  for (const d of model.documents) {
    const m = d.meta;
    out.push(`## ${escapeMd(m.title)}`, '');
    const facts = [m.issuer, longDate(m.date), m.type, m.citation, m.sourceUrl ?? m.source].filter(Boolean).map((f) => escapeMd(f!));
    out.push(`*${facts.join(' · ')}*`, '');
    if (m.capture) out.push(`> Provenance: ${escapeMd(m.capture)}`, '');
    out.push(...blockMd(d.doc, textblockRuns(d.doc, d.notes)));
    const orphans = d.notes.filter((n) => n.start === null);
    if (orphans.length) out.push(`Annotations whose passage was deleted: ${orphans.map((n) => `[^${n.n}]`).join(' ')}`, '');
    for (const note of d.notes) out.push(footnote(note, model), '');
  }
  const sources = bibliographySources(model);
  if (sources.length) {
    out.push('## Bibliography', '');
    for (const s of sources) {
      try {
        out.push(`- ${escapeMd(formatReference(s, model.style))}`);
      } catch {
        out.push(`- ${escapeMd(s.title)}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}
