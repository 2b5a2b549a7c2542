import { useState } from 'preact/hooks';
import { blockByPinpoint, type Workspace } from '../../core/index.js';

interface Props {
  workspace: Workspace;
  documentId: string;
  /** Shows the block (the reader scrolls to it and marks it). */
  onGo: (blockId: string) => void;
}

/** "Go to ¶ / Sec.": a pinpoint typed as a citation has it, and the reader goes there. */
export function GoToPinpoint({ workspace, documentId, onGo }: Props) {
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const go = (event: Event) => {
    event.preventDefault();
    if (!typed.trim()) return;
    const block = blockByPinpoint(workspace, documentId, typed);
    if (!block?.id) return setProblem(`No “${typed.trim()}” in this document.`);
    setProblem(null);
    onGo(block.id);
  };
  return (
    <form class="goto" onSubmit={go} role="search" aria-label="Go to a pinpoint">
      <label>
        <span class="visually-hidden">Go to a paragraph or section</span>
        <input type="text" value={typed} size={9} placeholder="Go to ¶ / Sec." onInput={(e) => setTyped((e.target as HTMLInputElement).value)} aria-invalid={problem ? 'true' : undefined} aria-describedby={problem ? 'goto-problem' : undefined} />
      </label>
      <button type="submit" class="button button-small">
        Go
      </button>
      {problem && (
        <span id="goto-problem" class="goto-problem" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
