/**
 * The first two stops of the page: straight to the text, or to the annotations, past the top bar
 * and the timeline (the first card was the 28th Tab stop). On a phone they also switch the tab
 * the target sits behind. Hidden until focused.
 */
export function SkipLinks({ onPanel }: { onPanel: (panel: 'reader' | 'annotations') => void }) {
  const go = (event: MouseEvent, panel: 'reader' | 'annotations', find: () => HTMLElement | null) => {
    event.preventDefault();
    onPanel(panel);
    // The panel may only be drawn on the next frame (a phone's tab switch).
    requestAnimationFrame(() => {
      const target = find();
      if (!target) return;
      if (!target.hasAttribute('tabindex') && !target.matches('a[href], button, input, select, textarea')) target.tabIndex = -1;
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'nearest' });
    });
  };
  const text = () =>
    document.querySelector<HTMLElement>('.panel-reader .reader-column:not(.reader-beside) .prose') ?? document.querySelector<HTMLElement>('.panel-reader');
  const annotations = () => document.querySelector<HTMLElement>('.sidebar-column .card') ?? document.querySelector<HTMLElement>('.sidebar-column');
  return (
    <nav class="skip-links" aria-label="Skip links">
      <a href="#text" onClick={(e) => go(e, 'reader', text)}>
        Skip to the text
      </a>
      <a href="#annotations" onClick={(e) => go(e, 'annotations', annotations)}>
        Skip to annotations
      </a>
    </nav>
  );
}
