import { useEffect, useRef, useState } from 'preact/hooks';
import type { Annotation, DocumentMeta, Person } from '../../core/index.js';
import type { Connection, Facilitation, Spotlight } from '../connection.js';
import type { Present } from '../hooks.js';
import { documentPath, navigate } from '../router.js';
import type { DeskSeminar } from '../components/Desk.js';
import { shortName } from '../components/crosswalk-names.js';
import { formatDate } from '../format.js';
import { hasDrafts, useHasDrafts } from './drafts.js';
import { facilitationOf, type SeminarState } from './use-seminar.js';

interface Where {
  /** The main panel shows a document (not the crosswalk table or the as-of page). */
  onDesk: boolean;
  documentId: string | null;
  besideId: string | null;
}

/** A move of the facilitator held back because this person has unsaved writing open. */
export interface FollowOffer {
  /** "Fay moved to EO 14159 Sec. 3", "Fay is now discussing Question · …". */
  label: string;
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
  /** A move offered instead of applied (a draft is open), and taking it. */
  offer: FollowOffer | null;
  go: () => void;
  /** The facilitator's own spotlight (while facilitating), and taking it away. */
  spotlight: Spotlight | null;
  clearSpotlight: () => void;
}

// Following survives a reload of the tab (not a new tab: another tab may be a projector or a second reader).
const storageKey = (workspaceId: string) => `crosswalk:following:${workspaceId}`;
function storedFollowing(workspaceId: string): string | null {
  try {
    return sessionStorage.getItem(storageKey(workspaceId));
  } catch {
    return null;
  }
}
function storeFollowing(workspaceId: string, sessionId: string | null): void {
  try {
    if (sessionId) sessionStorage.setItem(storageKey(workspaceId), sessionId);
    else sessionStorage.removeItem(storageKey(workspaceId));
  } catch {
    // Storage refused (private mode, quota): following just does not survive a reload.
  }
}

/**
 * Following the facilitator, through awareness: the facilitator publishes where they read (the
 * documents, the block at the top of the reader, the spotlight); a follower's view goes there,
 * and to the item under discussion, until they open something else or step out. While the
 * follower has unsaved writing open, a move that would take them away is offered, not applied.
 */
