import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../core/index.js';
import { api } from './api.js';

export interface Membership {
  userId: string;
  name: string;
  role: Role;
}

/**
 * The person's id and role in a workspace, asked of the server once per mount, so that panels the
 * app shell does not hand a role to (the timeline) can show what only some roles may do. Null
 * until known, and for someone who is not a member.
 */
export function useMembership(workspaceId: string): Membership | null {
  const [membership, setMembership] = useState<Membership | null>(null);
  useEffect(() => {
    let live = true;
    api<{ userId: string; name: string; memberships: { workspaceId: string; role: Role }[] }>('/api/session').then(
      (session) => {
        const role = session.memberships.find((m) => m.workspaceId === workspaceId)?.role;
        if (live) setMembership(role ? { userId: session.userId, name: session.name, role } : null);
      },
      () => live && setMembership(null),
    );
    return () => void (live = false);
  }, [workspaceId]);
  return membership;
}

/** Owners and editors manage documents (the server decides what each may do to a locked text). */
export const managesDocuments = (role: Role | undefined): boolean => role === 'owner' || role === 'editor';
