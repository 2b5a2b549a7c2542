import { useState } from 'preact/hooks';
import type { Identity } from '../identity.js';

/** Shows who you appear as to others, and lets you change the name. */
export function NameEditor({ identity, role, onRename }: { identity: Identity; role: string; onRename: (name: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(identity.name);
  if (editing) {
    return (
      <form
        class="name-editor"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) onRename(draft);
          setEditing(false);
        }}
      >
        <label>
          <span class="visually-hidden">Your name as others see it</span>
          <input
            value={draft}
            maxLength={60}
            autoFocus
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
          />
        </label>
        <button type="submit">Save</button>
      </form>
    );
  }
  return (
    <button
      type="button"
      class="me"
      title="Change the name others see"
      onClick={() => {
        setDraft(identity.name);
        setEditing(true);
      }}
    >
      <span class="me-dot" style={{ backgroundColor: identity.color }} aria-hidden="true" />
      <span class="me-name">{identity.name}</span>
      <span class="me-role">{role}</span>
    </button>
  );
}
