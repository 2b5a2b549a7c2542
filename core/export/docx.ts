import { CommentRangeEnd, CommentRangeStart, CommentReference, Document, HeadingLevel, Packer, Paragraph, TextRun, type ICommentOptions, type IStylesOptions, type ParagraphChild } from 'docx';
import type { Node as PmNode } from 'prosemirror-model';
import { formatInText, formatReference } from '../citation-format.js';
import type { ExportModel, ExportNote } from './model.js';
import { textblockRuns, type Run } from './runs.js';
import { CODE_STYLE, commentParagraph, markdownParagraphs, markedRun } from './docx-text.js';
import { comparisonSentence, otherSide, readComparison } from './comparison.js';
import { CATEGORY_NAME, KIND_NAME, describeFilters, longDate, noteCount } from './labels.js';

// Word comment ids: a note's own comment is n * 1000, its replies follow it.
const commentId = (n: number, reply = 0) => n * 1000 + reply;

/**
 * The comment ids of each note's thread, the note's own first. Word threads replies through
 * commentsExtended.xml, but LibreOffice and pandoc list only comments that document.xml anchors:
 * every comment of a thread gets the range and reference of its note, as Word itself writes them.
 */
type Threads = Map<number, number[]>;

const liveReplies = (note: ExportNote) => note.annotation.replies.filter((r) => !r.deleted);

function threadsOf(notes: ExportNote[]): Threads {
  return new Map(notes.map((note) => [note.n, [commentId(note.n), ...liveReplies(note).map((_, i) => commentId(note.n, i + 1))]]));
}

const rangeStarts = (ids: number[]) => ids.map((id) => new CommentRangeStart(id));
const rangeEnds = (ids: number[]): ParagraphChild[] => [...ids.map((id) => new CommentRangeEnd(id)), ...ids.map((id) => new TextRun({ children: [new CommentReference(id)] }))];

function runChildren(runs: Run[], threads: Threads): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  for (const run of runs) {
    for (const n of run.startingHere) children.push(...rangeStarts(threads.get(n) ?? []));
    children.push(...(run.lineBreak ? [new TextRun({ break: 1 })] : markedRun(run.text, run.marks)));
    for (const n of run.endingHere) children.push(...rangeEnds(threads.get(n) ?? []));
  }
  return children;
}

function blocks(node: PmNode, runs: Map<PmNode, Run[]>, threads: Threads, depth = 0, bullet = false): Paragraph[] {
  const out: Paragraph[] = [];
  node.forEach((child) => {
    switch (child.type.name) {
      case 'paragraph': {
        const label = child.attrs.label ? [new TextRun({ text: `${child.attrs.label}  `, color: '7A8292', size: 16 })] : [];
        out.push(new Paragraph({ children: [...label, ...runChildren(runs.get(child) ?? [], threads)], ...(bullet ? { bullet: { level: depth } } : {}) }));
        break;
      }
      case 'heading':
        out.push(new Paragraph({ heading: child.attrs.level === 1 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3, children: runChildren(runs.get(child) ?? [], threads) }));
        break;
      case 'bullet_list':
      case 'ordered_list':
        child.forEach((item) => out.push(...blocks(item, runs, threads, depth, true)));
        break;
      default:
        out.push(...blocks(child, runs, threads, depth, bullet));
    }
  });
  return out;
}

/** What the annotation's comment says: its kind, the source or the comparison, the body rendered, its tags. */
function commentText(note: ExportNote, model: ExportModel): Paragraph[] {
  const a = note.annotation;
  const plain = (text: string, bold = false) => commentParagraph([new TextRun({ text, bold })]);
  const out = [plain(`${KIND_NAME[a.kind]}${a.kind === 'critique' && a.category ? ` (${CATEGORY_NAME[a.category]})` : ''}${a.status === 'resolved' ? ', resolved' : ''}`, true)];
  if (a.kind === 'citation') {
    try {
      out.push(plain(`${formatReference(a.citation.source, model.style)} ${formatInText(a.citation, model.style)}`));
    } catch {
      out.push(plain(a.citation.source.title));
    }
  }
  if (a.kind === 'comparison') {
    const reading = readComparison(a.passage, a.comparison, model.allDocuments);
    const other = otherSide(reading).passage;
    out.push(plain(`${comparisonSentence(reading)}.`), plain(`Compared passage${other.pinpoint ? ` (${other.pinpoint})` : ''}: “${other.quote.exact}”`));
  }
  if (a.body.trim()) out.push(...markdownParagraphs(a.body));
  if (a.tags.length) out.push(plain(a.tags.map((t) => `#${t}`).join(' ')));
  return out;
}

