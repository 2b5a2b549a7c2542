import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { EditorView } from 'prosemirror-view';
import { RELATION_LABEL, type ComparisonRelation, type PmPos } from '../../core/index.js';
import './compare.css';

/** A comparison whose two passages are both on screen: one in each reader. */
export interface ComparisonLink {
  id: string;
  relation: ComparisonRelation | 'suggested';
  left: { from: PmPos; to: PmPos };
  right: { from: PmPos; to: PmPos };
}

interface Props {
  /** The element the overlay is positioned in (the desk). */
  container: HTMLElement | null;
  left: EditorView | null;
  right: EditorView | null;
  links: ComparisonLink[];
  focusedId: string | null;
  onActivate: (id: string) => void;
}

interface End {
  x: number;
  top: number;
  bottom: number;
  /** Where the curve meets the end: the middle of the passage, or the edge it is hidden past. */
  y: number;
  hidden: 'above' | 'below' | null;
}

interface Drawn {
  link: ComparisonLink;
  left: End;
  right: End;
}

/**
 * Draws each comparison between the two readers as a curve from its passage on the left to
 * its passage on the right. Positions are measured from the editors' own coordinates, so the
 * curves follow either side's scrolling, text edits and window resizes.
 */
export function Connectors({ container, left, right, links, focusedId, onActivate }: Props) {
  const [drawn, setDrawn] = useState<{ width: number; height: number; items: Drawn[] } | null>(null);
  const [tick, setTick] = useState(0);

  // Scrolling either column or resizing the window asks for one redraw per frame.
  useEffect(() => {
    if (!left || !right) return;
    let frame = 0;
    const request = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setTick((t) => t + 1);
      });
    };
    const scrollers = [columnOf(left), columnOf(right)].filter((c): c is HTMLElement => c !== null);
    for (const scroller of scrollers) scroller.addEventListener('scroll', request, { passive: true });
    addEventListener('resize', request);
    void document.fonts?.ready.then(request);
    return () => {
      cancelAnimationFrame(frame);
      for (const scroller of scrollers) scroller.removeEventListener('scroll', request);
      removeEventListener('resize', request);
    };
  }, [left, right]);

  useLayoutEffect(() => {
    if (!container || !left || !right || links.length === 0) return setDrawn(null);
    const box = container.getBoundingClientRect();
    const leftColumn = columnOf(left)?.getBoundingClientRect();
    const rightColumn = columnOf(right)?.getBoundingClientRect();
    // A narrow layout stacks the readers: there is no gutter to draw in.
    if (!leftColumn || !rightColumn || rightColumn.left < leftColumn.right - 1) return setDrawn(null);
    const items: Drawn[] = [];
    for (const link of links) {
      const l = measure(left, link.left, left.dom.getBoundingClientRect().right + 8, leftColumn, box);
      const r = measure(right, link.right, right.dom.getBoundingClientRect().left - 8, rightColumn, box);
      if (!l || !r || (l.hidden && r.hidden)) continue;
      items.push({ link, left: l, right: r });
    }
    setDrawn({ width: box.width, height: box.height, items });
  }, [container, left, right, links, tick]);

  if (!drawn || drawn.items.length === 0) return null;
  return (
    <svg class="connectors" width={drawn.width} height={drawn.height} aria-hidden="true">
      {drawn.items.map(({ link, left: l, right: r }) => {
        const mid = (l.x + r.x) / 2;
        const path = `M ${l.x} ${l.y} C ${mid} ${l.y}, ${mid} ${r.y}, ${r.x} ${r.y}`;
        const classes = ['connector', `relation-${link.relation}`];
        if (link.id === focusedId) classes.push('connector-focused');
        const label = link.relation === 'suggested' ? 'Suggested counterpart' : RELATION_LABEL[link.relation];
        return (
          <g key={link.id} class={classes.join(' ')} data-comparison-id={link.id} onClick={() => onActivate(link.id)}>
            <title>{label}</title>
            {!l.hidden && <line class="connector-bracket" x1={l.x} x2={l.x} y1={l.top} y2={l.bottom} />}
            {!r.hidden && <line class="connector-bracket" x1={r.x} x2={r.x} y1={r.top} y2={r.bottom} />}
            <path class="connector-hit" d={path} />
            <path class={`connector-line${l.hidden || r.hidden ? ' connector-offscreen' : ''}`} d={path} />
          </g>
        );
      })}
    </svg>
  );
}

function columnOf(view: EditorView): HTMLElement | null {
  return view.dom.closest('.reader-column');
}

// A passage's vertical extent in the overlay's coordinates, pinned to the column's edge when scrolled out of sight.
function measure(view: EditorView, range: { from: PmPos; to: PmPos }, x: number, column: DOMRect, box: DOMRect): End | null {
  const size = view.state.doc.content.size;
  if (range.to > size || range.from >= range.to) return null;
  let top: number;
  let bottom: number;
  try {
    top = view.coordsAtPos(range.from).top;
    bottom = view.coordsAtPos(range.to).bottom;
  } catch {
    return null;
  }
  const hidden = bottom < column.top ? 'above' : top > column.bottom ? 'below' : null;
  const visibleTop = Math.max(top, column.top);
  const visibleBottom = Math.min(bottom, column.bottom);
  const y = hidden === 'above' ? column.top + 4 : hidden === 'below' ? column.bottom - 4 : (visibleTop + visibleBottom) / 2;
  return { x: x - box.left, top: visibleTop - box.top, bottom: visibleBottom - box.top, y: y - box.top, hidden };
}
