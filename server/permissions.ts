import type * as Y from 'yjs';
import {
  AgendaItem,
  AgendaReply,
  Hand,
  ItemTimer,
  Poll,
  SPEAKING,
  Speaking,
  TIMER,
  isTallyKey,
  parseAgendaReplyKey,
  AnnotationRecord,
  Dismissal,
  DismissalKey,
  DocumentMeta,
  LIBRARY_LIMIT,
  LibrarySource,
  ModerationMark,
  NOW_DISCUSSING,
  NowDiscussing,
  Reply,
  SeminarId,
  SourceId,
  Workspace,
  HIDDEN_ANNOTATION_FROZEN,
  HIDDEN_REPLY_FROZEN,
  annotationKeys,
  isWithheld,
  rootNames,
  type Annotation,
  type Role,
  type Touch,
} from '../core/index.js';

/** Who is writing: their stable id and role in this workspace. */
export interface Writer {
  userId: string;
  role: Role;
}

const { RECORD, STATUS, DELETED, REPLIES, REACTIONS, HISTORY, HIDDEN, HIDDEN_REPLY_PREFIX } = annotationKeys;
const SEMINAR_ROOTS = new Set<string>([rootNames.AGENDA, rootNames.AGENDA_ITEMS, rootNames.SESSIONS, rootNames.SEMINAR]);
const OWN_RECORD_KEYS = new Set<string>([RECORD, DELETED, HISTORY]);

/**
 * Decides whether a writer may make the changes an update would make. Returns null when
 * allowed, or the reason it is refused (shown to the person, written to the audit log).
 *
 * Owners may change anything. Viewers nothing. Editors: the notebook, seminar sessions and the
 * agenda, unlocked documents and new imports, annotations, hiding and showing others' annotations
 * and replies, any source of the library. Annotators: the notebook, annotations, dismissing or
 * restoring alignment suggestions, and the library sources they add. In annotations everyone
 * writes only their own records, replies and reactions; anyone who may annotate may resolve or
 * reopen. While an annotation or reply is hidden its words are kept by the server, so nobody but
 * an owner changes them (an edit could not be shown again whole), annotators touch nothing of a
 * hidden annotation, and only the server writes placeholders.
 */
export function refusal(doc: Y.Doc, writer: Writer, touches: Touch[]): string | null {
  if (writer.role === 'owner') return null;
  if (writer.role === 'viewer') return touches.length > 0 ? 'viewers can read and follow along, but not change anything' : null;
  const workspace = new Workspace(doc);
  const editor = writer.role === 'editor';
  for (const touch of touches) {
    const reason = refuse(workspace, writer, editor, touch, touches);
    if (reason) return reason;
  }
  return null;
}

function refuse(workspace: Workspace, writer: Writer, editor: boolean, touch: Touch, all: Touch[]): string | null {
  const { root } = touch;
  if (root === rootNames.NOTEBOOK) return null;
  if (SEMINAR_ROOTS.has(root)) return editor ? seminarChange(workspace, writer, touch) : 'only owners and editors can run seminar sessions and change the agenda';
  if (root === rootNames.WORKSPACE) return 'only owners can change the workspace’s title and description';
  if (root === rootNames.DOCUMENTS) return editor ? documentEntry(workspace, touch) : 'only owners and editors can add or describe documents';
  if (root.startsWith(rootNames.DOCUMENT_TEXT_PREFIX)) {
    const id = root.slice(rootNames.DOCUMENT_TEXT_PREFIX.length);
    if (!editor) return 'annotators cannot edit the text of a document';
    const meta = workspace.document(id);
    // A new import writes the text of a document whose metadata arrives in the same update.
    const importing = workspace.documentText(id).length === 0 && all.some((t) => t.root === rootNames.DOCUMENTS && t.keys[0] === id);
    if (meta?.locked && !importing) return `“${meta.title}” is a locked source text: only owners may correct it`;
    if (!meta && !importing) return 'no such document';
    return null;
  }
  if (root === rootNames.ANNOTATIONS) return annotationChange(workspace, writer, touch);
  if (root === rootNames.DISMISSED_SUGGESTIONS) return dismissal(writer, touch);
  if (root === rootNames.SOURCES) return librarySource(workspace, writer, editor, touch);
  if (root === rootNames.AGENDA_REPLIES) return agendaReply(workspace, writer, touch);
  if (root === rootNames.HANDS) return hand(workspace, writer, touch);
  if (root === rootNames.POLLS) return editor ? poll(workspace, writer, touch) : 'only owners and editors can open and close polls';
  return 'that part of the workspace cannot be changed';
}

