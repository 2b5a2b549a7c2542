import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { DocumentLoadError, loadCatalogue, loadDocument } from '../../core/text/index.js';
import { documentsDir, sharedDir } from '../support/paths.js';

const noticeFile = path.join(documentsDir, 'secure-communities-ice-2015.md');
const seedFile = path.join(sharedDir, 'seeds/secure-communities-ice-2015.txt');
const policiesDir = path.join(sharedDir, 'policies');

function loadFile(file: string) {
  return loadDocument(file, fs.readFileSync(file, 'utf8'));
}

function blocks(doc: PmNode): { type: string; id: string; label: string | null; text: string }[] {
  const result: { type: string; id: string; label: string | null; text: string }[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    result.push({ type: node.type.name, id: node.attrs.id as string, label: node.attrs.label as string | null, text: node.textContent });
    return false;
  });
  return result;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('the corpus in documents/', () => {
  it('loads every file', () => {
    const files = fs.readdirSync(documentsDir);
    expect(files.filter((f) => f.endsWith('.md')).length).toBeGreaterThan(0);
    for (const name of files) {
      const file = path.join(documentsDir, name);
      if (name.endsWith('.md')) expect(loadFile(file).doc.textContent.length).toBeGreaterThan(0);
      else if (name.endsWith('.yaml')) expect(loadCatalogue(file, fs.readFileSync(file, 'utf8')).length).toBeGreaterThan(0);
      else throw new Error(`unexpected file in documents/: ${name}`);
    }
  });

  it('gives every block the same id on two loads, and no two blocks the same id', () => {
    const first = blocks(loadFile(noticeFile).doc);
    const second = blocks(loadFile(noticeFile).doc);
    expect(second.map((b) => b.id)).toEqual(first.map((b) => b.id));
    expect(new Set(first.map((b) => b.id)).size).toBe(first.length);
  });

  it('keeps a block id when another block of the file changes', () => {
    const source = fs.readFileSync(noticeFile, 'utf8');
    const edited = source.replace('ICE prioritizes the removal', 'ICE prioritises the removal');
    const before = blocks(loadDocument(noticeFile, source).doc);
    const after = blocks(loadDocument(noticeFile, edited).doc);
    const changed = before.findIndex((b) => b.text.startsWith('ICE prioritizes'));
    expect(changed).toBeGreaterThan(0);
    after.forEach((block, i) => {
      if (i === changed) expect(block.id).not.toBe(before[i]!.id);
      else expect(block.id).toBe(before[i]!.id);
    });
  });

  it('holds the ICE text of the seed word for word, without the blog around it', ({ skip }) => {
    // The seed is read in place from ../shared: without it (a bare clone) there is nothing to compare; CI must have it.
    if (!fs.existsSync(seedFile)) {
      if (process.env.CI === 'true') throw new Error(`${seedFile} is missing; CI must compare the notice with its seed`);
      skip(`${seedFile} is missing (the seed is read in place from ../shared)`);
    }
    const seed = fs.readFileSync(seedFile, 'utf8').split('\n');
    const start = seed.indexOf('Immigration Enforcement');
    const end = seed.findIndex((line) => line.startsWith('via Secure Communities | ICE.'));
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const iceText = seed.slice(start, end).join('\n');

    const { meta, doc } = loadFile(noticeFile);
    const ours = [meta.kicker ?? '', ...blocks(doc).map((b) => b.text)].join('\n');
    expect(words(ours)).toEqual(words(iceText));
    for (const chrome of ['Skip to content', 'via Secure Communities', 'Leave a Comment', 'Leave a Reply']) {
      expect(ours).not.toContain(chrome);
    }
    // The blog's own header gives the page title and date: they are the notice's metadata.
    const header = seed.slice(0, start).map((line) => words(line).join(' '));
    expect(header).toContain(`${meta.title} | ICE`);
    expect(header).toContain('April 24, 2015');
    expect(meta.date).toBe('2015-04-24');
    expect(meta.capture).toMatch(/via Secure Communities \| ICE/);
    expect(meta.locked).toBe(true);
  });

  it('numbers the notice’s paragraphs for pinpoint citation, and not its headings', () => {
    const all = blocks(loadFile(noticeFile).doc);
    const paragraphs = all.filter((b) => b.type === 'paragraph');
    expect(paragraphs.map((b) => b.label)).toEqual(paragraphs.map((_, i) => `¶ ${i + 1}`));
    expect(all.filter((b) => b.type === 'heading').every((b) => b.label === null)).toBe(true);
    expect(paragraphs.find((b) => b.text.includes('3,181 jurisdictions'))?.label).toBe('¶ 7');
  });
});

