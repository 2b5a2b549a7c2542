import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { sharedDir } from './paths.js';

const root = path.join(sharedDir, 'conformance/w3c-web-annotation');
// Page assertions that wrongly apply object-only definitions to an IRI partOf (see the schemas' README).
const PARTOF_OBJECT_ONLY = new Set(['3.3.1-pageCreatedValidated', '3.3.1-pageModifiedValidated', '3.3.6-pageRightsValidated', '5.2-pageFirstValidated', '5.2-pageLastValidated', '5.2-pageLabelValidated', '5.2-pageTotalValidated']);

export const conformanceAvailable = fs.existsSync(root);

function ajv() {
  const instance = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  addFormats(instance);
  for (const file of fs.readdirSync(path.join(root, 'definitions'))) {
    instance.addSchema(JSON.parse(fs.readFileSync(path.join(root, 'definitions', file), 'utf8')));
  }
  return instance;
}

function assertions(manifest: string): { name: string; schema: object }[] {
  const list = JSON.parse(fs.readFileSync(path.join(root, manifest), 'utf8')).assertions as string[];
  return list.map((file) => ({ name: path.basename(file, '.json'), schema: JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) }));
}

/**
 * Runs every MUST assertion of the W3C suite on an AnnotationCollection with an embedded
 * first page: the collection's, the page's, and each annotation's. Returns the failures.
 */
export function validateCollection(collection: Record<string, unknown>): string[] {
  const validator = ajv();
  const failures: string[] = [];
  const run = (manifest: string, value: unknown, label: string, skip: (name: string) => boolean = () => false) => {
    for (const { name, schema } of assertions(manifest)) {
      if (skip(name)) continue;
      const validate = validator.compile({ ...schema, id: undefined });
      if (!validate(value)) failures.push(`${label}: ${name}: ${JSON.stringify(validate.errors?.[0])}`);
    }
  };
  run('collections/collectionMusts.test', collection, 'collection');
  const page = collection.first as Record<string, unknown>;
  run('collections/pages/pageMusts.test', { '@context': collection['@context'], ...page }, 'page', (name) => typeof page.partOf === 'string' && PARTOF_OBJECT_ONLY.has(name));
  for (const [i, item] of ((page.items as Record<string, unknown>[]) ?? []).entries()) {
    run('annotations/annotationMusts.test', { '@context': collection['@context'], ...item }, `annotation ${i}`);
  }
  return failures;
}
