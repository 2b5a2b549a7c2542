// Reading source texts: Markdown, HTML, PDF and plain text into the schema, block ids and pinpoints, the corpus files.
// Its own entry point, so that the sync server does not load markdown-it until it seeds a workspace.
export { parseMarkdown } from '../markdown.js';
export { labelBlocks } from '../block-labels.js';
export { loadDocument, DocumentLoadError, type LoadedDocument, type LoadOptions } from '../document-loader.js';
export { loadCatalogue } from '../catalogue.js';
export { documentFromPlainText } from './plain-text.js';
export { documentFromHtml, type HtmlOptions } from './html.js';
export { documentFromPdf, documentFromPdfPages, extractPdfPages, type PdfPage, type PdfTextItem } from './pdf.js';
export { readSource, sourceFormat, documentFromText, type SourceFile, type SourceFormat, type ReadSource } from './source.js';
export { SourceError } from './source-error.js';
