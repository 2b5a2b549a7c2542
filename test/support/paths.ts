import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const documentsDir = path.join(repoRoot, 'documents');
/** The shared folder beside the repository: seeds, policies (test data read in place), conformance. */
export const sharedDir = path.resolve(repoRoot, '../shared');