function documentEntry(workspace: Workspace, touch: Touch): string | null {
  const id = touch.keys[0];
  if (typeof id !== 'string' || touch.keys.length !== 1) return 'malformed document entry';
  const existing = workspace.document(id);
  if (existing?.locked) return `“${existing.title}” is locked: only owners may change it`;
  if (touch.change === 'insert') {
    const parsed = DocumentMeta.safeParse(touch.value);
    if (!parsed.success) return 'invalid document metadata';
    if (existing && parsed.data.locked !== existing.locked) return 'only owners can lock or unlock a document';
  }
  return null;
}

function annotationChange(workspace: Workspace, writer: Writer, touch: Touch): string | null {
  const [id, key, sub, ...deeper] = touch.keys;
  if (typeof id !== 'string') return 'malformed annotation';
  const existing = workspace.annotations().get(id);
  const isAuthor = !existing || existing.author.id === writer.userId;
  const notYours = 'only its author can change an annotation';
  if (existing?.hidden && (writer.role !== 'editor' || touch.keys.length === 1 || (typeof key === 'string' && OWN_RECORD_KEYS.has(key)))) return HIDDEN_ANNOTATION_FROZEN;
  if ((key === RECORD || key === REPLIES) && touch.change === 'insert' && isWithheld(touch.value)) return 'only the server sets aside the words of hidden items';

  // The annotation's own map: created (new id) or removed (author only).
  if (touch.keys.length === 1) {
    if (touch.change === 'delete') return isAuthor ? null : notYours;
    return existing ? 'an annotation with that id exists' : touch.isType ? null : 'malformed annotation';
  }
  if (typeof key !== 'string' || deeper.length > 0) return 'malformed annotation';
  if (key === HIDDEN || key.startsWith(HIDDEN_REPLY_PREFIX)) return sub === undefined ? moderation(writer, existing, key, touch) : 'malformed annotation';

  if (OWN_RECORD_KEYS.has(key) && sub === undefined) {
    if (!isAuthor) return notYours;
    if (key === RECORD && touch.change === 'insert') {
      const record = AnnotationRecord.safeParse(touch.value);
      if (!record.success) return `invalid annotation: ${record.error.issues[0]?.message ?? 'bad record'}`;
      if (record.data.author.id !== writer.userId || record.data.id !== id) return 'an annotation must be recorded under its author’s own name';
    }
    return null;
  }
  if (key === HISTORY) return isAuthor ? null : notYours;
  if (key === STATUS && sub === undefined) return null;
  if ((key === REPLIES || key === REACTIONS) && sub === undefined) return existing ? 'malformed annotation' : null;
  if (key === REPLIES && typeof sub === 'string') {
    const reply = existing?.replies.find((r) => r.id === sub);
    if (reply && reply.author.id !== writer.userId) return 'only its author can change a reply';
    if (reply && (reply.hidden || existing?.hidden)) return HIDDEN_REPLY_FROZEN;
    if (touch.change === 'insert') {
      const parsed = Reply.safeParse(touch.value);
      if (!parsed.success) return `invalid reply: ${parsed.error.issues[0]?.message ?? 'bad reply'}`;
      if (parsed.data.author.id !== writer.userId || parsed.data.id !== sub) return 'a reply must be recorded under its author’s own name';
    }
    return null;
  }
  if (key === REACTIONS && typeof sub === 'string') {
    return sub.startsWith(`${writer.userId}|`) ? null : 'you can only add or take back your own reactions';
  }
  return 'malformed annotation';
}

