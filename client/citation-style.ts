import { createContext } from 'preact';
import { DEFAULT_CITATION_STYLE, type CitationStyle } from '../core/citations/index.js';

/** The workspace's citation style, which cards, the composer's preview and exports start from. */
export const CitationStyleContext = createContext<CitationStyle>(DEFAULT_CITATION_STYLE);
