import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Identity } from '../identity.js';
import { useWide } from '../media.js';
import { useDialog } from './Dialog.js';
import { ShortcutsSheet, useShortcutsKey } from './Shortcuts.js';

interface Account {
  userId: string;
  username?: string;
  /** Absent for programs (tokens), which have no password. */
  hasPassword?: boolean;
}

/*
 * The signed-in account as the server knows it, fetched once and shared by the chip and the
 * set-up banner, so that setting a password in one quiets the other.
 */
const shared: { account: Account | null; pending: Promise<void> | null; listeners: Set<(a: Account | null) => void> } = { account: null, pending: null, listeners: new Set() };

function setShared(account: Account | null): void {
  shared.account = account;
  for (const listener of shared.listeners) listener(account);
}

function useAccount(): Account | null {
  const [account, setAccount] = useState(shared.account);
  useEffect(() => {
    shared.listeners.add(setAccount);
    shared.pending ??= api<Account>('/api/session').then(setShared, () => setShared(null));
    return () => void shared.listeners.delete(setAccount);
  }, []);
  return account;
}

// Checked here as well as on the server, so the message names the field a person sees.
const MIN_PASSWORD = 10;
const SHORT_PASSWORD = `A password has at least ${MIN_PASSWORD} characters.`;

// On a phone the top bar is full to the last pixel: there the mark is a dot over the chip's corner, taking no room.
const NARROW_DOT = { position: 'absolute', top: '-3px', right: '-3px', width: '11px', height: '11px', borderRadius: '50%', background: 'var(--gold)', boxShadow: '0 0 0 2px var(--accent)' } as const;

const laterKey = (userId: string) => `crosswalk:account-setup-later:${userId}`;

/**
 * An owner who came in by a one-time link has no password, so once the link is spent they
 * could not come back, and everyone sees the name the link gave ("Owner"). Until they set a
 * password they are asked, here and in the banner, to give their name and set one.
 */
function needsSetup(role: string, account: Account | null): account is Account {
  return role === 'owner' && account?.hasPassword === false;
}

interface Props {
  identity: Identity;
  role: string;
  onRename: (name: string) => void;
}

/** The person's chip in the top bar, with their account: name, password, sign out. */
export function AccountMenu({ identity, role, canChangePassword, onRename }: Props & { canChangePassword: boolean }) {
  const account = useAccount();
  const setup = needsSetup(role, account);
  const wide = useWide();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'menu' | 'name' | 'password' | 'setup'>('menu');
  const [name, setName] = useState(identity.name);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const close = () => {
    setOpen(false);
    setMode('menu');
    setMessage(null);
  };
  const [shortcuts, setShortcuts] = useState(false);
  useShortcutsKey(useCallback(() => setShortcuts(true), []));
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div class="account">
      <button
        ref={button}
        type="button"
        class="me"
        // The name says what the button shows, in its order (name, role, "Set up"), so a person
        // who says what they see to speech input reaches it (WCAG 2.5.3).
        aria-label={`${identity.name}, ${role}: ${setup ? 'set up your account' : 'your account'}`}
        aria-expanded={open}
        aria-haspopup="menu"
        onClick={() => (open ? close() : setOpen(true))}
      >
        <span class="me-dot" style={{ backgroundColor: identity.color }} aria-hidden="true" />
        {/* Spaces between the parts: without them the visible text reads as one word ("Oliveowner") to speech input. */}
        <span class="me-name">{identity.name}</span>{' '}
        <span class="me-role">{role}</span>{' '}
        {setup && (wide ? <span class="chip chip-setup" aria-hidden="true">Set up</span> : <span class="chip-setup" style={NARROW_DOT} aria-hidden="true" />)}
      </button>
      {open && (
        <AccountPopup menu={mode === 'menu'} onClose={close} button={() => button.current}>
          {mode === 'menu' && (
            <>
              {setup && (
                <button type="button" role="menuitem" onClick={() => setMode('setup')}>
                  <strong>Finish setting up: your name and a password</strong>
                </button>
              )}
              <button type="button" role="menuitem" onClick={() => setMode('name')}>
                Change the name others see
              </button>
              {canChangePassword && (
                <button type="button" role="menuitem" onClick={() => setMode('password')}>
                  {account?.hasPassword === false ? 'Set a password' : 'Change password'}
                </button>
              )}
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  close();
                  setShortcuts(true);
                }}
              >
                Keyboard shortcuts
              </button>
              <button
                type="button"
                role="menuitem"
                onClick={() => void api('/api/signout', { method: 'POST' }).finally(() => location.assign('/login'))}
              >
                Sign out
              </button>
            </>
          )}
          {mode === 'setup' && setup && <SetupForm identity={identity} account={account} onRename={onRename} onDone={close} />}
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
                <input value={name} maxLength={80} autoFocus aria-describedby="account-name-hint" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
              </label>
              <p class="field-hint" id="account-name-hint">Your annotations and replies show your name as it is now, in the app and in exports.</p>
              <button type="submit" class="button button-primary button-small">
                Save
              </button>
            </form>
          )}
          {mode === 'password' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (next.length < MIN_PASSWORD) return setMessage({ text: SHORT_PASSWORD, error: true });
                api<{ endedSessions: number }>('/api/password', { method: 'POST', body: { current: current || undefined, next } }).then(
                  ({ endedSessions }) => {
                    if (account) setShared({ ...account, hasPassword: true });
                    setMessage({ text: endedSessions > 0 ? 'Password changed. You were signed out everywhere else.' : 'Password changed.', error: false });
                  },
                  (err: Error) => setMessage({ text: err.message, error: true }),
                );
              }}
            >
              {account?.hasPassword !== false && (
                <label class="field">
                  <span class="field-label">Current password (leave empty if you never set one)</span>
                  <input type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent((e.target as HTMLInputElement).value)} />
                </label>
              )}
              <label class="field">
                <span class="field-label">New password (10 characters or more)</span>
                <input type="password" autoComplete="new-password" value={next} onInput={(e) => setNext((e.target as HTMLInputElement).value)} />
              </label>
              {message && <p class={message.error ? 'form-error' : 'form-ok'} role="status">{message.text}</p>}
              <button type="submit" class="button button-primary button-small">
                {account?.hasPassword === false ? 'Set password' : 'Change password'}
              </button>
            </form>
          )}
        </AccountPopup>
      )}
      {shortcuts && <ShortcutsSheet onClose={() => setShortcuts(false)} returnTo={() => button.current} />}
    </div>
  );
}

