export { importAnnotations, readAnnotationFile, ImportError, type ImportReport } from './annotations.js';
