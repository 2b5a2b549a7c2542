import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import type { Citation, CslItem } from './annotation.js';
import { CSL_STYLE_XML } from './citations/csl-styles.js';
import { DEFAULT_CITATION_STYLE, type CitationStyle } from './citations/style-names.js';

export type { CitationStyle } from './citations/style-names.js';

// The vendored CSL repository styles, registered with citation-js under names of our own (its
// built-in "apa" is an older one) the first time a style is used.
const registered = new Set<CitationStyle>();
function templateName(style: CitationStyle): string {
  const name = `crosswalk-${style}`;
  if (!registered.has(style)) {
    (plugins.config.get('@csl') as { styles: { add(name: string, xml: string): void } }).styles.add(name, CSL_STYLE_XML[style]);
    registered.add(style);
  }
  return name;
}

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
export function formatReference(item: CslItem, style: CitationStyle = DEFAULT_CITATION_STYLE): string {
  // A notes-only style (the Bluebook's) has no bibliography: its full first note is the reference.
  const kind = CSL_STYLE_XML[style].includes('<bibliography') ? 'bibliography' : 'citation';
  return cached(`ref|${style}|${JSON.stringify(item)}`, () =>
    new Cite({ ...item, id: 'item' }).format(kind, { format: 'text', template: templateName(style), lang: 'en-US' }).trim(),
  );
}

/** An in-text citation with its pinpoint, e.g. "(ICE, 2015, ¶ 7)". */
// citation-js formats a source once with this stand-in for the pinpoint; each pinpoint is put in after.
const LOCATOR = 'LOCATORSTANDIN';

export function formatInText(citation: Citation, style: CitationStyle = DEFAULT_CITATION_STYLE): string {
  const formatted = cached(`cite|${style}|${citation.locator ? 'with' : 'without'}|${JSON.stringify(citation.source)}`, () => {
    const entry: Record<string, string> = { id: 'item', ...(citation.locator ? { locator: LOCATOR, label: 'section' } : {}) };
    return new Cite({ ...citation.source, id: 'item' }).format('citation', { format: 'text', template: templateName(style), lang: 'en-US', entry: [entry] }).trim();
  });
  if (!citation.locator) return formatted;
  // CSL prints a section label ("§", "Section"); a locator that names itself reads better alone.
  // Some styles print a legislation's locator with no label at all.
  const selfNamed = /^(¶|Sec\.|p\.|pp\.)/.test(citation.locator);
  const labelled = new RegExp(`(?:§|Section|sec\\.)\\s*${LOCATOR}`);
  return selfNamed && labelled.test(formatted) ? formatted.replace(labelled, citation.locator) : formatted.replace(LOCATOR, citation.locator);
}

/** The reference, or the source's title when citation-js cannot format it (a list still shows it). */
export function referenceOrTitle(item: CslItem, style: CitationStyle = DEFAULT_CITATION_STYLE): string {
  try {
    return formatReference(item, style);
  } catch {
    return item.title;
  }
}