/**
 * The account's popup: a menu (↑/↓ between its items) that turns into a small form. Its first
 * item takes the focus; Escape closes it from anywhere and the focus goes back to the button.
 */
function AccountPopup({ menu, onClose, button, children }: { menu: boolean; onClose: () => void; button: () => HTMLElement | null; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useDialog(ref, { onClose, modal: false, initialFocus: '[role=menuitem], input', returnTo: button });
  const onKeyDown = (event: KeyboardEvent) => {
    if (!menu || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    if (items.length === 0) return;
    event.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : (at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next]!.focus();
  };
  return (
    <div ref={ref} class="account-menu" role={menu ? 'menu' : 'dialog'} aria-label="Your account" onKeyDown={onKeyDown}>
      {children}
    </div>
  );
}

/**
 * A banner for an owner who has not set a password yet (the first sign-in is by a one-time
 * link): give your name and set a password, or later (asked again in the next visit).
 */
export function AccountSetupBanner({ identity, role, onRename }: Props) {
  const account = useAccount();
  const [laterClicked, setLaterClicked] = useState(false);
  const [saved, setSaved] = useState(false);
  const later = laterClicked || (account !== null && sessionStorage.getItem(laterKey(account.userId)) === '1');
  if (saved) {
    return (
      <div class="banner banner-info" role="status">
        Saved. Sign in again at <a href="/login">/login</a> as <strong>{account?.username ?? 'your username'}</strong> with your password.
        <button type="button" class="link-button" onClick={() => setSaved(false)} aria-label="Close">
          ×
        </button>
      </div>
    );
  }
  if (!needsSetup(role, account) || later) return null;
  return (
    <section class="banner banner-info account-setup" aria-label="Finish setting up your account">
      <SetupForm
        identity={identity}
        account={account}
        onRename={onRename}
        onDone={() => setSaved(true)}
        onLater={() => {
          sessionStorage.setItem(laterKey(account.userId), '1');
          setLaterClicked(true);
        }}
        inline
      />
    </section>
  );
}

/** Name and password in one go: what a new owner is asked for. */
function SetupForm({ identity, account, onRename, onDone, onLater, inline = false }: { identity: Identity; account: Account; onRename: (name: string) => void; onDone: () => void; onLater?: () => void; inline?: boolean }) {
  const [name, setName] = useState(identity.name);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const shown = name.trim();
    if (!shown) return setError('Give the name others will see.');
    if (password.length < MIN_PASSWORD) return setError(SHORT_PASSWORD);
    setBusy(true);
    setError(null);
    try {
      // The password first: it is the step that can be refused (too short), and the name is cheap to redo.
      await api('/api/password', { method: 'POST', body: { next: password } });
      if (shown !== identity.name) onRename(shown);
      setShared({ ...account, hasPassword: true });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class={inline ? 'account-setup-form' : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p class="account-setup-lead">
        <strong>Welcome.</strong> You came in with a one-time link. Tell the group who you are, and set a password to sign in again at /login as <strong>{account.username ?? 'your username'}</strong>.
      </p>
      <div class={inline ? 'field-row' : undefined}>
        <label class="field">
          <span class="field-label">Your name as others see it</span>
          <input value={name} maxLength={80} autoComplete="name" autoFocus={!inline} onInput={(e) => setName((e.target as HTMLInputElement).value)} onFocus={(e) => (e.target as HTMLInputElement).select()} />
        </label>
        <label class="field">
          <span class="field-label">A password (10 characters or more)</span>
          <input type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {error && <p class="form-error" role="alert">{error}</p>}
      <div class="composer-actions">
        {onLater && (
          <button type="button" class="button button-small" onClick={onLater}>
            Later
          </button>
        )}
        <button type="submit" class="button button-primary button-small" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
