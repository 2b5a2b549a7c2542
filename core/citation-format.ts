import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import type { Citation, CslItem } from './annotation.js';

export type CitationStyle = 'apa' | 'vancouver' | 'harvard1';

/** A formatted reference for a bibliography, in plain text (never HTML). */
export function formatReference(item: CslItem, style: CitationStyle = 'apa'): string {
  return new Cite({ ...item, id: 'item' }).format('bibliography', { format: 'text', template: style, lang: 'en-US' }).trim();
}

/** An in-text citation with its pinpoint, e.g. "(ICE, 2015, ¶ 7)". */
export function formatInText(citation: Citation, style: CitationStyle = 'apa'): string {
  const entry: Record<string, string> = { id: 'item' };
  if (citation.locator) {
    entry.locator = citation.locator;
    entry.label = 'section';
  }
  const text = new Cite({ ...citation.source, id: 'item' })
    .format('citation', { format: 'text', template: style, lang: 'en-US', entry: [entry] })
    .trim();
  // CSL prints a section label ("§"); a locator that already names itself reads better alone.
  return citation.locator && /^(¶|Sec\.|p\.|pp\.)/.test(citation.locator) ? text.replace(`§ ${citation.locator}`, citation.locator) : text;
}