function moderation(writer: Writer, existing: Annotation | undefined, key: string, touch: Touch): string | null {
  if (writer.role !== 'editor') return 'only owners and editors can hide or show annotations and replies';
  if (!existing) return 'no such annotation';
  const reply = key === HIDDEN ? undefined : existing.replies.find((r) => r.id === key.slice(HIDDEN_REPLY_PREFIX.length));
  if (key !== HIDDEN && !reply) return 'no such reply';
  // Otherwise an author who moderates could show again what another moderator hid.
  if ((reply ?? existing).author.id === writer.userId) return 'nobody can hide or show their own annotations or replies';
  if (touch.change === 'insert') {
    const mark = ModerationMark.safeParse(touch.value);
    if (!mark.success) return 'malformed moderation mark';
    if (mark.data.by.id !== writer.userId) return 'a moderation mark must be recorded under your own name';
  }
  return null;
}

function seminarChange(workspace: Workspace, writer: Writer, touch: Touch): string | null {
  const { root, keys, change, value } = touch;
  const seminar = workspace.seminar();
  if (root === rootNames.AGENDA) {
    if (keys.length !== 1 || keys[0] !== null) return 'malformed agenda';
    return change === 'delete' || SeminarId.safeParse(value).success ? null : 'malformed agenda entry';
  }
  const [key] = keys;
  if (keys.length !== 1 || typeof key !== 'string') return 'malformed seminar entry';
  if (root === rootNames.SEMINAR) {
    if (key === NOW_DISCUSSING) return change === 'delete' || NowDiscussing.safeParse(value).success ? null : 'malformed “now discussing”';
    if (key === TIMER) return change === 'delete' || ItemTimer.safeParse(value).success ? null : 'malformed timer';
    // Calling on someone takes their hand down: only the running session's facilitator does it.
    if (key === SPEAKING) {
      if (workspace.seminar().activeSession()?.facilitator.id !== writer.userId) return 'only the facilitator calls on people';
      const speaking = Speaking.safeParse(value);
      return change === 'delete' || (speaking.success && speaking.data.calledBy.id === writer.userId) ? null : 'malformed call';
    }
    // The count of anonymous questions is the server's.
    return 'malformed seminar entry';
  }
  // Starting and ending go through the server, which keeps one session at a time and saves the
  // version at the end; a direct write could skip both.
  if (root === rootNames.SESSIONS) return 'sessions are started and ended from the Seminar panel, not by editing the workspace';
  if (change === 'delete') return null;
  const item = AgendaItem.safeParse(value);
  if (!item.success || item.data.id !== key) return `invalid agenda item: ${item.error?.issues[0]?.message ?? 'its id is not its key'}`;
  const existing = seminar.item(key);
  if (!existing && item.data.addedBy.id !== writer.userId) return 'an agenda item must be added under your own name';
  if (existing && item.data.addedBy.id !== existing.addedBy.id) return 'an agenda item keeps the name of who added it';
  return null;
}

/**
 * The library: annotators and editors add sources under their own name; editors change, merge
 * and remove any, annotators only those they added. Who added a source and when never changes.
 */
function librarySource(workspace: Workspace, writer: Writer, editor: boolean, touch: Touch): string | null {
  const [id] = touch.keys;
  if (touch.keys.length !== 1 || typeof id !== 'string' || !SourceId.safeParse(id).success) return 'malformed library entry';
  const library = workspace.library();
  const existing = library.get(id);
  const theirs = existing && existing.addedBy.id !== writer.userId;
  if (touch.change === 'delete') return !existing || editor || !theirs ? null : 'only editors can remove a source someone else added';
  const parsed = LibrarySource.safeParse(touch.value);
  if (!parsed.success || parsed.data.id !== id) return `invalid library source: ${parsed.error?.issues[0]?.message ?? 'its id is not its key'}`;
  const source = parsed.data;
  if (!existing) {
    if (source.addedBy.id !== writer.userId) return 'a source must be added under your own name';
    // Counted, not parsed: an import adds many sources in one update, each judged here.
    return library.size() >= LIBRARY_LIMIT ? `the library holds at most ${LIBRARY_LIMIT} sources` : null;
  }
  if (theirs && !editor) return 'only editors can change a source someone else added';
  if (source.addedBy.id !== existing.addedBy.id || source.addedAt !== existing.addedAt) return 'a source keeps the name of who added it and when';
  if (source.editedBy && source.editedBy.id !== writer.userId) return 'a change to a source must be recorded under your own name';
  return null;
}

