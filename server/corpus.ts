import fs from 'node:fs';
import path from 'node:path';
import { type WorkspaceSeed } from '../core/index.js';
import { loadCatalogue, loadDocument } from '../core/text/index.js';

const CATALOGUE_FILE = 'catalogue.yaml';

/**
 * Reads the corpus folder: every Markdown file is a document (in file-name order),
 * and catalogue.yaml lists the later policies not yet imported.
 */
export function readCorpus(dir: string): Omit<WorkspaceSeed, 'info'> {
  const names = fs.readdirSync(dir).sort();
  const documents = names
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name, order) => loadDocument(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8'), { order }));
  const cataloguePath = path.join(dir, CATALOGUE_FILE);
  const catalogue = fs.existsSync(cataloguePath)
    ? loadCatalogue(cataloguePath, fs.readFileSync(cataloguePath, 'utf8'), documents.length)
    : [];
  return { documents, catalogue };
}
