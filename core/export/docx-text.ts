import { ExternalHyperlink, Paragraph, TextRun, XmlAttributeComponent, XmlComponent, type ParagraphChild } from 'docx';
import type { Mark, Node as PmNode } from 'prosemirror-model';
import { parseMarkdown } from '../markdown.js';
import { safeHref } from '../schema.js';

/*
 * Text with the schema's marks as Word runs: bold, italics, code in a monospaced font, and links
 * that are live only when they are http(s) or mailto (anything else keeps its words, not its
 * target). Annotation bodies and replies are limited Markdown: they are parsed, never shown raw.
 */

const CODE_FONT = 'Consolas';

/** Code as Word and pandoc both know it: pandoc reads "Verbatim Char" as code (not when it is based on another style), Word shows its font. */
export const CODE_STYLE = { id: 'VerbatimChar', name: 'Verbatim Char', run: { font: CODE_FONT, size: 20 } } as const;

/** What a caller sets on every run whatever the marks say: a label's size and colour, a heading's weight. */
export interface RunLook {
  size?: number;
  color?: string;
  bold?: boolean;
}

/** Where a link sits: the document's text (a hyperlink relationship) or a comment (a HYPERLINK field). */
export type LinkPlace = 'document' | 'comment';

/** One piece of marked text as a run, inside a hyperlink when it carries a live link. */
export function markedRun(text: string, marks: readonly Mark[], base: RunLook = {}, place: LinkPlace = 'document'): ParagraphChild[] {
  const names = new Set(marks.map((m) => m.type.name));
  const link = marks.find((m) => m.type.name === 'link');
  const href = link ? String(link.attrs.href).trim() : '#';
  const live = safeHref(href) !== '#';
  // Only what a mark sets is written: an explicit "not bold" would undo a heading's own style.
  const run = new TextRun({
    text,
    ...(names.has('strong') ? { bold: true } : {}),
    ...(names.has('em') ? { italics: true } : {}),
    ...(live ? { style: 'Hyperlink' } : names.has('code') ? { style: CODE_STYLE.id } : {}),
    ...(live && names.has('code') ? { font: CODE_FONT } : {}),
    ...base,
  });
  if (!live) return [run];
  return place === 'document' ? [new ExternalHyperlink({ link: href, children: [run] })] : hyperlinkField(href, run);
}

/*
 * In a comment a link is a HYPERLINK field rather than a relationship of comments.xml: Word and
 * LibreOffice read both, but pandoc looks a comment's relationship up among the document's and
 * loses (or mistakes) its target. The address is percent-encoded where a field argument would
 * need escapes that readers undo differently.
 */
function hyperlinkField(href: string, run: TextRun): ParagraphChild[] {
  const target = href.replace(/["\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const field = (child: XmlComponent) => new TextRun({ children: [child] });
  return [field(new FieldChar('begin')), field(new FieldInstruction(` HYPERLINK "${target}" `)), field(new FieldChar('separate')), run, field(new FieldChar('end'))];
}

class FieldCharAttributes extends XmlAttributeComponent<{ type: 'begin' | 'separate' | 'end' }> {
  protected override readonly xmlKeys = { type: 'w:fldCharType' };
}

class FieldChar extends XmlComponent {
  constructor(type: 'begin' | 'separate' | 'end') {
    super('w:fldChar');
    this.root.push(new FieldCharAttributes({ type }));
  }
}

class PreserveSpace extends XmlAttributeComponent<{ space: 'preserve' }> {
  protected override readonly xmlKeys = { space: 'xml:space' };
}

class FieldInstruction extends XmlComponent {
  constructor(instruction: string) {
    super('w:instrText');
    this.root.push(new PreserveSpace({ space: 'preserve' }));
    this.root.push(instruction);
  }
}

/** The inline content of a textblock as runs (a hard break as a line break). */
export function inlineRuns(block: PmNode, base: RunLook = {}, place: LinkPlace = 'document'): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  block.forEach((child) => runs.push(...(child.isText ? markedRun(child.text!, child.marks, base, place) : [new TextRun({ break: 1, ...base })])));
  return runs;
}

// Paragraphs inside a comment: close together, as Word sets its own.
const COMMENT_SPACING = { before: 0, after: 60 };

/**
 * A body in limited Markdown as comment paragraphs: emphasis, code and links as runs, headings in
 * bold, lists with their markers, quotes indented. Text that does not parse stays as typed.
 */
export function markdownParagraphs(body: string): Paragraph[] {
  let doc: PmNode;
  try {
    doc = parseMarkdown(body);
  } catch {
    return body.split(/\n{2,}/).map((text) => new Paragraph({ spacing: COMMENT_SPACING, children: [new TextRun(text)] }));
  }
  const out: Paragraph[] = [];
  const walk = (node: PmNode, indent: number, marker: string | null) => {
    let first = true;
    const take = () => {
      const m = first ? marker : null;
      first = false;
      return m;
    };
    node.forEach((child) => {
      switch (child.type.name) {
        case 'paragraph':
        case 'heading': {
          const m = take();
          out.push(
            new Paragraph({
              spacing: COMMENT_SPACING,
              ...(indent ? { indent: { left: indent * 360, ...(m ? { hanging: 360 } : {}) } } : {}),
              children: [...(m ? [new TextRun(`${m}\t`)] : []), ...inlineRuns(child, child.type.name === 'heading' ? { bold: true } : {}, 'comment')],
            }),
          );
          break;
        }
        case 'blockquote':
          walk(child, indent + 1, take());
          break;
        case 'bullet_list':
        case 'ordered_list': {
          let n = Number(child.attrs.order ?? 1);
          child.forEach((item) => walk(item, indent + 1, child.type.name === 'bullet_list' ? '•' : `${n++}.`));
          break;
        }
        default:
          walk(child, indent, take());
      }
    });
  };
  walk(doc, 0, null);
  return out.length ? out : [new Paragraph({ spacing: COMMENT_SPACING, children: [] })];
}

/** A comment paragraph of plain runs (the comment's heading lines), spaced as the body's. */
export function commentParagraph(children: ParagraphChild[]): Paragraph {
  return new Paragraph({ spacing: COMMENT_SPACING, children });
}