/** Answers to agenda questions: anyone who may annotate answers under their own name; only the author changes an answer. */
function agendaReply(workspace: Workspace, writer: Writer, touch: Touch): string | null {
  const [key] = touch.keys;
  const parsed = touch.keys.length === 1 && typeof key === 'string' ? parseAgendaReplyKey(key) : null;
  if (!parsed) return 'malformed answer';
  const existing = workspace.agendaThreads().get(parsed.itemId, parsed.replyId);
  if (existing && existing.author.id !== writer.userId) return 'only its author can change an answer';
  if (touch.change === 'delete') return existing ? null : 'malformed answer';
  const reply = AgendaReply.safeParse(touch.value);
  if (!reply.success) return `invalid answer: ${reply.error.issues[0]?.message ?? 'bad answer'}`;
  if (reply.data.itemId !== parsed.itemId || reply.data.id !== parsed.replyId) return 'malformed answer';
  if (reply.data.author.id !== writer.userId) return 'an answer must be recorded under its author’s own name';
  const item = workspace.seminar().item(parsed.itemId);
  if (!existing && item?.question === undefined) return 'only a question of its own on the agenda takes written answers';
  return null;
}

/** Hands: everyone who may annotate raises and lowers their own; only the running session's facilitator lowers another's. */
function hand(workspace: Workspace, writer: Writer, touch: Touch): string | null {
  const [key] = touch.keys;
  if (touch.keys.length !== 1 || typeof key !== 'string') return 'malformed hand';
  const active = workspace.seminar().activeSession();
  if (touch.change === 'delete') return key === writer.userId || active?.facilitator.id === writer.userId ? null : 'only the facilitator can lower someone else’s hand';
  if (key !== writer.userId) return 'you can only raise your own hand';
  const parsed = Hand.safeParse(touch.value);
  if (!parsed.success || parsed.data.person.id !== writer.userId) return 'a hand must be raised under your own name';
  return active && parsed.data.sessionId === active.id ? null : 'hands go up during a running session';
}

/** Polls: the facilitator's record of the question; the tally is the server's, from the votes it keeps. */
function poll(workspace: Workspace, writer: Writer, touch: Touch): string | null {
  const [key] = touch.keys;
  if (touch.keys.length !== 1 || typeof key !== 'string') return 'malformed poll';
  if (isTallyKey(key)) return 'votes are counted by the server';
  if (touch.change === 'delete') return null;
  const parsed = Poll.safeParse(touch.value);
  if (!parsed.success || parsed.data.id !== key) return `invalid poll: ${parsed.error?.issues[0]?.message ?? 'its id is not its key'}`;
  const existing = workspace.polls().get(key);
  if (!existing && parsed.data.openedBy.id !== writer.userId) return 'a poll must be opened under your own name';
  if (existing && (existing.openedBy.id !== parsed.data.openedBy.id || existing.options.join('\u0000') !== parsed.data.options.join('\u0000'))) return 'a poll keeps its options and who opened it';
  return null;
}

function dismissal(writer: Writer, touch: Touch): string | null {
  const [key] = touch.keys;
  if (touch.keys.length !== 1 || !DismissalKey.safeParse(key).success) return 'malformed suggestion dismissal';
  if (touch.change === 'delete') return null;
  const parsed = Dismissal.safeParse(touch.value);
  if (!parsed.success) return 'malformed suggestion dismissal';
  return parsed.data.by.id === writer.userId ? null : 'a dismissal must be recorded under your own name';
}
