import type { ComponentChildren, RefObject } from 'preact';
import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import { createFocusTrap } from 'focus-trap';

export interface DialogOptions {
  onClose: () => void;
  /**
   * Modal: Tab and Shift+Tab stay inside (focus-trap) and the rest of the page is set aside
   * (`aria-modal`). A non-modal dialog (the agenda beside the texts on a wide screen) takes the
   * focus in and gives it back, and Escape closes it, but the page stays reachable.
   */
  modal?: boolean;
  /** What takes the focus on open (a selector inside the dialog); by default its heading, so its title is read first. */
  initialFocus?: string;
  /** Where the focus goes back when the element that opened the dialog is gone (a menu item of a closed menu). */
  returnTo?: () => HTMLElement | null;
}

/** Open dialogs, innermost last: Escape closes only the innermost, wherever the focus is. */
const open: object[] = [];

/**
 * One dialog behaviour for every sheet: focus moves in on open, Tab is trapped while modal,
 * Escape closes from anywhere on the page (unless something inside handled it first: a form
 * that closes itself calls preventDefault), and on close the focus returns to the element that
 * opened it. Runs in a layout effect, so the opener is still the focused element when it is read.
 */
export function useDialog(ref: RefObject<HTMLElement | null>, { onClose, modal = true, initialFocus, returnTo }: DialogOptions): void {
  const latest = useRef({ onClose, returnTo });
  latest.current = { onClose, returnTo };

  useLayoutEffect(() => {
    const container = ref.current;
    if (!container) return;
    const me = {};
    open.push(me);
    // Only a dialog takes aria-modal (the account popup is a menu part of the time), and only when it is modal.
    if (modal) container.setAttribute('aria-modal', 'true');
    else container.removeAttribute('aria-modal');
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    const first = (): HTMLElement | null =>
      (initialFocus ? container.querySelector<HTMLElement>(initialFocus) : null) ?? container.querySelector<HTMLElement>('h1, h2') ?? null;
    const heading = first();
    // A heading is not in the Tab order; -1 lets it take the focus without adding a stop.
    if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;

    const trap = modal
      ? createFocusTrap(container, {
          initialFocus: () => first() ?? false,
          // focus-trap moves the focus a tick later by default: keys typed in that gap (a shortcut
          // then typing) went to the page behind. The dialog is in the DOM here, so move it now.
          delayInitialFocus: false,
          fallbackFocus: container,
          // Escape and outside clicks are this hook's and the backdrop's: the trap only keeps Tab inside.
          escapeDeactivates: false,
          allowOutsideClick: true,
          returnFocusOnDeactivate: false,
          preventScroll: true,
        })
      : null;
    if (trap) trap.activate();
    else (first() ?? container).focus({ preventScroll: true });

    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing || open[open.length - 1] !== me) return;
      event.preventDefault();
      latest.current.onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      open.splice(open.indexOf(me), 1);
      trap?.deactivate({ returnFocus: false });
      // Back to the opener, unless the closing action moved the focus on purpose (a result
      // opened in the text): only focus left inside the dialog, or lost to the body, is returned.
      const active = document.activeElement;
      const lost = !active || active === document.body || container.contains(active) || !active.isConnected;
      if (!lost) return;
      const target = opener?.isConnected ? opener : latest.current.returnTo?.();
      target?.focus({ preventScroll: true });
    };
  }, []);
}

interface SheetProps {
  title: ComponentChildren;
  onClose: () => void;
  children: ComponentChildren;
  /** Extra classes of the sheet (its width, its own rules). */
  class?: string;
  /** The heading's id, when tests or other parts name it; otherwise one of its own. */
  titleId?: string;
  initialFocus?: string;
  returnTo?: () => HTMLElement | null;
  /** The close button's name, when "Close" is not enough ("Close the library"). */
  closeLabel?: string;
  /** Attributes a caller's tests or styles read (`data-document-id`). */
  data?: Record<`data-${string}`, string>;
}

/**
 * A sheet from the right edge over a backdrop, as a modal dialog named by its heading: the
 * export, versions, members, find, document settings and add-a-document sheets are all one.
 */
export function Sheet({ title, onClose, children, class: extra, titleId, initialFocus, returnTo, closeLabel = 'Close', data }: SheetProps) {
  const ref = useRef<HTMLElement>(null);
  const ownId = useId();
  const headingId = titleId ?? `sheet-title-${ownId}`;
  useDialog(ref, { onClose, initialFocus, returnTo });
  return (
    <div class="sheet-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <section ref={ref} class={extra ? `sheet ${extra}` : 'sheet'} role="dialog" aria-modal="true" aria-labelledby={headingId} {...data}>
        <header class="sheet-head">
          <h2 id={headingId}>{title}</h2>
          <button type="button" class="toast-close sheet-close" aria-label={closeLabel} onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </section>
    </div>
  );
}
