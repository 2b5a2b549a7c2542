import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Node as PmNode } from 'prosemirror-model';
import { readSource, type SourceFile } from '../../core/text/index.js';
import { makePdf } from '../support/pdf.js';
import { repoRoot, sharedDir } from '../support/paths.js';

// The hand-written pinpoint of every block of real texts (see test/fixtures/pinpoints/README.md).

const baselinesDir = path.join(repoRoot, 'test/fixtures/pinpoints');

const Baseline = z
  .object({
    source: z.union([z.object({ file: z.string() }).strict(), z.object({ shared: z.string() }).strict(), z.object({ pdf: z.string() }).strict()]),
    type: z.string().min(1),
    blocks: z.array(z.tuple([z.string().nullable(), z.string().min(1)])).min(1),
  })
  .strict();
type Baseline = z.infer<typeof Baseline>;

const baselines = fs
  .readdirSync(baselinesDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name: name.replace(/\.yaml$/, ''), baseline: Baseline.parse(parseYaml(fs.readFileSync(path.join(baselinesDir, name), 'utf8'))) }));

/** Texts in ../shared are read in place: skipped with the reason when it is absent, failed on CI. */
function needShared(baseline: Baseline, skip: (note?: string) => never): void {
  if (!('shared' in baseline.source) || fs.existsSync(path.join(sharedDir, baseline.source.shared))) return;
  const reason = `${path.join(sharedDir, baseline.source.shared)} is missing (the orders are test data read in place from ../shared)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI must check their pinpoints`);
  skip(reason);
}

/** The file as an upload brings it: its bytes, its name and the type the browser gives it. */
async function upload(baseline: Baseline): Promise<SourceFile> {
  const { source, type: contentType } = baseline;
  if ('pdf' in source) {
    const printed = fs.readFileSync(path.join(repoRoot, source.pdf), 'utf8');
    const pages = printed.split(/^\f\n?/m).map((page) =>
      page
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.split('\n').filter((line) => line.trim() !== ''))
        .filter((lines) => lines.length > 0),
    );
    return { bytes: await makePdf(pages), contentType, name: path.basename(source.pdf, '.txt') };
  }
  const file = 'file' in source ? path.join(repoRoot, source.file) : path.join(sharedDir, source.shared);
  return { bytes: new Uint8Array(fs.readFileSync(file)), contentType, name: path.basename(file) };
}

function textblocks(doc: PmNode): { label: string | null; text: string }[] {
  const blocks: { label: string | null; text: string }[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    blocks.push({ label: node.attrs.label as string | null, text: node.textContent });
    return false;
  });
  return blocks;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const spaced = (text: string) => words(text).join(' ');
const row = (label: string | null, text: string) => `${label ?? '~'} | ${text}`;

// `**` or `__` anywhere, or a single `*` or `_` at the edge of a word: Markdown left as text.
const DELIMITER = /\*\*|__|(?<![\p{L}\p{N}])[*_](?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}\p{P}])[*_](?![\p{L}\p{N}])/u;

describe('pinpoint baselines', () => {
  it('has a baseline for every text in the folder', () => {
    const texts = fs.readdirSync(baselinesDir).filter((name) => !name.endsWith('.yaml') && name !== 'README.md');
    const named = new Set(baselines.map(({ baseline: { source } }) => ('file' in source ? source.file : 'pdf' in source ? source.pdf : '')));
    expect(texts.filter((name) => !named.has(`test/fixtures/pinpoints/${name}`))).toEqual([]);
    expect(baselines.length).toBeGreaterThanOrEqual(6);
  });

  describe.each(baselines)('$name', ({ baseline }) => {
    it('gives every block the pinpoint written in the baseline', async ({ skip }) => {
      needShared(baseline, skip);
      const found = textblocks((await readSource(await upload(baseline))).doc);
      const expected = baseline.blocks.map(([label, start]) => row(label, spaced(start)));
      // A found block shows the baseline's words when it starts with them, else as many of its own.
      const actual = found.map((b, i) => {
        const start = spaced(baseline.blocks[i]?.[1] ?? '');
        const text = spaced(b.text);
        return row(b.label, start !== '' && text.startsWith(start) ? start : words(text).slice(0, words(start).length || 8).join(' '));
      });
      expect(actual).toEqual(expected);
    });

    it('keeps no Markdown delimiter in any block’s text', async ({ skip }) => {
      needShared(baseline, skip);
      const found = textblocks((await readSource(await upload(baseline))).doc);
      expect(found.filter((b) => DELIMITER.test(b.text)).map((b) => row(b.label, b.text))).toEqual([]);
    });
  });
});
