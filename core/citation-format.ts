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
  // CSL prints a section label ("§", "Section"); a locator that names itself reads better alone.
  if (!citation.locator || !/^(¶|Sec\.|p\.|pp\.)/.test(citation.locator)) return text;
  const escaped = citation.locator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?:§|Section|sec\\.)\\s*${escaped}`), citation.locator);
}
