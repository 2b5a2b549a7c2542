import type { Node as PmNode } from 'prosemirror-model';
import type { ExportModel } from './model.js';
import { textblockRuns, type Run } from './runs.js';
import { escapeHtml as escapeXml } from './html.js';
import { KIND_NAME, longDate } from './labels.js';
import { comparisonSentence, otherSide, readComparison, type ComparisonReading } from './comparison.js';

const MOTIVATION = { critique: 'assessing', question: 'questioning', comparison: 'linking', citation: 'describing' } as const;

function runsTei(runs: Run[], prefix: string): string {
  return runs
    .map((run) => {
      const starts = run.startingHere.map((n) => `<anchor xml:id="${prefix}n${n}-start"/>`).join('');
      let text = run.lineBreak ? '<lb/>' : escapeXml(run.text);
      for (const mark of run.marks) {
        if (mark.type.name === 'em') text = `<hi rend="italic">${text}</hi>`;
        else if (mark.type.name === 'strong') text = `<hi rend="bold">${text}</hi>`;
        else if (mark.type.name === 'link') text = `<ref target="${escapeXml(String(mark.attrs.href))}">${text}</ref>`;
      }
      const ends = run.endingHere.map((n) => `<anchor xml:id="${prefix}n${n}-end"/>`).join('');
      return starts + text + ends;
    })
    .join('');
}

function blockTei(node: PmNode, runs: Map<PmNode, Run[]>, prefix: string): string {
  const inner = () => {
    const parts: string[] = [];
    node.forEach((child) => parts.push(blockTei(child, runs, prefix)));
    return parts.join('\n');
  };
  const id = node.attrs.id ? ` xml:id="${prefix}${escapeXml(String(node.attrs.id))}"` : '';
  switch (node.type.name) {
    case 'paragraph':
      return `<p${id}${node.attrs.label ? ` n="${escapeXml(String(node.attrs.label))}"` : ''}>${runsTei(runs.get(node) ?? [], prefix)}</p>`;
    case 'heading':
      return `<head${id}>${runsTei(runs.get(node) ?? [], prefix)}</head>`;
    case 'blockquote':
      return `<quote>${inner()}</quote>`;
    case 'bullet_list':
    case 'ordered_list':
      return `<list${node.type.name === 'ordered_list' ? ' rend="numbered"' : ''}>${inner()}</list>`;
    case 'list_item':
      return `<item>${inner()}</item>`;
    default:
      return inner();
  }
}

function comparisonTei(reading: ComparisonReading): string {
  const other = otherSide(reading).passage;
  return `<note type="comparison" subtype="${reading.relation}">${escapeXml(`${comparisonSentence(reading)}. Compared passage: ${other.quote.exact}`)}</note>`;
}

/** The documents as TEI, with the annotations in a standOff list pointing at anchors in the text. */
export function exportTei(model: ExportModel): string {
  const title = model.info?.title ?? model.workspaceId;
  const bodies: string[] = [];
  const annotations: string[] = [];
  model.documents.forEach((d, i) => {
    const prefix = `d${i + 1}-`;
    bodies.push(`<div xml:id="${prefix}text" type="document" n="${escapeXml(d.meta.id)}">
<bibl><title>${escapeXml(d.meta.title)}</title>${d.meta.issuer ? `<author>${escapeXml(d.meta.issuer)}</author>` : ''}<date when="${escapeXml(d.meta.date)}">${escapeXml(longDate(d.meta.date))}</date>${d.meta.sourceUrl ? `<ptr target="${escapeXml(d.meta.sourceUrl)}"/>` : ''}</bibl>
${blockTei(d.doc, textblockRuns(d.doc, d.notes), prefix)}
</div>`);
    for (const note of d.notes) {
      const a = note.annotation;
      const target = note.start === null ? '' : ` target="#${prefix}n${note.n}-start #${prefix}n${note.n}-end"`;
      const parts = [
        `<respStmt><resp>annotator</resp><persName>${escapeXml(a.author.name)}</persName></respStmt>`,
        `<date when="${escapeXml(a.created)}"/>`,
        `<note type="quote">${escapeXml(a.passage.quote.exact)}</note>`,
        a.body ? `<note type="body">${escapeXml(a.body)}</note>` : '',
        ...a.tags.map((t) => `<term type="tag">${escapeXml(t)}</term>`),
        a.kind === 'comparison' ? comparisonTei(readComparison(a.passage, a.comparison, model.allDocuments)) : '',
        a.kind === 'citation' ? `<bibl>${escapeXml(a.citation.source.title)}${a.citation.locator ? `<citedRange>${escapeXml(a.citation.locator)}</citedRange>` : ''}</bibl>` : '',
        ...a.replies.filter((r) => !r.deleted).map((r) => `<note type="reply" resp="${escapeXml(r.author.name)}">${escapeXml(r.body)}</note>`),
      ].filter(Boolean);
      annotations.push(`<annotation xml:id="${prefix}ann${note.n}" motivation="${MOTIVATION[a.kind]}" type="${KIND_NAME[a.kind].toLowerCase()}" status="${a.status}"${target}>${parts.join('')}</annotation>`);
    }
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
<teiHeader>
<fileDesc>
<titleStmt><title>${escapeXml(title)}</title></titleStmt>
<publicationStmt><p>Annotated copy exported from Crosswalk on ${escapeXml(longDate(model.generated))}.</p></publicationStmt>
<sourceDesc>${model.documents.map((d) => `<bibl><title>${escapeXml(d.meta.title)}</title>${d.meta.capture ? `<note>${escapeXml(d.meta.capture)}</note>` : ''}</bibl>`).join('')}</sourceDesc>
</fileDesc>
</teiHeader>
<text><body>
${bodies.join('\n')}
</body></text>
<standOff><listAnnotation>
${annotations.join('\n')}
</listAnnotation></standOff>
</TEI>
`;
}
