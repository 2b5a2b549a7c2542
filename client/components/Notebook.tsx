import type { Connection } from '../connection.js';
import { Editor } from './Editor.js';

/** The group's shared notes: editable by everyone signed in. */
export function Notebook({ connection, readOnly, onFocus }: { connection: Connection; readOnly: boolean; onFocus: () => void }) {
  return (
    <section class="notebook" aria-labelledby="notebook-title">
      <h2 id="notebook-title" class="panel-title">
        Notebook
      </h2>
      <p class="notebook-hint">
        {readOnly ? 'Shared notes of the group. As a viewer you read them; you cannot write here.' : 'Shared notes for the group. Everyone here sees your typing as you type.'}
      </p>
      <Editor
        fragment={connection.workspace.notebook()}
        awareness={connection.awareness}
        locked={readOnly}
        label="Notebook"
        onFocus={onFocus}
      />
    </section>
  );
}
