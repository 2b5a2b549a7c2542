import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

interface Props {
  /** Beside the passage, over the cards, on wide screens; a sheet at the foot of the screen on narrow ones. */
  placement: 'beside' | 'sheet';
  /** The form's name for assistive technology ("New critique"). */
  label: string;
  /** Where the passage starts on screen now (viewport pixels), or null when no view shows it. */
  anchorTop: () => number | null;
  /** The column the form covers when beside (the cards'), and the area it must stay inside (the desk). */
  column: () => HTMLElement | null;
  area: () => HTMLElement | null;
  /** Once placed as a sheet: the passage may be under it, and the reader can scroll it out from under. */
  onSheet?: (sheetTop: number) => void;
  /** Escape. */
  onClose: () => void;
  children: ComponentChildren;
}

const FIELD = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';
const FOCUSABLE = `${FIELD}, button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])`;
const MARGIN = 10;

/**
 * The annotation form where the person is looking: it floats in the viewport next to its
 * passage (or rises from the foot of a phone's screen), takes the focus into its first field,
 * keeps Tab inside it, and answers Escape (close) and Ctrl/⌘+Enter (save). It is a non-modal
 * dialog: a comparison's far passage is selected with the form open.
 */
export function ComposerPanel({ placement, label, anchorTop, column, area, onSheet, onClose, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef({ placement, anchorTop, column, area, onSheet });
  latest.current = { placement, anchorTop, column, area, onSheet };

  useLayoutEffect(() => {
    const panel = ref.current!;
    let frame = 0;
    let sheetReported = false;
    const place = () => {
      const { placement, anchorTop, column, area, onSheet } = latest.current;
      const bounds = area()?.getBoundingClientRect();
      const cards = column()?.getBoundingClientRect();
      if (placement === 'sheet' || !bounds || !cards || cards.width === 0) {
        for (const p of ['top', 'left', 'width', 'maxHeight'] as const) panel.style[p] = '';
        if (!sheetReported) {
          sheetReported = true;
          onSheet?.(panel.getBoundingClientRect().top);
        }
        return;
      }
      const top = Math.max(bounds.top, 0) + MARGIN;
      const bottom = Math.min(bounds.bottom, innerHeight) - MARGIN;
      panel.style.maxHeight = `${Math.max(120, bottom - top)}px`;
      panel.style.left = `${cards.left + MARGIN}px`;
      panel.style.width = `${Math.max(240, cards.width - 2 * MARGIN)}px`;
      // Level with the passage, but never past either edge of the desk: it follows the text as it scrolls.
      const wanted = (anchorTop() ?? top) - 4;
      panel.style.top = `${Math.max(top, Math.min(wanted, bottom - panel.offsetHeight))}px`;
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), place()));
    };
    place();
    const resized = new ResizeObserver(schedule);
    resized.observe(panel);
    addEventListener('resize', schedule);
    // Any scroller (the desk, a reader column) moves the passage; capture sees them all.
    document.addEventListener('scroll', schedule, true);
    return () => {
      cancelAnimationFrame(frame);
      resized.disconnect();
      removeEventListener('resize', schedule);
      document.removeEventListener('scroll', schedule, true);
    };
  }, []);

  // Into the first field once, when the form opens: typing right after Alt+Shift+R writes the critique.
  useLayoutEffect(() => {
    ref.current?.querySelector<HTMLElement>(FIELD)?.focus({ preventScroll: true });
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      ref.current?.querySelector('form')?.requestSubmit();
    } else if (event.key === 'Tab') {
      const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter((el) => el.getClientRects().length > 0);
      const [first, last] = [items[0], items[items.length - 1]];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div ref={ref} class={`composer-panel composer-panel-${placement}`} role="dialog" aria-modal="false" aria-label={label} onKeyDown={onKeyDown}>
      {children}
    </div>
  );
}
