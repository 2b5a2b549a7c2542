import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { EditorState } from 'prosemirror-state';
import { initProseMirrorDoc } from 'y-prosemirror';
import { TextIndex, describePassage, pmPos, schema, seedWorkspace, type AnnotationContent, type Workspace } from '../core/index.js';
import { loadCatalogue, loadDocument } from '../core/text/index.js';
import { anchorAll } from '../client/annotations/anchored.js';
import { buildDecorations } from '../client/annotations/plugin.js';
import { runExportBench } from './exports.js';

const root = path.resolve(import.meta.dirname, '..');
const NOTICE = 'secure-communities-ice-2015';

function corpusWorkspace(): Workspace {
  const notice = path.join(root, 'documents', `${NOTICE}.md`);
  const catalogue = path.join(root, 'documents/catalogue.yaml');
  return seedWorkspace(new Y.Doc(), {
    info: { title: 'Bench', description: '', created: new Date().toISOString() },
    documents: [loadDocument(notice, fs.readFileSync(notice, 'utf8'))],
    catalogue: loadCatalogue(catalogue, fs.readFileSync(catalogue, 'utf8'), 1),
  });
}

const KINDS: AnnotationContent[] = [
  { kind: 'critique', body: 'Removal is not conviction.', tags: ['numbers'] },
  { kind: 'question', body: 'What counts here?', tags: [] },
  { kind: 'citation', body: '', tags: [], citation: { source: { type: 'report', title: 'ICE ERO report' } } },
];

/** Adds `count` annotations on random passages of the notice (1 to 80 characters long). */
function annotate(workspace: Workspace, count: number, seed = 7): void {
  const random = prng.create(seed);
  const fragment = workspace.documentText(NOTICE);
  const index = new TextIndex(fragment);
  const store = workspace.annotations();
  const { doc } = initProseMirrorDoc(fragment, schema);
  const textPositions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isText) for (let i = 0; i < node.text!.length; i++) textPositions.push(pos + i);
    return true;
  });
  workspace.ydoc.transact(() => {
    let made = 0;
    while (made < count) {
      const start = prng.int32(random, 0, textPositions.length - 2);
      const from = textPositions[start]!;
      const to = Math.min(textPositions[Math.min(textPositions.length - 1, start + prng.int32(random, 1, 80))]! + 1, doc.content.size - 1);
      const passage = describePassage(NOTICE, index, pmPos(from), pmPos(to));
      if (!passage) continue;
      const content = KINDS[made % KINDS.length]!;
      // Citations draw on a reading list of 25 sources, as a seminar's would.
      const varied: AnnotationContent =
        content.kind === 'citation' ? { ...content, citation: { source: { type: 'report', title: `ICE ERO report, part ${made % 25}`, issued: { 'date-parts': [[2010 + (made % 5)]] } }, locator: `p. ${made % 40}` } } : content;
      store.create({ id: `a${made}`, author: { id: 'bench', name: 'Bench' }, passage, content: varied }, 'import');
      made++;
    }
  }, 'import');
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => void, repeats: number): number {
  run(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Resolving every annotation of the notice and building its highlight decorations. */
function decorationsMs(workspace: Workspace): number {
  const fragment = workspace.documentText(NOTICE);
  const state = EditorState.create({ schema, doc: initProseMirrorDoc(fragment, schema).doc });
  const annotations = workspace.annotations().list();
  return time(() => {
    const anchored = anchorAll(workspace.ydoc, fragment, NOTICE, annotations);
    buildDecorations(state, { anchored, targets: [], focusedId: null, mode: 'kind' });
  }, 15);
}

/** One keystroke in the notebook, with the observers the app keeps on annotations and the notice. */
function keystrokeMs(workspace: Workspace): number {
  const store = workspace.annotations();
  let seen = 0;
  const stopAnnotations = store.observe(() => seen++);
  const onNotice = () => seen++;
  workspace.documentText(NOTICE).observeDeep(onNotice);
  const notebook = workspace.notebook();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('')]);
  notebook.insert(0, [paragraph]);
  const text = paragraph.get(0) as Y.XmlText;
  const perKey = time(() => {
    for (let i = 0; i < 200; i++) workspace.ydoc.transact(() => text.insert(text.length, 'x'), 'local');
  }, 15) / 200;
  stopAnnotations();
  workspace.documentText(NOTICE).unobserveDeep(onNotice);
  return perKey;
}

export async function runAnnotationBench(count = 5000): Promise<void> {
  const empty = corpusWorkspace();
  const loaded = corpusWorkspace();
  annotate(loaded, count);
  const decorations = { empty: decorationsMs(empty), loaded: decorationsMs(loaded) };
  const keystroke = { empty: keystrokeMs(empty), loaded: keystrokeMs(loaded) };
  const listMs = time(() => loaded.annotations().list(), 15);
  // With a reply on every tenth annotation, as a discussed workspace has.
  loaded.ydoc.transact(() => {
    for (let i = 0; i < count; i += 10) loaded.annotations().addReply(`a${i}`, { id: `r${i}`, author: { id: 'bench', name: 'Bench' }, body: 'A reply.' }, 'import');
  });
  console.log(`Annotations: the notice with ${count} annotations on random passages (1–80 characters; a third of them citations of 25 sources) vs none; median of 15 runs.`);
  console.log(`  decorations (resolve every anchor + build the highlight set): ${decorations.loaded.toFixed(1)} ms with ${count}, ${decorations.empty.toFixed(2)} ms with none (target < 50 ms)`);
  console.log(
    `  reading and validating every annotation (after any change):      ${listMs.toFixed(1)} ms with ${count}\n` +
    `  notebook keystroke (Yjs transaction with the app's observers):   ${(keystroke.loaded * 1000).toFixed(1)} µs with ${count}, ${(keystroke.empty * 1000).toFixed(1)} µs with none, ratio ${(keystroke.loaded / keystroke.empty).toFixed(2)} (target ≤ 1.5)\n`,
  );
  await runExportBench(loaded, count);
}
