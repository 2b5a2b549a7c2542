export { schema, safeHref } from './schema.js';
export {
  DocumentMeta,
  DocumentId,
  DocumentRelation,
  DocumentRelationKind,
  PolicyDate,
  WorkspaceInfo,
  byDate,
} from './document-meta.js';
export { Workspace, seedWorkspace, rootNames, isWorkspaceRoot, type WorkspaceSeed } from './workspace.js';
export { unrenderable, unrenderableItems } from './renderable.js';
export type { Origin } from './origin.js';
export { CloseCode } from './close-codes.js';
export { Role } from './role.js';
export * from './annotation.js';
export { KIND_LABEL, CATEGORY_LABEL, RELATION_LABEL } from './annotation-labels.js';
export { Annotations, AnnotationError, annotationKeys } from './annotation-store.js';
export { Dismissals, Dismissal, DismissalKey, suggestionKey } from './suggestion-dismissals.js';
export { Facilitation, Spotlight } from './facilitation.js';
export { TextIndex } from './anchoring/text-index.js';
export { describePassage, resolvePassage, quoteAt, type AnchorHealth, type ResolvedPassage } from './anchoring/passage.js';
export { findQuote } from './anchoring/quote-match.js';
export { pmPos, textOffset, type PmPos, type TextOffset } from './anchoring/coordinates.js';
export { checkUpdate, withoutImpliedDeletes, structClientCount, describeContent, containerOf, idKey, DEFAULT_BUDGET, type Touch, type Content, type Container, type UpdateBudget, type UpdateCheck, type UpdateFormat } from './update-check.js';
export { Seminar, SeminarError, SeminarId, SeminarSession, AgendaItem, NowDiscussing, NOW_DISCUSSING } from './seminar.js';
export { participation, Participation, MemberParticipation } from './participation.js';
export { moderationChanges, type ModerationChange } from './moderation.js';
// Reading texts (core/text), formatting citations (core/citations), exporters and importers are
// their own entry points (core/export/index.ts, core/import/index.ts):
// they pull in markdown-it, citation-js, docx and papaparse, which the sync server loads only when asked.
export { PresenceUser, PresenceColor, colorFor, safeColor, presenceLimits } from './presence.js';
export { ProgramToken } from './program-token.js';
export { searchTexts, blockByPinpoint, type TextHit, type DocumentHits } from './text-search.js';
export { NO_PEOPLE, personNow, withCurrentNames, type People } from './people.js';
export { Library, LibrarySource, LIBRARY_LIMIT, citedSource, newSourceId, withLibrarySource } from './citations/library.js';
