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
