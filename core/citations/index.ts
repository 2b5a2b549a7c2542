// Citation formatting through citation-js: its own entry point, as citation-js is large and only
// the app and the exporters need it.
export { formatReference, formatInText, type CitationStyle } from '../citation-format.js';
