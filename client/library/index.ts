export { LibraryPanel } from './LibraryPanel.js';
export { useLibrary, searchLibrary } from './use-library.js';
export { SourceFields, draftOf, itemOf, type SourceDraft } from './SourceFields.js';
