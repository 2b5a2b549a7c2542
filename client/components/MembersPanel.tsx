import { useEffect, useState } from 'preact/hooks';
import { Role, type ProgramToken } from '../../core/index.js';
import { api } from '../api.js';
import { timeAgo } from '../annotations/labels.js';
import { formatDayOf } from '../format.js';
import { Sheet } from './Dialog.js';

interface Member {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  addedAt: string;
}
interface Invite {
  id: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  uses: number;
  label: string | null;
  usedBy?: { userId: string; name: string; usedAt: string }[];
}
type Token = ProgramToken;
interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

/** Owners' panel: members and roles, invite links, programs' tokens, and the audit log. */
export function MembersPanel({ workspaceId, myId, onClose }: { workspaceId: string; myId: string; onClose: () => void }) {
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}`;
  const [tab, setTab] = useState<'members' | 'invites' | 'tokens' | 'audit'>('members');
  const [members, setMembers] = useState<Member[]>([]);
  const [invites, setInvites] = useState<Invite[]>([]);
  const [inviteLabel, setInviteLabel] = useState('');
  const [tokens, setTokens] = useState<Token[]>([]);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [newRole, setNewRole] = useState<Role>('annotator');
  const [days, setDays] = useState(7);
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = () => {
    setError(null);
    api<{ members: Member[] }>(`${base}/members`).then((r) => setMembers(r.members), (e: Error) => setError(e.message));
    api<{ invites: Invite[] }>(`${base}/invites`).then((r) => setInvites(r.invites), (e: Error) => setError(e.message));
    api<{ tokens: Token[] }>(`${base}/tokens`).then((r) => setTokens(r.tokens), (e: Error) => setError(e.message));
    api<{ entries: AuditEntry[] }>(`${base}/audit`).then((r) => setAudit(r.entries), (e: Error) => setError(e.message));
  };
  useEffect(reload, [workspaceId]);
  const run = (work: Promise<unknown>) => work.then(reload, (e: Error) => setError(e.message));

  return (
    <Sheet title="Members and invites" onClose={onClose}>
        <nav class="sheet-tabs" role="tablist">
          {(['members', 'invites', 'tokens', 'audit'] as const).map((t) => (
            <button type="button" role="tab" key={t} aria-selected={tab === t} onClick={() => setTab(t)}>
              {t === 'members' ? `Members · ${members.length}` : t === 'invites' ? 'Invite links' : t === 'tokens' ? 'Program tokens' : 'Audit log'}
            </button>
          ))}
        </nav>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {tab === 'members' && (
          <table class="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id} data-member={m.username}>
                  <td>
                    {m.displayName}
                    <span class="muted"> @{m.username}</span>
                  </td>
                  <td>
                    <select aria-label={`Role of ${m.displayName}`} value={m.role} onChange={(e) => run(api(`${base}/members/${encodeURIComponent(m.id)}`, { method: 'PATCH', body: { role: (e.target as HTMLSelectElement).value } }))}>
                      {Role.options.map((r) => (
                        <option value={r} key={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {m.id !== myId && (
                      <button type="button" class="link-button danger" onClick={() => confirm(`Remove ${m.displayName} from this workspace?`) && run(api(`${base}/members/${encodeURIComponent(m.id)}`, { method: 'DELETE' }))}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === 'invites' && (
          <div class="invites">
            <form
              class="invite-form"
              onSubmit={(e) => {
                e.preventDefault();
                api<{ path: string }>(`${base}/invites`, { method: 'POST', body: { role: newRole, expiresInDays: days, label: inviteLabel } }).then((r) => {
                  setLink(`${location.origin}${r.path}`);
                  reload();
                }, (err: Error) => setError(err.message));
              }}
            >
              <label class="field">
                <span class="field-label">Role</span>
                <select value={newRole} onChange={(e) => setNewRole((e.target as HTMLSelectElement).value as Role)}>
                  {Role.options.map((r) => (
                    <option value={r} key={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span class="field-label">Label (optional)</span>
                <input value={inviteLabel} maxLength={120} placeholder="Seminar, 3 December" onInput={(e) => setInviteLabel((e.target as HTMLInputElement).value)} />
              </label>
              <label class="field">
                <span class="field-label">Expires after (days)</span>
                <input type="number" min="1" max="90" value={days} onInput={(e) => setDays(Number((e.target as HTMLInputElement).value))} />
              </label>
              <button type="submit" class="button button-primary">
                Create link
              </button>
            </form>
            {link && (
              <div class="invite-link" role="status">
                <span class="field-label">Send this link. Anyone with it can join as {newRole} until it expires or you revoke it.</span>
                <input readOnly value={link} onFocus={(e) => (e.target as HTMLInputElement).select()} aria-label="Invite link" />
                <button type="button" class="button button-small" onClick={() => void navigator.clipboard?.writeText(link)}>
                  Copy
                </button>
              </div>
            )}
            <table class="table">
              <thead>
                <tr>
                  <th>Label</th>
                  <th>Role</th>
                  <th>State</th>
                  <th>Used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {invites.map((i) => {
                  const state = i.revokedAt ? 'revoked' : i.expiresAt < new Date().toISOString() ? 'expired' : `open until ${formatDayOf(i.expiresAt)}`;
                  return (
                    <tr key={i.id} data-invite-id={i.id}>
                      <td>{i.label ?? '—'}</td>
                      <td>{i.role}</td>
                      <td>{state}</td>
                      <td>
                        {i.uses}
                        {i.usedBy && i.usedBy.length > 0 && `: ${i.usedBy.map((u) => u.name).join(', ')}`}
                      </td>
                      <td>
                        {!i.revokedAt && (
                          <button type="button" class="link-button danger" onClick={() => run(api(`${base}/invites/${i.id}`, { method: 'DELETE' }))}>
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {tab === 'tokens' && (
          <div class="tokens">
            <p class="muted">Programs connect with these tokens (made with <code>crosswalk token</code>). A revoked token stops working at once, and its open connections close.</p>
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Created</th>
                  <th>State</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => {
                  const state = t.revokedAt ? 'revoked' : t.expiresAt === null ? 'open' : t.expiresAt < new Date().toISOString() ? 'expired' : `open until ${formatDayOf(t.expiresAt)}`;
                  return (
                    <tr key={t.id} data-token={t.id}>
                      <td>{t.name}</td>
                      <td>{t.role}</td>
                      <td>{timeAgo(t.createdAt)}</td>
                      <td>{state}</td>
                      <td>
                        {!t.revokedAt && (
                          <button type="button" class="link-button danger" onClick={() => confirm(`Revoke the token “${t.name}”? Programs using it stop at once.`) && run(api(`${base}/tokens/${encodeURIComponent(t.id)}`, { method: 'DELETE' }))}>
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
                {tokens.length === 0 && (
                  <tr>
                    <td colSpan={5} class="muted">
                      No tokens for this workspace.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        )}
        {tab === 'audit' && (
          <ol class="audit">
            {audit.map((e) => (
              <li key={e.id}>
                <span class="muted">{timeAgo(e.at)}</span> <strong>{e.actor}</strong> {e.action.replace('.', ' ')}{' '}
                <span class="audit-detail">{Object.entries(e.detail).map(([k, v]) => `${k}: ${String(v)}`).join(' · ')}</span>
              </li>
            ))}
            {audit.length === 0 && <li class="muted">Nothing recorded yet.</li>}
          </ol>
        )}
    </Sheet>
  );
}