export function useSeminarFollow(connection: Connection, me: Person, people: Present[], seminar: SeminarState, annotations: Annotation[], documents: DocumentMeta[], where: Where): SeminarFollow {
  const running = seminar.active;
  const facilitating = running !== null && running.facilitator.id === me.id;
  const facilitator = facilitationOf(people, running);
  const [following, setFollowingState] = useState(() => running !== null && !facilitating && storedFollowing(connection.workspaceId) === running.id);
  const [topBlock, setTopBlock] = useState<string | null>(null);
  const [ownSpotlight, setOwnSpotlight] = useState<Spotlight | null>(null);
  const [offer, setOffer] = useState<(FollowOffer & { path: string | null }) | null>(null);
  // Bumped when following starts again or an offer is taken: the Desk applies the item and spotlight anew.
  const [epoch, setEpoch] = useState(0);
  const drafting = useHasDrafts();
  const { onDesk, documentId, besideId } = where;

  const setFollowing = (next: boolean) => {
    setFollowingState(next);
    if (next) setEpoch((n) => n + 1);
    else setOffer(null);
  };

  useEffect(() => {
    if (!running) setFollowingState(false);
  }, [running?.id]);
  useEffect(() => {
    connection.setFollowing(following && running ? running.id : null);
    storeFollowing(connection.workspaceId, following && running ? running.id : null);
  }, [connection, following, running?.id]);
  useEffect(() => setTopBlock(null), [documentId]);
  useEffect(() => {
    if (!facilitating) setOwnSpotlight(null);
  }, [facilitating]);
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
  const nowItem = seminar.now ? seminar.agenda.find((i) => i.id === seminar.now!.itemId) : undefined;
  const nowAnnotation = nowItem?.annotationId ? annotations.find((a) => a.id === nowItem.annotationId && !a.deleted) : undefined;
  const nowKey = seminar.now ? `${seminar.now.itemId}@${seminar.now.since}` : null;
  const leaderName = running?.facilitator.name ?? 'The facilitator';

  // Applies a move, or offers it when leaving would throw away unsaved writing.
  const move = (path: string | null, label: string) => {
    if (hasDrafts()) return setOffer({ path, label });
    setOffer(null);
    if (path) navigate(path);
  };

  const last = useRef<{ following: boolean; doc: string | null; beside: string | null; now: string | null }>({ following: false, doc: null, beside: null, now: null });
  useEffect(() => {
    const prev = last.current;
    last.current = { following, doc: lead?.documentId ?? null, beside: lead?.besideId ?? null, now: nowKey };
    if (!following) return;
    const started = !prev.following;
    // Following again, or the facilitator moving the group on, lands on the item under discussion.
    if (nowAnnotation && (started || (nowKey !== prev.now && nowKey !== null))) {
      const there = nowAnnotation.passage.documentId;
      const path = onDesk && (there === documentId || there === besideId) ? null : documentPath(connection.workspaceId, there, null, nowAnnotation.id);
      if (path || hasDrafts()) move(path, `${leaderName} is now discussing ${describeWhere(nowAnnotation, documents)}`);
      return;
    }
    if (!lead?.documentId) return;
    const leadMoved = started || lead.documentId !== prev.doc || lead.besideId !== prev.beside;
    if (!leadMoved) return;
    // Back where this person is: nothing left to offer.
    if (onDesk && lead.documentId === documentId && lead.besideId === besideId) return setOffer(null);
    const doc = documents.find((d) => d.id === lead.documentId);
    const pinpoint = facilitator?.present.state.location?.documentId === lead.documentId ? facilitator.present.state.location.pinpoint : undefined;
    move(documentPath(connection.workspaceId, lead.documentId, lead.besideId), `${leaderName} moved to ${[doc ? nameOf(doc, documents) : 'another document', pinpoint].filter(Boolean).join(' ')}`);
  }, [following, lead?.documentId, lead?.besideId, nowKey, nowAnnotation?.id]);

  // Opening another document than the facilitator's (or the one under discussion) is stepping out.
  useEffect(() => {
    const expected = [lead?.documentId, nowAnnotation?.passage.documentId];
    if (lead?.documentId && onDesk && documentId && !expected.includes(documentId) && !offer) setFollowing(false);
  }, [documentId, onDesk]);

  const go = () => {
    const taken = offer;
    setOffer(null);
    setEpoch((n) => n + 1);
    if (taken?.path) navigate(taken.path);
  };

  return {
    following,
    setFollowing,
    facilitator,
    followers: running ? people.filter((p) => !p.self && p.state.following === running.id) : [],
    setTopBlock,
    offer: offer && { label: offer.label },
    go,
    spotlight: facilitating ? ownSpotlight : null,
    clearSpotlight: () => setOwnSpotlight(null),
    desk: running
      ? {
          facilitating,
          // With unsaved writing open, the view stays put until the person takes the offer.
          held: following && (drafting || offer !== null),
          followBlockId: lead && lead.documentId === documentId ? lead.blockId : null,
          spotlight: facilitating ? ownSpotlight : (facilitator?.facilitation.spotlight ?? null),
          discuss: following && nowAnnotation ? { annotationId: nowAnnotation.id, key: `${nowKey}#${epoch}` } : null,
          epoch: following ? epoch : 0,
          onSpotlight: setOwnSpotlight,
          onStepOut: () => setFollowing(false),
        }
      : null,
  };
}

function describeWhere(annotation: Annotation, documents: DocumentMeta[]): string {
  const doc = documents.find((d) => d.id === annotation.passage.documentId);
  return [doc ? nameOf(doc, documents) : null, annotation.passage.pinpoint].filter(Boolean).join(' ') || 'an annotation';
}

/** A document's short name, with its date when another document goes by the same name. */
function nameOf(doc: DocumentMeta, documents: DocumentMeta[]): string {
  const name = shortName(doc);
  return documents.some((d) => d.id !== doc.id && d.imported && shortName(d) === name) ? `${name} (${formatDate(doc.date)})` : name;
}
