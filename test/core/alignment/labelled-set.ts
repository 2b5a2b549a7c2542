// Loads the labelled alignment set and the texts it names (IO for the tests and the bench).
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { parse as parseYaml } from 'yaml';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { loadDocument } from '../../../core/text/index.js';
import { alignableText, LabelledSet, type AlignableText } from '../../../core/alignment/index.js';
import { repoRoot, sharedDir } from '../../support/paths.js';

export const labelledSetFile = path.join(repoRoot, 'test/fixtures/alignment/labelled-pairs.yaml');
export const policiesAvailable = fs.existsSync(path.join(sharedDir, 'policies'));

/** A Markdown file with front matter, as the workspace would hold it. */
export function loadAlignable(file: string): AlignableText {
  const { doc } = loadDocument(file, fs.readFileSync(file, 'utf8'));
  const fragment = new Y.Doc().getXmlFragment('text');
  prosemirrorToYXmlFragment(doc, fragment);
  return alignableText(fragment);
}

export interface LoadedSet {
  set: LabelledSet;
  texts: Map<string, AlignableText>;
  /** Documents that live in the shared folder; left out (with their pairs) when it is absent. */
  shared: Set<string>;
}

/** The labelled set with every document it names; pairs on shared texts only when the shared folder is present. */
export function loadLabelledSet(): LoadedSet {
  const set = LabelledSet.parse(parseYaml(fs.readFileSync(labelledSetFile, 'utf8')));
  const texts = new Map<string, AlignableText>();
  const shared = new Set<string>();
  for (const [id, where] of Object.entries(set.documents)) {
    if ('shared' in where) {
      shared.add(id);
      if (!policiesAvailable) continue;
    }
    texts.set(id, loadAlignable('file' in where ? path.join(repoRoot, where.file) : path.join(sharedDir, where.shared)));
  }
  const present = (target: string) => texts.has(target);
  return {
    set: { ...set, pairs: set.pairs.filter((p) => present(p.target)), boilerplate: set.boilerplate.filter((b) => present(b.target)) },
    texts,
    shared,
  };
}
