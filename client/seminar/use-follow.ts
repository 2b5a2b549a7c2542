import { useEffect, useState } from 'preact/hooks';
import type { Annotation, Person } from '../../core/index.js';
import type { Connection, Facilitation, Spotlight } from '../connection.js';
import type { Present } from '../hooks.js';
import { documentPath, navigate } from '../router.js';
import type { DeskSeminar } from '../components/Desk.js';
import { facilitationOf, type SeminarState } from './use-seminar.js';

interface Where {
  /** The main panel shows a document (not the crosswalk table or the as-of page). */
  onDesk: boolean;
  documentId: string | null;
  besideId: string | null;
}

export interface SeminarFollow {
  following: boolean;
  setFollowing: (following: boolean) => void;
  facilitator: ReturnType<typeof facilitationOf>;
  /** The others who follow this session's facilitator. */
  followers: Present[];
  /** What the Desk does in the running session, or null outside one. */
  desk: DeskSeminar | null;
  /** The Desk reports the block at the top of its reader: what a facilitator publishes. */
  setTopBlock: (blockId: string | null) => void;
}

/**
 * Following the facilitator, through awareness: the facilitator publishes where they read (the
 * documents, the block at the top of the reader, the spotlight); a follower's view goes there,
 * and to the item under discussion, until they open something else or step out.
 */
export function useSeminarFollow(connection: Connection, me: Person, people: Present[], seminar: SeminarState, annotations: Annotation[], where: Where): SeminarFollow {
  const running = seminar.active;
  const facilitating = running !== null && running.facilitator.id === me.id;
  const facilitator = facilitationOf(people, running);
  const [following, setFollowing] = useState(false);
  const [topBlock, setTopBlock] = useState<string | null>(null);
  const [ownSpotlight, setOwnSpotlight] = useState<Spotlight | null>(null);
  const { onDesk, documentId, besideId } = where;

  useEffect(() => {
    if (!running) setFollowing(false);
  }, [running?.id]);
  useEffect(() => connection.setFollowing(following && running ? running.id : null), [connection, following, running?.id]);
  useEffect(() => setTopBlock(null), [documentId]);
  useEffect(() => {
    if (!facilitating || !running) return connection.setFacilitating(null);
    const facilitation: Facilitation = {
      sessionId: running.id,
      facilitatorId: me.id,
      documentId: onDesk ? documentId : null,
      besideId: onDesk ? besideId : null,
      blockId: topBlock,
      spotlight: ownSpotlight,
      at: Date.now(),
    };
    connection.setFacilitating(facilitation);
  }, [connection, facilitating, running?.id, documentId, besideId, onDesk, topBlock, ownSpotlight]);

  const lead = following ? (facilitator?.facilitation ?? null) : null;
  useEffect(() => {
    if (!lead?.documentId) return;
    if (!onDesk || lead.documentId !== documentId || lead.besideId !== besideId) navigate(documentPath(connection.workspaceId, lead.documentId, lead.besideId));
  }, [lead?.documentId, lead?.besideId]);

  // "Now discussing" moves everyone who follows to the item's annotation.
  const nowItem = seminar.now ? seminar.agenda.find((i) => i.id === seminar.now!.itemId) : undefined;
  const nowAnnotation = nowItem?.annotationId ? annotations.find((a) => a.id === nowItem.annotationId) : undefined;
  useEffect(() => {
    if (following && nowAnnotation) navigate(documentPath(connection.workspaceId, nowAnnotation.passage.documentId, null, nowAnnotation.id));
  }, [seminar.now?.itemId, seminar.now?.since]);

  // Opening another document than the facilitator's (or the one under discussion) is stepping out.
  useEffect(() => {
    const expected = [lead?.documentId, nowAnnotation?.passage.documentId];
    if (lead?.documentId && onDesk && documentId && !expected.includes(documentId)) setFollowing(false);
  }, [documentId, onDesk]);

  return {
    following,
    setFollowing,
    facilitator,
    followers: running ? people.filter((p) => !p.self && p.state.following === running.id) : [],
    setTopBlock,
    desk: running
      ? {
          facilitating,
          followBlockId: lead && lead.documentId === documentId ? lead.blockId : null,
          spotlight: facilitating ? ownSpotlight : (facilitator?.facilitation.spotlight ?? null),
          onSpotlight: setOwnSpotlight,
          onStepOut: () => setFollowing(false),
        }
      : null,
  };
}
