export { importAnnotations, previewImport } from './annotations.js';
export { readAnnotationFile, ImportError, type ImportFormat } from './read.js';
export type { ImportPreview, ImportReport } from './plan.js';
export { IMPORT_ID, importsIn, undoImport, importOf, type ImportContents, type ImportListing, type UndoReport } from './batch.js';
