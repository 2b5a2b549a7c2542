import type { AnnotationKind } from '../../core/index.js';
import { ANNOTATION_SHORTCUTS } from '../annotations/selection.js';

/** The small toolbar over a selection: Cite, Critique, Compare, Ask. */
export function SelectionToolbar({ top, left, onStart, onSpotlight }: { top: number; left: number; onStart?: (kind: AnnotationKind) => void; onSpotlight?: () => void }) {
  return (
    <div class="selection-toolbar" role="toolbar" aria-label="Annotate the selection" style={{ top: `${top}px`, left: `${left}px` }}>
      {onStart && ANNOTATION_SHORTCUTS.map(({ kind, label, shown }) => (
        <button
          type="button"
          key={kind}
          class={`tool tool-${kind}`}
          title={`${label} (${shown})`}
          // Keep the text selection: a mousedown on the button would otherwise clear it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onStart(kind)}
        >
          {label}
        </button>
      ))}
      {onSpotlight && (
        <button type="button" class="tool tool-spotlight" title="Point everyone following you at this passage" onMouseDown={(e) => e.preventDefault()} onClick={onSpotlight}>
          Spotlight
        </button>
      )}
    </div>
  );
}
