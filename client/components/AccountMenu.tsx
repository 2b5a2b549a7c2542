import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Identity } from '../identity.js';

/** The person's chip in the top bar, with their account: name, password, sign out. */
export function AccountMenu({ identity, role, canChangePassword, onRename }: { identity: Identity; role: string; canChangePassword: boolean; onRename: (name: string) => void }) {
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'menu' | 'name' | 'password'>('menu');
  const [name, setName] = useState(identity.name);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const close = () => {
    setOpen(false);
    setMode('menu');
    setMessage(null);
  };
  return (
    <div class="account">
      <button type="button" class="me" aria-label={`${identity.name}, ${role}: your account`} aria-expanded={open} aria-haspopup="menu" onClick={() => (open ? close() : setOpen(true))}>
        <span class="me-dot" style={{ backgroundColor: identity.color }} aria-hidden="true" />
        <span class="me-name">{identity.name}</span>
        <span class="me-role">{role}</span>
      </button>
      {open && (
        <div class="account-menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && close()}>
          {mode === 'menu' && (
            <>
              <button type="button" role="menuitem" onClick={() => setMode('name')}>
                Change the name others see
              </button>
              {canChangePassword && (
                <button type="button" role="menuitem" onClick={() => setMode('password')}>
                  Change password
                </button>
              )}
              <button
                type="button"
                role="menuitem"
                onClick={() => void api('/api/signout', { method: 'POST' }).finally(() => location.assign('/login'))}
              >
                Sign out
              </button>
            </>
          )}
          {mode === 'name' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                onRename(name);
                close();
              }}
            >
              <label class="field">
                <span class="field-label">Your name as others see it</span>
                <input value={name} maxLength={80} autoFocus onInput={(e) => setName((e.target as HTMLInputElement).value)} />
              </label>
              <button type="submit" class="button button-primary button-small">
                Save
              </button>
            </form>
          )}
          {mode === 'password' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                api<{ endedSessions: number }>('/api/password', { method: 'POST', body: { current: current || undefined, next } }).then(
                  ({ endedSessions }) => setMessage({ text: endedSessions > 0 ? 'Password changed. You were signed out everywhere else.' : 'Password changed.', error: false }),
                  (err: Error) => setMessage({ text: err.message, error: true }),
                );
              }}
            >
              <label class="field">
                <span class="field-label">Current password (leave empty if you never set one)</span>
                <input type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent((e.target as HTMLInputElement).value)} />
              </label>
              <label class="field">
                <span class="field-label">New password (10 characters or more)</span>
                <input type="password" autoComplete="new-password" value={next} onInput={(e) => setNext((e.target as HTMLInputElement).value)} />
              </label>
              {message && <p class={message.error ? 'form-error' : 'form-ok'} role="status">{message.text}</p>}
              <button type="submit" class="button button-primary button-small">
                Change password
              </button>
            </form>
          )}
        </div>
      )}
    </div>
  );
}
