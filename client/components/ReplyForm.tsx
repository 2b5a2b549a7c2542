import { useRef, useState } from 'preact/hooks';
import { useDraft } from '../seminar/drafts.js';

interface Props {
  /** The field's id, unique on the page. */
  id: string;
  /** Under which key the typed text counts as unsaved writing (following offers moves meanwhile). */
  draftKey: string;
  label: string;
  placeholder: string;
  submit: string;
  /** Sends the text; answers why it was refused, or null. */
  onSend: (body: string) => string | null;
  onError: (error: string | null) => void;
}

/** One line to answer in a thread: a card's replies, an agenda question's answers. */
export function ReplyForm({ id, draftKey, label, placeholder, submit, onSend, onError }: Props) {
  const [draft, setDraft] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useDraft(draftKey, draft !== '');
  return (
    <form
      class="reply-form"
      onSubmit={(e) => {
        e.preventDefault();
        const failure = onSend(draft);
        onError(failure);
        if (failure) return;
        setDraft('');
        // The button disables itself once the field is empty: keep the focus in the thread, not on the body.
        field.current?.focus();
      }}
    >
      <label class="visually-hidden" for={id}>
        {label}
      </label>
      <textarea ref={field} id={id} rows={1} placeholder={placeholder} value={draft} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} />
      <button type="submit" class="button button-small" disabled={!draft.trim()}>
        {submit}
      </button>
    </form>
  );
}
