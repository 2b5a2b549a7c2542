import * as Y from 'yjs';
import type { Passage, TextQuoteSelector } from '../annotation.js';
import { TextIndex } from './text-index.js';
import { pmPos, textOffset, type PmPos, type TextOffset } from './coordinates.js';
import { findQuote } from './quote-match.js';

const CONTEXT = 32;

/** How well an annotation still sits on its text. */
export type AnchorHealth = 'attached' | 'drifted' | 'orphan';

export type ResolvedPassage =
  | { health: 'attached' | 'drifted'; from: PmPos; to: PmPos; start: TextOffset; end: TextOffset; text: string }
  | { health: 'orphan' };

/** Describes a selection [from, to) of a document as a passage, or null when it holds no text. */
export function describePassage(documentId: string, index: TextIndex, from: PmPos, to: PmPos): Passage | null {
  if (to <= from) return null;
  const start = index.locatePm(from);
  const end = index.locatePm(to);
  if (!start || !end || end.text <= start.text) return null;
  const exact = index.text.slice(start.text, end.text);
  if (exact.trim() === '') return null;
  return {
    documentId,
    // The start sticks to the passage's first character and the end to its last, so text
    // typed just outside the passage stays outside it.
    start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(start.type, start.index, 0)),
    end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(end.type, end.index, -1)),
    quote: quoteAt(index.text, start.text, end.text),
    position: { type: 'TextPositionSelector', start: start.text, end: end.text },
    ...(start.label ? { pinpoint: start.label } : {}),
  };
}

export function quoteAt(text: string, start: number, end: number): TextQuoteSelector {
  return {
    type: 'TextQuoteSelector',
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
  };
}

/**
 * Finds a passage in the current text. Its Yjs anchors decide where it is; if they no longer
 * hold text (its paragraph was split or retyped), the quote is searched for, allowing small
 * differences. Attached: the text there is the quote. Drifted: the text under it changed.
 * Orphan: its text is gone.
 */
export function resolvePassage(ydoc: Y.Doc, index: TextIndex, passage: Passage): ResolvedPassage {
  const start = resolveEnd(ydoc, index, passage.start);
  const end = resolveEnd(ydoc, index, passage.end);
  if (start && end && end.text > start.text) {
    const text = index.text.slice(start.text, end.text);
    return { health: text === passage.quote.exact ? 'attached' : 'drifted', from: start.pm, to: end.pm, start: start.text, end: end.text, text };
  }
  const found = findQuote(index.text, passage.quote, passage.position.start);
  if (!found) return { health: 'orphan' };
  const from = index.pmOfText(textOffset(found.start));
  const to = index.pmOfText(textOffset(found.end));
  if (from === null || to === null) return { health: 'orphan' };
  const text = index.text.slice(found.start, found.end);
  return { health: text === passage.quote.exact ? 'attached' : 'drifted', from, to, start: textOffset(found.start), end: textOffset(found.end), text };
}

function resolveEnd(ydoc: Y.Doc, index: TextIndex, json: unknown): { pm: PmPos; text: TextOffset } | null {
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), ydoc);
  } catch {
    return null;
  }
  if (!absolute || !(absolute.type instanceof Y.XmlText)) return null;
  const at = index.fromYjs(absolute.type, absolute.index);
  return at ? { pm: pmPos(at.pm), text: textOffset(at.text) } : null;
}
