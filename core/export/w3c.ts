import type { Annotation, Passage } from '../annotation.js';
import type { DocumentMeta } from '../document-meta.js';
import type { ExportModel } from './model.js';
import { comparisonSentence, readComparison } from './comparison.js';

/*
 * The Web Annotation context, then Crosswalk's own terms, so that a JSON-LD processor keeps them
 * instead of dropping them as undefined: `crosswalk` (everything needed to restore an annotation
 * exactly, kept as a JSON literal: its CSL-JSON and member ids are not linked data) and
 * `crosswalkSource` (the workspace's identifier of a target's document, beside its public address).
 */
const CONTEXT = [
  'http://www.w3.org/ns/anno.jsonld',
  {
    '@version': 1.1,
    cw: 'urn:crosswalk:vocab#',
    crosswalk: { '@id': 'cw:annotation', '@type': '@json' },
    crosswalkSource: { '@id': 'cw:source', '@type': '@id' },
  },
] as const;

/** The workspace's own identifier of a document, whether or not it has a public address. */
const documentUrn = (id: string) => `urn:crosswalk:document:${id}`;

/** The IRI that stands for a document: its official address when known (so other tools find the page), else its URN. */
export function documentIri(meta: DocumentMeta | undefined, id: string): string {
  return meta?.sourceUrl ?? documentUrn(id);
}

export const annotationIri = (id: string) => `urn:crosswalk:annotation:${id}`;

const MOTIVATION: Record<Annotation['kind'], string> = {
  critique: 'assessing',
  question: 'questioning',
  comparison: 'linking',
  citation: 'describing',
};

function selectors(passage: Passage) {
  return [
    { type: 'TextQuoteSelector', exact: passage.quote.exact, prefix: passage.quote.prefix, suffix: passage.quote.suffix },
    { type: 'TextPositionSelector', start: passage.position.start, end: passage.position.end },
  ];
}

function target(passage: Passage, model: ExportModel) {
  const meta = model.allDocuments.get(passage.documentId);
  return {
    type: 'SpecificResource',
    source: documentIri(meta, passage.documentId),
    crosswalkSource: documentUrn(passage.documentId),
    selector: selectors(passage),
    // The document's date: the text as it stood then is what the selectors describe.
    ...(meta && /^\d{4}-\d{2}-\d{2}$/.test(meta.date) ? { state: { type: 'TimeState', sourceDate: `${meta.date}T00:00:00Z` } } : {}),
  };
}

const person = (p: { id: string; name: string }) => ({ id: `urn:crosswalk:user:${encodeURIComponent(p.id)}`, type: 'Person', name: p.name });

function annotationJson(a: Annotation, model: ExportModel): Record<string, unknown>[] {
  const body: Record<string, unknown>[] = [];
  if (a.body) body.push({ type: 'TextualBody', value: a.body, format: 'text/markdown', purpose: a.kind === 'citation' || a.kind === 'comparison' ? 'commenting' : MOTIVATION[a.kind] });
  for (const tag of a.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  if (a.kind === 'comparison') {
    body.push({ ...target(a.comparison.target, model), purpose: 'linking' });
    // Which document does what to which, in the words of the other formats: a reader of the link alone cannot tell.
    body.push({ type: 'TextualBody', value: comparisonSentence(readComparison(a.passage, a.comparison, model.allDocuments)), format: 'text/plain', purpose: 'describing' });
  }
  if (a.kind === 'citation') {
    const source = a.citation.source;
    const iri = source.URL ?? (source.DOI ? `https://doi.org/${source.DOI}` : a.citation.sourcePassage ? documentIri(model.allDocuments.get(a.citation.sourcePassage.documentId), a.citation.sourcePassage.documentId) : undefined);
    // A purpose may only sit on a SpecificResource or a TextualBody, not on a bare web resource.
    body.push(iri ? { type: 'SpecificResource', source: iri, purpose: 'describing' } : { type: 'TextualBody', value: source.title, purpose: 'describing' });
  }
  const main: Record<string, unknown> = {
    '@context': CONTEXT,
    id: annotationIri(a.id),
    type: 'Annotation',
    motivation: MOTIVATION[a.kind],
    creator: person(a.author),
    created: a.created,
    modified: a.updated,
    ...(body.length ? { body } : {}),
    target: target(a.passage, model),
    // Everything Crosswalk needs to restore the annotation exactly; other tools ignore it.
    crosswalk: {
      kind: a.kind,
      status: a.status,
      ...(a.kind === 'critique' && a.category ? { category: a.category } : {}),
      ...(a.kind === 'citation' ? { citation: a.citation } : {}),
      ...(a.kind === 'comparison' ? { comparison: { relation: a.comparison.relation, target: { documentId: a.comparison.target.documentId, quote: a.comparison.target.quote, position: a.comparison.target.position, pinpoint: a.comparison.target.pinpoint } } } : {}),
      documentId: a.passage.documentId,
      pinpoint: a.passage.pinpoint,
      reactions: a.reactions.map((r) => ({ by: r.by, reaction: r.reaction, at: r.at })),
    },
  };
  const replies = a.replies
    .filter((r) => !r.deleted)
    .map((r) => ({
      '@context': CONTEXT,
      id: annotationIri(`${a.id}/reply/${r.id}`),
      type: 'Annotation',
      motivation: 'replying',
      creator: person(r.author),
      created: r.created,
      modified: r.updated,
      body: { type: 'TextualBody', value: r.body, format: 'text/markdown', purpose: 'replying' },
      target: annotationIri(a.id),
    }));
  return [main, ...replies];
}

/** A W3C Web Annotation AnnotationCollection (JSON-LD) with one embedded page. */
export function exportW3c(model: ExportModel): string {
  const id = `urn:crosswalk:workspace:${model.workspaceId}:export:${model.generated}`;
  const items = model.documents.flatMap((d) => d.notes.flatMap((n) => annotationJson(n.annotation, model)));
  const collection = {
    '@context': CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: `${model.info?.title ?? model.workspaceId}: annotations`,
    total: items.length,
    generator: { id: 'urn:crosswalk', type: 'Software', name: 'Crosswalk' },
    generated: model.generated,
    first: { id: `${id}#page-1`, type: 'AnnotationPage', startIndex: 0, partOf: id, items },
  };
  return JSON.stringify(collection, null, 2);
}
