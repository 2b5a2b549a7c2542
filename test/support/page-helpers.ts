import type { Page } from 'playwright-core';

/** Selects the first occurrence of `text` inside `scope`, as a person dragging over it would. */
export async function selectText(page: Page, text: string, scope: string): Promise<void> {
  await page.evaluate(
    ({ text, scope }) => {
      const root = document.querySelector(scope) as HTMLElement | null;
      if (!root) throw new Error(`no element ${scope}`);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        root.focus();
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        const selection = getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`"${text}" is not in ${scope}`);
    },
    { text, scope },
  );
}
