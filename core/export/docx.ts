import { CommentRangeEnd, CommentRangeStart, CommentReference, Document, HeadingLevel, Packer, Paragraph, TextRun, type ICommentOptions, type ParagraphChild } from 'docx';
import type { Node as PmNode } from 'prosemirror-model';
import { formatInText, formatReference } from '../citation-format.js';
import type { ExportModel, ExportNote } from './model.js';
import { textblockRuns, type Run } from './runs.js';
import { CATEGORY_NAME, KIND_NAME, RELATION_PHRASE, describeFilters, longDate, noteCount } from './labels.js';

// Word comment ids: a note's own comment is n * 1000, its replies follow it.
const commentId = (n: number, reply = 0) => n * 1000 + reply;

function runChildren(runs: Run[]): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  for (const run of runs) {
    for (const n of run.startingHere) children.push(new CommentRangeStart(commentId(n)));
    const marks = new Set(run.marks.map((m) => m.type.name));
    children.push(run.lineBreak ? new TextRun({ break: 1 }) : new TextRun({ text: run.text, bold: marks.has('strong'), italics: marks.has('em') }));
    for (const n of run.endingHere) {
      children.push(new CommentRangeEnd(commentId(n)));
      children.push(new TextRun({ children: [new CommentReference(commentId(n))] }));
    }
  }
  return children;
}

function blocks(node: PmNode, runs: Map<PmNode, Run[]>, depth = 0, bullet = false): Paragraph[] {
  const out: Paragraph[] = [];
  node.forEach((child) => {
    switch (child.type.name) {
      case 'paragraph': {
        const label = child.attrs.label ? [new TextRun({ text: `${child.attrs.label}  `, color: '7A8292', size: 16 })] : [];
        out.push(new Paragraph({ children: [...label, ...runChildren(runs.get(child) ?? [])], ...(bullet ? { bullet: { level: depth } } : {}) }));
        break;
      }
      case 'heading':
        out.push(new Paragraph({ heading: child.attrs.level === 1 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3, children: runChildren(runs.get(child) ?? []) }));
        break;
      case 'bullet_list':
      case 'ordered_list':
        child.forEach((item) => out.push(...blocks(item, runs, depth, true)));
        break;
      default:
        out.push(...blocks(child, runs, depth, bullet));
    }
  });
  return out;
}

function commentText(note: ExportNote, model: ExportModel): Paragraph[] {
  const a = note.annotation;
  const lines = [`${KIND_NAME[a.kind]}${a.kind === 'critique' && a.category ? ` (${CATEGORY_NAME[a.category]})` : ''}${a.status === 'resolved' ? ', resolved' : ''}`];
  if (a.kind === 'citation') {
    try {
      lines.push(`${formatReference(a.citation.source)} ${formatInText(a.citation)}`);
    } catch {
      lines.push(a.citation.source.title);
    }
  }
  if (a.kind === 'comparison') {
    const other = model.allDocuments.get(a.comparison.target.documentId);
    lines.push(`${other?.title ?? a.comparison.target.documentId} ${RELATION_PHRASE[a.comparison.relation]} this passage: “${a.comparison.target.quote.exact}”`);
  }
  if (a.body) lines.push(a.body);
  if (a.tags.length) lines.push(a.tags.map((t) => `#${t}`).join(' '));
  return lines.map((text, i) => new Paragraph({ children: [new TextRun({ text, bold: i === 0 })] }));
}

const initials = (name: string) => name.split(/\s+/).filter(Boolean).map((p) => p[0]!.toUpperCase()).join('').slice(0, 3);

/** A Word document with a real comment on each annotated range and replies as threaded replies. */
export async function exportDocx(model: ExportModel): Promise<Uint8Array> {
  const comments: ICommentOptions[] = [];
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.info?.title ?? model.workspaceId)] }),
    new Paragraph({ children: [new TextRun({ text: `Annotated copy exported from Crosswalk on ${longDate(model.generated)}: ${noteCount(model)} annotations (${describeFilters(model.filters)}).`, italics: true })] }),
  ];
  for (const d of model.documents) {
    const m = d.meta;
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(m.title)] }));
    const facts = [m.issuer, longDate(m.date), m.type, m.citation, m.sourceUrl ?? m.source].filter(Boolean).join(' · ');
    children.push(new Paragraph({ children: [new TextRun({ text: facts, color: '4A5363' })] }));
    if (m.capture) children.push(new Paragraph({ children: [new TextRun({ text: `Provenance: ${m.capture}`, color: '4A5363', size: 18 })] }));
    children.push(...blocks(d.doc, textblockRuns(d.doc, d.notes)));
    for (const note of d.notes) {
      const a = note.annotation;
      if (note.start === null) continue;
      comments.push({ id: commentId(note.n), author: a.author.name, initials: initials(a.author.name), date: new Date(a.created), resolved: a.status === 'resolved', children: commentText(note, model) });
      a.replies
        .filter((r) => !r.deleted)
        .forEach((r, i) => comments.push({ id: commentId(note.n, i + 1), parentId: commentId(note.n), author: r.author.name, initials: initials(r.author.name), date: new Date(r.created), children: [new Paragraph(r.body)] }));
    }
    const orphans = d.notes.filter((n) => n.start === null);
    if (orphans.length) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun('Annotations whose passage was deleted')] }));
      for (const note of orphans) children.push(new Paragraph({ children: [new TextRun({ text: `“${note.annotation.passage.quote.exact}”: `, italics: true }), new TextRun(`${KIND_NAME[note.annotation.kind]} by ${note.annotation.author.name}. ${note.annotation.body}`)] }));
    }
  }
  const document = new Document({ creator: 'Crosswalk', title: model.info?.title ?? model.workspaceId, comments: { children: comments }, sections: [{ children }] });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
