import { Fragment, type Node as PmNode } from 'prosemirror-model';

/**
 * Gives every textblock a stable id and every paragraph a pinpoint label.
 *
 * Ids hash the block's text, so the same file always yields the same ids and an
 * edit elsewhere in the file leaves them alone; a repeated text gets a suffix.
 * Labels follow legal citation habit: "Sec. 10(b)" inside numbered sections of an
 * order, "¶ 7" elsewhere, and "p. 3 ¶ 2" for a block that knows its printed page (a PDF's),
 * since a paginated source is cited by page.
 */
export function labelBlocks(doc: PmNode): PmNode {
  const seen = new Map<string, number>();
  const pinpoints = new PinpointCounter();

  const visit = (node: PmNode): PmNode => {
    if (node.isTextblock) {
      const text = node.textContent;
      const base = `b-${fnv1a(normalise(text))}`;
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      const id = count === 0 ? base : `${base}-${count + 1}`;
      const page = typeof node.attrs.page === 'number' ? node.attrs.page : null;
      const label = node.type.name === 'heading' ? pinpoints.heading(text) : page !== null ? pinpoints.onPage(page) : pinpoints.paragraph(text);
      return node.type.create({ ...node.attrs, id, label }, node.content, node.marks);
    }
    if (node.isLeaf) return node;
    const children: PmNode[] = [];
    node.forEach((child) => children.push(visit(child)));
    return node.copy(Fragment.from(children));
  };

  return visit(doc);
}

const SECTION = /^(?:Sec(?:tion)?\.?)\s*(\d+[A-Za-z]?)\./;
const SUBSECTION = /^\(([a-z]{1,4}|\d{1,3})\)/;
const ROMAN = /^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$/;

class PinpointCounter {
  private paragraphs = 0;
  private section: string | null = null;
  private inSection = 0;
  private letter: string | null = null;
  private page: number | null = null;
  private onThisPage = 0;

  onPage(page: number): string {
    if (page !== this.page) {
      this.page = page;
      this.onThisPage = 0;
    }
    this.onThisPage += 1;
    return `p. ${page} ¶ ${this.onThisPage}`;
  }

  heading(text: string): null {
    this.enterSection(text);
    return null;
  }

  paragraph(text: string): string {
    this.paragraphs += 1;
    if (this.enterSection(text)) return `Sec. ${this.section}`;
    if (this.section === null) return `¶ ${this.paragraphs}`;
    this.inSection += 1;
    const sub = SUBSECTION.exec(text.trim())?.[1];
    if (sub === undefined) return `Sec. ${this.section} ¶ ${this.inSection}`;
    const isRoman = ROMAN.test(sub) && this.letter !== null && !(sub === 'i' && this.letter === 'h');
    if (isRoman) return `Sec. ${this.section}(${this.letter})(${sub})`;
    this.letter = sub;
    return `Sec. ${this.section}(${sub})`;
  }

  private enterSection(text: string): boolean {
    const match = SECTION.exec(text.trim());
    if (!match) return false;
    this.section = match[1]!;
    this.inSection = 0;
    this.letter = null;
    return true;
  }
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** 32-bit FNV-1a, printed in base 36: short, stable and the same in Node and the browser. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0');
}
