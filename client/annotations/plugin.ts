import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { Anchored } from './anchored.js';

/** How highlights are coloured: by kind (with a pattern per kind) or by first tag. */
export type HighlightMode = 'kind' | 'tag';

export interface HighlightInput {
  anchored: Anchored[];
  /** Passages of this document that comparisons from the document beside point at. */
  targets: Anchored[];
  /** A suggested passage being looked at, not yet a comparison. */
  preview?: { from: number; to: number } | null;
  /** The passage a seminar's facilitator points everyone at. */
  spotlight?: { from: number; to: number } | null;
  focusedId: string | null;
  mode: HighlightMode;
}

interface HighlightState {
  input: HighlightInput;
  decorations: DecorationSet;
}

export const annotationHighlightKey = new PluginKey<HighlightState>('crosswalk-annotation-highlights');

const TAG_COLOURS = ['#f59e0b', '#10b981', '#6366f1', '#ec4899', '#14b8a6', '#f97316', '#8b5cf6', '#84cc16'];

export function tagColour(tag: string): string {
  let hash = 0;
  for (let i = 0; i < tag.length; i++) hash = (hash * 31 + tag.charCodeAt(i)) | 0;
  return TAG_COLOURS[Math.abs(hash) % TAG_COLOURS.length]!;
}

/** Builds the highlight decorations: one inline decoration per anchored annotation, overlaps nest. */
export function buildDecorations(state: EditorState, input: HighlightInput): DecorationSet {
  const size = state.doc.content.size;
  const decorations: Decoration[] = [];
  for (const { annotation, from, to } of input.anchored) {
    if (from === null || to === null || from >= to || to > size) continue;
    const tag = annotation.tags[0];
    const classes = ['hl', `hl-${annotation.kind}`];
    if (annotation.id === input.focusedId) classes.push('hl-focused');
    if (annotation.status === 'resolved') classes.push('hl-resolved');
    // Only moderators' lists still hold hidden annotations (their words withheld): they see them faded.
    if (annotation.hidden) classes.push('hl-hidden');
    const attrs: Record<string, string> = { class: classes.join(' '), 'data-annotation-id': annotation.id };
    if (input.mode === 'tag' && tag) attrs.style = `--hl-colour: ${tagColour(tag)}`;
    decorations.push(Decoration.inline(from, to, attrs, { id: annotation.id }));
  }
  for (const { annotation, from, to } of input.targets) {
    if (from === null || to === null || from >= to || to > size) continue;
    const classes = ['hl', 'hl-target'];
    if (annotation.id === input.focusedId) classes.push('hl-focused');
    decorations.push(Decoration.inline(from, to, { class: classes.join(' '), 'data-target-of': annotation.id }, { id: annotation.id }));
  }
  for (const [range, cls] of [[input.preview, 'hl-preview'], [input.spotlight, 'hl-spotlight']] as const) {
    if (range && range.from < range.to && range.to <= size) decorations.push(Decoration.inline(range.from, range.to, { class: cls }));
  }
  return DecorationSet.create(state.doc, decorations);
}

export interface HighlightOptions {
  /** Called with the ids of the annotations under a click, innermost first. */
  onActivate: (ids: string[]) => void;
}

/**
 * Draws annotations as decorations (never as marks in the shared text, so overlapping
 * annotations and undo stay sound). New input arrives through `setHighlights`; between
 * inputs the decorations are mapped through each transaction.
 */
export function annotationHighlights(options: HighlightOptions): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: annotationHighlightKey,
    state: {
      init: (_, state) => {
        const input: HighlightInput = { anchored: [], targets: [], focusedId: null, mode: 'kind' };
        return { input, decorations: buildDecorations(state, input) };
      },
      apply: (tr: Transaction, previous: HighlightState, _old, state: EditorState): HighlightState => {
        const input = tr.getMeta(annotationHighlightKey) as HighlightInput | undefined;
        if (input) return { input, decorations: buildDecorations(state, input) };
        return tr.docChanged ? { input: previous.input, decorations: previous.decorations.map(tr.mapping, tr.doc) } : previous;
      },
    },
    props: {
      decorations: (state) => annotationHighlightKey.getState(state)!.decorations,
      handleClick: (view: EditorView, pos: number) => {
        const found = annotationHighlightKey.getState(view.state)!.decorations.find(pos, pos);
        if (found.length === 0) return false;
        const ids = found
          .sort((a, b) => b.from - a.from || a.to - b.to)
          .map((d) => (d.spec as { id: string }).id);
        options.onActivate(ids);
        return false;
      },
    },
  });
}

/** Hands the plugin a new set of anchored annotations. */
export function setHighlights(view: EditorView, input: HighlightInput): void {
  view.dispatch(view.state.tr.setMeta(annotationHighlightKey, input).setMeta('addToHistory', false));
}
