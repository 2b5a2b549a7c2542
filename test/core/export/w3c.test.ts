import { beforeAll, describe, expect, it } from 'vitest';
import { exportWorkspace } from '../../../core/export/index.js';
import { NOTICE } from '../../support/annotated-workspace.js';
import { conformanceAvailable, validateCollection } from '../../support/w3c-validator.js';
import { EO, EO_URL, eoAvailable, paperWorkspace } from './paper-workspace.js';

/*
 * The W3C export as another annotation tool reads it: a target's source is the page it can
 * open (the document's public address), the workspace's URN rides along as an identifier, and
 * every term outside the Web Annotation vocabulary is declared in the @context, so a JSON-LD
 * processor keeps it rather than dropping it.
 */

// The Web Annotation vocabulary terms the export uses (http://www.w3.org/ns/anno.jsonld defines them).
const W3C_TERMS = new Set(['@context', 'id', 'type', 'label', 'total', 'generator', 'generated', 'name', 'first', 'startIndex', 'partOf', 'items', 'motivation', 'creator', 'created', 'modified', 'body', 'target', 'source', 'selector', 'state', 'sourceDate', 'value', 'format', 'purpose', 'exact', 'prefix', 'suffix', 'start', 'end']);

type Json = Record<string, unknown>;

/** Every key used in the document, outside the values of `crosswalk` (a JSON literal, not linked data). */
function keysIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      found.add(key);
      if (key !== 'crosswalk' && key !== '@context') keysIn(v, found);
    }
  }
  return found;
}

describe.skipIf(!eoAvailable)('the W3C export for other tools', () => {
  let collection: Json;
  let items: Json[];
  beforeAll(async () => {
    const { ws } = paperWorkspace();
    collection = JSON.parse(String((await exportWorkspace(ws.ydoc, 'secure-communities', 'w3c')).body));
    items = (collection.first as { items: Json[] }).items;
  });
  const annotationOn = (documentId: string) => items.filter((i) => i.motivation !== 'replying' && (i.crosswalk as Json).documentId === documentId);

  it('points a target at the document’s public address, keeping the workspace URN as an identifier', () => {
    const onOrder = annotationOn(EO);
    expect(onOrder.length).toBeGreaterThan(0);
    for (const item of onOrder) expect(item.target).toMatchObject({ type: 'SpecificResource', source: EO_URL, crosswalkSource: `urn:crosswalk:document:${EO}` });
    // The notice has no public address of its own: its URN is its source.
    for (const item of annotationOn(NOTICE)) expect(item.target).toMatchObject({ source: `urn:crosswalk:document:${NOTICE}`, crosswalkSource: `urn:crosswalk:document:${NOTICE}` });
    // A comparison written on the notice links to the order's page.
    const comparison = annotationOn(NOTICE).find((i) => i.motivation === 'linking')!;
    expect((comparison.body as Json[]).find((b) => b.purpose === 'linking')).toMatchObject({ source: EO_URL, crosswalkSource: `urn:crosswalk:document:${EO}` });
  });

  it('declares Crosswalk’s terms in the @context', () => {
    const context = collection['@context'] as [string, Json];
    expect(context[0]).toBe('http://www.w3.org/ns/anno.jsonld');
    const declared = new Set(Object.keys(context[1]));
    expect(context[1].crosswalk).toMatchObject({ '@type': '@json' });
    const undeclared = [...keysIn(collection)].filter((key) => !W3C_TERMS.has(key) && !declared.has(key));
    expect(undeclared).toEqual([]);
    for (const item of items) expect(item['@context']).toEqual(collection['@context']);
  });

  it.skipIf(!conformanceAvailable)('still passes the W3C test suite’s MUST assertions', () => {
    expect(validateCollection(collection)).toEqual([]);
  });
});