const initials = (name: string) => name.split(/\s+/).filter(Boolean).map((p) => p[0]!.toUpperCase()).join('').slice(0, 3);

function threadComments(note: ExportNote, model: ExportModel): ICommentOptions[] {
  const a = note.annotation;
  const resolved = a.status === 'resolved';
  return [
    { id: commentId(note.n), author: a.author.name, initials: initials(a.author.name), date: new Date(a.created), resolved, children: commentText(note, model) },
    ...liveReplies(note).map((r, i) => ({ id: commentId(note.n, i + 1), parentId: commentId(note.n), author: r.author.name, initials: initials(r.author.name), date: new Date(r.created), resolved, children: markdownParagraphs(r.body) })),
  ];
}

// Space between paragraphs (after each, as a reader's word processor sets it) and headings that stay with what follows.
const STYLES: IStylesOptions = {
  default: {
    document: { paragraph: { spacing: { after: 160, line: 276 } } },
    title: { paragraph: { spacing: { after: 240 }, keepNext: true } },
    heading1: { paragraph: { spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true } },
    heading2: { paragraph: { spacing: { before: 280, after: 120 }, keepNext: true, keepLines: true } },
    heading3: { paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true } },
  },
  characterStyles: [CODE_STYLE],
};

/** A Word document with a comment on each annotated range, its replies threaded under it and anchored on the same range. */
export async function exportDocx(model: ExportModel): Promise<Uint8Array> {
  const comments: ICommentOptions[] = [];
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.info?.title ?? model.workspaceId)] }),
    new Paragraph({ children: [new TextRun({ text: `Annotated copy exported from Crosswalk on ${longDate(model.generated)}: ${noteCount(model)} annotations (${describeFilters(model.filters)}).`, italics: true })] }),
  ];
  model.documents.forEach((d, i) => {
    const m = d.meta;
    const threads = threadsOf(d.notes);
    // Each document starts a page; the first follows the cover lines.
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: i > 0, children: [new TextRun(m.title)] }));
    const facts = [m.issuer, longDate(m.date), m.type, m.citation, m.sourceUrl ?? m.source].filter(Boolean).join(' · ');
    children.push(new Paragraph({ children: [new TextRun({ text: facts, color: '4A5363' })] }));
    if (m.capture) children.push(new Paragraph({ children: [new TextRun({ text: `Provenance: ${m.capture}`, color: '4A5363', size: 18 })] }));
    children.push(...blocks(d.doc, textblockRuns(d.doc, d.notes), threads));
    for (const note of d.notes) comments.push(...threadComments(note, model));
    // An annotation whose passage was deleted keeps its comments, on its quote in a list of its own.
    const orphans = d.notes.filter((n) => n.start === null);
    if (orphans.length) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun('Annotations whose passage was deleted')] }));
      for (const note of orphans) {
        const ids = threads.get(note.n) ?? [];
        const a = note.annotation;
        children.push(
          new Paragraph({
            children: [new TextRun({ text: '“', italics: true }), ...rangeStarts(ids), new TextRun({ text: a.passage.quote.exact, italics: true }), ...rangeEnds(ids), new TextRun({ text: '”', italics: true }), new TextRun(` ${KIND_NAME[a.kind]} by ${a.author.name}${a.passage.pinpoint ? `, ${a.passage.pinpoint}` : ''}.`)],
          }),
        );
      }
    }
  });
  const document = new Document({ creator: 'Crosswalk', title: model.info?.title ?? model.workspaceId, styles: STYLES, comments: { children: comments }, sections: [{ children }] });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
