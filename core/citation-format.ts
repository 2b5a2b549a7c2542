import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import type { Citation, CslItem } from './annotation.js';

export type CitationStyle = 'apa' | 'vancouver' | 'harvard1';

// citation-js takes milliseconds per call; a workspace cites the same sources again and again.
const cache = new Map<string, string>();
function cached(key: string, format: () => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = format();
    if (cache.size > 5000) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/** A formatted reference for a bibliography, in plain text (never HTML). */
export function formatReference(item: CslItem, style: CitationStyle = 'apa'): string {
  return cached(`ref|${style}|${JSON.stringify(item)}`, () =>
    new Cite({ ...item, id: 'item' }).format('bibliography', { format: 'text', template: style, lang: 'en-US' }).trim(),
  );
}

/** An in-text citation with its pinpoint, e.g. "(ICE, 2015, ¶ 7)". */
// citation-js formats a source once with this stand-in for the pinpoint; each pinpoint is put in after.
const LOCATOR = 'LOCATORSTANDIN';

export function formatInText(citation: Citation, style: CitationStyle = 'apa'): string {
  const template = cached(`cite|${style}|${citation.locator ? 'with' : 'without'}|${JSON.stringify(citation.source)}`, () => {
    const entry: Record<string, string> = { id: 'item', ...(citation.locator ? { locator: LOCATOR, label: 'section' } : {}) };
    return new Cite({ ...citation.source, id: 'item' }).format('citation', { format: 'text', template: style, lang: 'en-US', entry: [entry] }).trim();
  });
  if (!citation.locator) return template;
  // CSL prints a section label ("§", "Section"); a locator that names itself reads better alone.
  const selfNamed = /^(¶|Sec\.|p\.|pp\.)/.test(citation.locator);
  return selfNamed ? template.replace(new RegExp(`(?:§|Section|sec\\.)\\s*${LOCATOR}`), citation.locator) : template.replace(LOCATOR, citation.locator);
}
