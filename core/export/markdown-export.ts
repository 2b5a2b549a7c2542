import type { Node as PmNode } from 'prosemirror-model';
import { formatInText, formatReference } from '../citation-format.js';
import type { ExportModel, ExportNote } from './model.js';
import { textblockRuns, type Run } from './runs.js';
import { bibliographySources } from './html.js';
import { CATEGORY_NAME, KIND_NAME, RELATION_PHRASE, describeFilters, longDate, noteCount } from './labels.js';

/** Escapes text so that Markdown reads it as text. */
function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]<>~^|])/g, '\\$1').replace(/^(\s*)(\d+)\./gm, '$1$2\\.');
}

function runsMd(runs: Run[]): string {
  return runs
    .map((run) => {
      if (run.lineBreak) return '\\\n';
      let text = escapeMd(run.text);
      for (const mark of run.marks) {
        if (mark.type.name === 'em') text = `*${text}*`;
        else if (mark.type.name === 'strong') text = `**${text}**`;
        else if (mark.type.name === 'code') text = `\`${run.text.replace(/`/g, '')}\``;
        else if (mark.type.name === 'link') text = `[${text}](<${String(mark.attrs.href).replace(/[<>]/g, '')}>)`;
      }
      return text + run.endingHere.map((n) => `[^${n}]`).join('');
    })
    .join('');
}

function blockMd(node: PmNode, runs: Map<PmNode, Run[]>, prefix = ''): string[] {
  const lines: string[] = [];
  switch (node.type.name) {
    case 'paragraph':
      return [`${prefix}${node.attrs.label ? `[${node.attrs.label}] ` : ''}${runsMd(runs.get(node) ?? [])}`, ''];
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

function footnote(note: ExportNote, model: ExportModel): string {
  const a = note.annotation;
  const lines: string[] = [];
  const head = [`**${KIND_NAME[a.kind]}**`, a.kind === 'critique' && a.category ? `(${CATEGORY_NAME[a.category]})` : '', `by ${escapeMd(a.author.name)}, ${longDate(a.created)}`, a.status === 'resolved' ? '— resolved' : ''].filter(Boolean).join(' ');
  lines.push(`${head}. On “${escapeMd(a.passage.quote.exact)}”${a.passage.pinpoint ? ` (${a.passage.pinpoint})` : ''}.`);
  if (a.kind === 'citation') {
    try {
      lines.push(`Source: ${escapeMd(formatReference(a.citation.source))} ${escapeMd(formatInText(a.citation))}`);
    } catch {
      lines.push(`Source: ${escapeMd(a.citation.source.title)}`);
    }
  }
  if (a.kind === 'comparison') {
    const other = model.allDocuments.get(a.comparison.target.documentId);
    lines.push(`*${escapeMd(other?.title ?? a.comparison.target.documentId)}* ${RELATION_PHRASE[a.comparison.relation]} this passage: “${escapeMd(a.comparison.target.quote.exact)}”${a.comparison.target.pinpoint ? ` (${a.comparison.target.pinpoint})` : ''}.`);
  }
  // The body is already limited Markdown; it is kept as written.
  if (a.body) lines.push(a.body.trim());
  if (a.tags.length) lines.push(`Tags: ${a.tags.map((t) => `#${escapeMd(t)}`).join(' ')}`);
  for (const reply of a.replies.filter((r) => !r.deleted)) lines.push(`Reply from ${escapeMd(reply.author.name)} (${longDate(reply.created)}): ${reply.body.trim()}`);
  const [first, ...rest] = lines.join('\n\n').split('\n');
  return `[^${note.n}]: ${first}\n${rest.map((l) => (l ? `    ${l}` : '')).join('\n')}`.trimEnd();
}

/** Markdown with Pandoc footnotes: the text with a reference after each annotated passage. */
export function exportMarkdown(model: ExportModel): string {
  const out: string[] = [];
  out.push(`# ${escapeMd(model.info?.title ?? model.workspaceId)}`, '');
  out.push(`*Annotated copy exported from Crosswalk on ${longDate(model.generated)}: ${noteCount(model)} annotations (${describeFilters(model.filters)}).*`, '');
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
        out.push(`- ${escapeMd(formatReference(s))}`);
      } catch {
        out.push(`- ${escapeMd(s.title)}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}