describe.skipIf(!fs.existsSync(policiesDir))('later policies from their official text (test data read in place)', () => {
  const eo14159 = path.join(policiesDir, '2025-01-20-eo-14159-protecting-american-people-against-invasion.md');
  const eo13993 = path.join(policiesDir, '2021-01-20-eo-13993-revision-civil-immigration-enforcement.md');

  it('reads front matter written with snake_case keys', () => {
    const { meta } = loadFile(eo13993);
    expect(meta).toMatchObject({ date: '2021-01-20', type: 'executive order', locked: true });
    expect(meta.sourceUrl).toMatch(/^https:\/\//);
  });

  it('labels the paragraphs of an executive order by section and subsection', () => {
    const labelled = blocks(loadFile(eo14159).doc);
    const label = (start: string) => labelled.find((b) => words(b.text).join(' ').startsWith(start))?.label;
    expect(label('Sec. 3.')).toBe('Sec. 3');
    expect(label('(a) Executive Order 13993')).toBe('Sec. 3(a)');
    expect(labelled.filter((b) => b.label === 'Sec. 19(e)')).toHaveLength(1);
  });
});

describe('a malformed file', () => {
  const cases: [string, string, RegExp][] = [
    ['no front matter', 'Just text.\n', /no YAML front matter/],
    ['bad YAML', '---\ntitle: [unclosed\n---\nText.\n', /bad front matter/],
    ['front matter that is a list', '---\n- a\n- b\n---\nText.\n', /bad front matter/],
    ['no title', '---\ndate: 2015-04-24\n---\nText.\n', /title/],
    ['an empty title', '---\ntitle: "  "\ndate: 2015-04-24\n---\nText.\n', /title/],
    ['a bad date', '---\ntitle: T\ndate: April 2015\n---\nText.\n', /date/],
    ['an empty text', '---\ntitle: T\ndate: 2015-04-24\n---\n\n   \n', /the text is empty/],
    ['only markup', '---\ntitle: T\ndate: 2015-04-24\n---\n#\n', /the text is empty/],
  ];
  it.each(cases)('fails with the file and the problem: %s', (_, source, problem) => {
    const attempt = () => loadDocument('documents/broken.md', source);
    expect(attempt).toThrow(DocumentLoadError);
    expect(attempt).toThrow(/^documents\/broken\.md: /);
    expect(attempt).toThrow(problem);
  });

  it('keeps raw HTML as text, never as markup', () => {
    const { doc } = loadDocument('x.md', '---\ntitle: T\ndate: 2015-04-24\n---\n<script>alert(1)</script> and <b>bold</b>\n');
    expect(doc.textContent).toContain('<script>alert(1)</script>');
    expect(doc.textContent).toContain('<b>bold</b>');
  });

  it('names the catalogue entry that is wrong', () => {
    const yaml = '- id: ok\n  title: A\n  date: 2017-01-25\n  type: memo\n- id: bad\n  date: 2017-01-25\n  type: memo\n';
    expect(() => loadCatalogue('documents/catalogue.yaml', yaml)).toThrow(/^documents\/catalogue\.yaml: entry 2: title/);
  });
});
