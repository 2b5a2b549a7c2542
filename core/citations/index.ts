// Citation formatting through citation-js: its own entry point, as citation-js is large and only
// the app and the exporters need it.
export { formatReference, formatInText, referenceOrTitle } from '../citation-format.js';
export { CitationStyle, CITATION_STYLE_LABEL, DEFAULT_CITATION_STYLE } from './style-names.js';
export { parseNames, formatNames } from './names.js';
export { cslFromDocument, parseIssued, formatIssued } from './document-source.js';
