import { useEffect, useState } from 'preact/hooks';
import type { DocumentMeta } from '../../core/index.js';
import { api } from '../api.js';
import { documentPath, onLinkClick } from '../router.js';
import { MembersPanel } from './MembersPanel.js';
import type { FirstSteps } from './timeline-progress.js';
import './documents.css';

interface Props {
  workspaceId: string;
  userId: string;
  documents: DocumentMeta[];
  originalId: string | null;
  steps: FirstSteps;
}

// Per person and workspace, in this browser: dismissing it is a reader's preference, not the group's.
const dismissedKey = (workspaceId: string, userId: string) => `crosswalk:first-steps-dismissed:${workspaceId}:${userId}`;

function readDismissed(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

/**
 * A new workspace's first steps, for owners: bring the later policies in, annotate, compare,
 * invite the group. Each ticks itself from what the workspace holds; the list goes once all are
 * done, or when dismissed.
 */
export function Checklist({ workspaceId, userId, documents, originalId, steps }: Props) {
  const key = dismissedKey(workspaceId, userId);
  const [dismissed, setDismissed] = useState(() => readDismissed(key));
  const [invited, setInvited] = useState<boolean | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}`;
  useEffect(() => {
    if (dismissed) return undefined;
    let live = true;
    Promise.all([api<{ members: unknown[] }>(`${base}/members`), api<{ invites: unknown[] }>(`${base}/invites`)]).then(
      ([m, i]) => live && setInvited(m.members.length > 1 || i.invites.length > 0),
      () => live && setInvited(null),
    );
    return () => void (live = false);
  }, [base, dismissed, membersOpen]);

  const firstMissing = documents.find((d) => !d.imported);
  const firstLater = documents.find((d) => d.imported && d.id !== originalId);
  const items = [
    {
      id: 'bring-in',
      done: steps.laterTexts.imported > 0,
      title: 'Bring in the later policies',
      detail: `${steps.laterTexts.imported} of ${steps.laterTexts.total} texts in.`,
      action: firstMissing && (
        <a href={documentPath(workspaceId, firstMissing.id)} onClick={onLinkClick}>
          Bring in {firstMissing.title.length > 40 ? 'the next one' : `“${firstMissing.title}”`}
        </a>
      ),
    },
    {
      id: 'annotate',
      done: steps.annotated,
      title: 'Annotate the notice',
      detail: 'Select a passage, then Cite, Critique or Ask.',
      action: originalId && (
        <a href={documentPath(workspaceId, originalId)} onClick={onLinkClick}>
          Open the notice
        </a>
      ),
    },
    {
      id: 'compare',
      done: steps.compared,
      title: 'Compare passages',
      detail: 'Open a later text beside the notice and link a passage to its counterpart.',
      action: originalId && firstLater && (
        <a href={documentPath(workspaceId, originalId, firstLater.id)} onClick={onLinkClick}>
          Compare with {firstLater.title.length > 40 ? 'a later text' : `“${firstLater.title}”`}
        </a>
      ),
    },
    {
      id: 'invite',
      done: invited === true,
      title: 'Invite the group',
      detail: 'An invite link with a role, from Members.',
      action: (
        <button type="button" class="link-button" onClick={() => setMembersOpen(true)}>
          Invite someone
        </button>
      ),
    },
  ];
  if (dismissed || items.every((i) => i.done)) return null;
  const done = items.filter((i) => i.done).length;
  return (
    <section class="first-steps" aria-labelledby="first-steps-title">
      <header class="first-steps-head">
        <h2 id="first-steps-title">First steps</h2>
        <span class="first-steps-count">
          {done} of {items.length} done
        </span>
        <button
          type="button"
          class="toast-close first-steps-dismiss"
          aria-label="Dismiss the first steps"
          onClick={() => {
            try {
              localStorage.setItem(key, '1');
            } catch {
              // A browser that keeps nothing shows the list again next time; nothing else breaks.
            }
            setDismissed(true);
          }}
        >
          ×
        </button>
      </header>
      <ol class="first-steps-list">
        {items.map((item) => (
          <li key={item.id} data-step={item.id} data-done={item.done ? 'true' : 'false'}>
            <span class="first-step-mark" aria-hidden="true">
              {item.done ? '✓' : ''}
            </span>
            <span class="first-step-body">
              <span class="first-step-title">
                {item.title}
                <span class="visually-hidden">{item.done ? ' (done)' : ' (to do)'}</span>
              </span>
              {!item.done && <span class="first-step-detail">{item.detail}</span>}
              {!item.done && item.action}
            </span>
          </li>
        ))}
      </ol>
      {membersOpen && <MembersPanel workspaceId={workspaceId} myId={userId} onClose={() => setMembersOpen(false)} />}
    </section>
  );
}
