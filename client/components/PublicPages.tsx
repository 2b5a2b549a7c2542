import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { usePageTitle } from '../title.js';

function Frame({ title, children }: { title: string; children: preact.ComponentChildren }) {
  usePageTitle(title);
  return (
    <div class="public-page">
      <main class="public-card">
        <div class="public-brand">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>Crosswalk</span>
        </div>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

function Field(props: { label: string; name: string; type?: 'text' | 'password'; value: string; onInput: (v: string) => void; autoComplete?: string; hint?: string }) {
  const common = {
    name: props.name,
    value: props.value,
    autoComplete: props.autoComplete,
    required: true,
    onInput: (e: Event) => props.onInput((e.target as HTMLInputElement).value),
  };
  // The hint describes the field rather than being part of its name (it ran into the label).
  const id = `field-${props.name}`;
  const described = props.hint ? { id, 'aria-describedby': `${id}-hint` } : { id };
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {props.label}
      </label>
      {props.type === 'password' ? <input type="password" {...common} {...described} /> : <input type="text" {...common} {...described} />}
      {props.hint && (
        <span class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
    </div>
  );
}

/** Sign in with a username and password. */
export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = new URLSearchParams(location.search).get('next');
  return (
    <Frame title="Sign in">
      <form
        class="public-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            const result = await api<{ memberships: { workspaceId: string }[] }>('/api/login', { method: 'POST', body: { username, password } });
            const target = next && next.startsWith('/w/') ? next : result.memberships[0] ? `/w/${result.memberships[0].workspaceId}` : '/';
            location.assign(target);
          } catch (err) {
            setError((err as Error).message);
            setBusy(false);
          }
        }}
      >
        <Field label="Username" name="username" value={username} onInput={setUsername} autoComplete="username" />
        <Field label="Password" name="password" type="password" value={password} onInput={setPassword} autoComplete="current-password" />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          Sign in
        </button>
        <p class="public-note">New here? Open the invite link you were sent. The server’s owner signs in with the link printed when it starts.</p>
      </form>
    </Frame>
  );
}

interface InviteInfo {
  workspaceId: string;
  workspaceTitle: string;
  role: string;
  expiresAt: string;
}

/** Accept an invite: create an account, or join with the account already signed in. */
export function InvitePage({ token }: { token: string }) {
  const [info, setInfo] = useState<InviteInfo | null>(null);
  const [me, setMe] = useState<{ name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ username: '', displayName: '', password: '' });
  useEffect(() => {
    api<InviteInfo>(`/api/invites/${encodeURIComponent(token)}`).then(setInfo, (err: ApiError) => setError(err.message));
    api<{ name: string }>('/api/session').then(setMe, () => setMe(null));
  }, [token]);

  const redeem = async (e: Event) => {
    e.preventDefault();
    try {
      const result = await api<{ workspaceId: string }>(`/api/invites/${encodeURIComponent(token)}/redeem`, { method: 'POST', body: me ? {} : form });
      location.assign(`/w/${result.workspaceId}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (!info) {
    return (
      <Frame title="Invitation">
        {error ? (
          <p class="form-error" role="alert">
            {error}. Ask the workspace owner for a new link.
          </p>
        ) : (
          <p>Checking the invitation…</p>
        )}
      </Frame>
    );
  }
  return (
    <Frame title={`Join “${info.workspaceTitle}”`}>
      <p class="public-lead">
        You are invited as <strong class="role-name">{info.role}</strong>. {ROLE_TEXT[info.role] ?? ''}
      </p>
      <form class="public-form" onSubmit={redeem}>
        {me ? (
          <p>
            You are signed in as <strong>{me.name}</strong>.
          </p>
        ) : (
          <>
            <Field label="Your name, as others will see it" name="displayName" value={form.displayName} onInput={(v) => setForm({ ...form, displayName: v })} autoComplete="name" />
            <Field label="Username" name="username" value={form.username} onInput={(v) => setForm({ ...form, username: v })} autoComplete="username" hint="Letters, digits, dots, hyphens and underscores" />
            <Field label="Password" name="password" type="password" value={form.password} onInput={(v) => setForm({ ...form, password: v })} autoComplete="new-password" hint="At least 10 characters" />
          </>
        )}
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary">
          {me ? 'Join the workspace' : 'Create account and join'}
        </button>
      </form>
    </Frame>
  );
}

export const ROLE_TEXT: Record<string, string> = {
  owner: 'Owners can do everything, including managing members and correcting source texts.',
  editor: 'Editors write notes and annotations, and edit unlocked documents.',
  annotator: 'Annotators cite, critique, compare, ask, reply and write in the notebook.',
  viewer: 'Viewers read and follow along, without changing anything.',
};
