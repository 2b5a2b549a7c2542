import { useEffect } from 'preact/hooks';
import { ANNOTATION_SHORTCUTS } from '../annotations/selection.js';
import { CARET_KEYS } from '../editor/caret.js';
import { Sheet } from './Dialog.js';

/** Every key the app answers, in the order a person meets them. */
const GROUPS: { title: string; keys: { keys: string; does: string }[] }[] = [
  {
    title: 'Anywhere',
    keys: [
      { keys: '?', does: 'this list' },
      { keys: 'Tab, first stops', does: 'skip to the text, or to the annotations' },
      { keys: 'Ctrl+Shift+F', does: 'find in every text' },
      { keys: 'Esc', does: 'close the sheet, form or menu that is open' },
    ],
  },
  { title: 'In a text (Tab into it)', keys: CARET_KEYS },
  {
    title: 'On a selected passage',
    keys: ANNOTATION_SHORTCUTS.map((s) => ({ keys: s.shown, does: s.label === 'Ask' ? 'ask a question' : s.label.toLowerCase() })),
  },
  {
    title: 'In the annotation form',
    keys: [
      { keys: 'Ctrl+Enter', does: 'save (the saved card takes the focus)' },
      { keys: 'Esc', does: 'close, with “Reopen” to get the text back' },
    ],
  },
  {
    title: 'In the annotations',
    keys: [
      { keys: '↓ ↑ on a card', does: 'the next or previous card' },
      { keys: 'Alt+↑ ↓ on an agenda item', does: 'move it up or down (facilitators)' },
    ],
  },
];

/** The list of keyboard shortcuts, from the account menu or `?`. */
export function ShortcutsSheet({ onClose, returnTo }: { onClose: () => void; returnTo?: () => HTMLElement | null }) {
  return (
    <Sheet title="Keyboard shortcuts" class="shortcuts-sheet" onClose={onClose} returnTo={returnTo}>
      {GROUPS.map((group, i) => (
        <section key={group.title} class="shortcuts-group" aria-labelledby={`shortcuts-group-${i}`}>
          <h3 id={`shortcuts-group-${i}`}>{group.title}</h3>
          <dl>
            {group.keys.map((k) => (
              <div key={k.keys}>
                <dt>
                  <kbd>{k.keys}</kbd>
                </dt>
                <dd>{k.does}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Sheet>
  );
}

/** `?` opens the list, unless it is being typed into a field. */
export function useShortcutsKey(open: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      event.preventDefault();
      open();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
}
