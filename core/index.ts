export { schema, safeHref } from './schema.js';
export { parseMarkdown } from './markdown.js';
export { labelBlocks } from './block-labels.js';
export { loadDocument, DocumentLoadError, type LoadedDocument, type LoadOptions } from './document-loader.js';
export { loadCatalogue } from './catalogue.js';
export {
  DocumentMeta,
  DocumentId,
  DocumentRelation,
  DocumentRelationKind,
  PolicyDate,
  WorkspaceInfo,
  byDate,
} from './document-meta.js';
export { Workspace, seedWorkspace, rootNames, type WorkspaceSeed } from './workspace.js';
export type { Origin } from './origin.js';
export { CloseCode } from './close-codes.js';
export { Role } from './role.js';
export * from './annotation.js';
export { Annotations, AnnotationError, annotationKeys } from './annotation-store.js';
export { TextIndex } from './anchoring/text-index.js';
export { describePassage, resolvePassage, quoteAt, type AnchorHealth, type ResolvedPassage } from './anchoring/passage.js';
export { findQuote } from './anchoring/quote-match.js';
export { pmPos, textOffset, type PmPos, type TextOffset } from './anchoring/coordinates.js';
export { formatReference, formatInText, type CitationStyle } from './citation-format.js';
export { touchesOf, type Touch } from './update-touches.js';
export * from './export/index.js';
export { importAnnotations, readAnnotationFile, ImportError, type ImportReport } from './import/annotations.js';
