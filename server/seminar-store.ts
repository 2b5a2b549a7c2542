import crypto from 'node:crypto';
import type { Db } from './database.js';
import { Role, type Connected, type Person } from '../core/index.js';

/** An anonymous question as the facilitator sees it: its words, never its author. */
export interface AskedQuestion {
  id: string;
  sessionId: string;
  body: string;
  askedAt: string;
  state: 'new' | 'on-agenda' | 'dismissed';
  itemId: string | null;
}

const nowIso = () => new Date().toISOString();

/**
 * What the seminar keeps out of the shared document, in SQLite: attendance (every connection,
 * from when to when), anonymous questions (the author is kept for the server alone, so that a
 * question can be traced if it is abuse, and shown to nobody), and poll votes (one per member
 * and poll, by the primary key).
 */
export class SeminarStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      join: db.prepare('INSERT INTO attendance (workspace_id, user_id, name, role, joined_at) VALUES (?, ?, ?, ?, ?)'),
      leave: db.prepare('UPDATE attendance SET left_at = ? WHERE id = ? AND left_at IS NULL'),
      // A crash leaves connections open in the table: the next start closes them when they began (how long they stayed is not known).
      closeDangling: db.prepare('UPDATE attendance SET left_at = joined_at WHERE left_at IS NULL'),
      closeOpen: db.prepare('UPDATE attendance SET left_at = ? WHERE left_at IS NULL'),
      attendance: db.prepare(
        'SELECT user_id AS userId, name, role, joined_at AS joinedAt, left_at AS leftAt FROM attendance WHERE workspace_id = ? AND joined_at <= ? AND (left_at IS NULL OR left_at >= ?) ORDER BY joined_at',
      ),
      ask: db.prepare("INSERT INTO seminar_questions (id, workspace_id, session_id, author_id, body, asked_at, state) VALUES (?, ?, ?, ?, ?, ?, 'new')"),
      questions: db.prepare('SELECT id, session_id AS sessionId, body, asked_at AS askedAt, state, item_id AS itemId FROM seminar_questions WHERE workspace_id = ? AND session_id = ? ORDER BY asked_at'),
      question: db.prepare('SELECT id, session_id AS sessionId, body, asked_at AS askedAt, state, item_id AS itemId FROM seminar_questions WHERE workspace_id = ? AND id = ?'),
      setQuestion: db.prepare('UPDATE seminar_questions SET state = ?, item_id = ? WHERE workspace_id = ? AND id = ?'),
      vote: db.prepare(
        'INSERT INTO poll_votes (workspace_id, poll_id, user_id, name, option, voted_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, poll_id, user_id) DO UPDATE SET option = excluded.option, name = excluded.name, voted_at = excluded.voted_at',
      ),
      votes: db.prepare('SELECT user_id AS userId, name, option FROM poll_votes WHERE workspace_id = ? AND poll_id = ? ORDER BY voted_at'),
    };
    this.s.closeDangling.run();
  }

  /** Records a connection opening; returns what records it closing. */
  joined(workspaceId: string, person: Person, role: Role): () => void {
    const id = Number(this.s.join.run(workspaceId, person.id, person.name, role, nowIso()).lastInsertRowid);
    // Connections close as the server shuts down, after the database may have: those are closed at the next start.
    return () => void (this.db.open && this.s.leave.run(nowIso(), id));
  }

  /** At shutdown: every connection still open ends now. */
  closeOpen(): void {
    this.s.closeOpen.run(nowIso());
  }

  /** The connections open at some time between `from` and `to`. */
  connections(workspaceId: string, from: string, to: string): Connected[] {
    const rows = this.s.attendance.all(workspaceId, to, from) as { userId: string; name: string; role: string; joinedAt: string; leftAt: string | null }[];
    return rows.map((r) => ({ person: { id: r.userId, name: r.name }, role: Role.parse(r.role), joinedAt: r.joinedAt, leftAt: r.leftAt }));
  }

  ask(workspaceId: string, sessionId: string, authorId: string, body: string): AskedQuestion {
    const id = `aq-${crypto.randomBytes(6).toString('hex')}`;
    this.s.ask.run(id, workspaceId, sessionId, authorId, body, nowIso());
    return this.question(workspaceId, id)!;
  }

  questions(workspaceId: string, sessionId: string): AskedQuestion[] {
    return this.s.questions.all(workspaceId, sessionId) as AskedQuestion[];
  }

  question(workspaceId: string, id: string): AskedQuestion | undefined {
    return this.s.question.get(workspaceId, id) as AskedQuestion | undefined;
  }

  setQuestion(workspaceId: string, id: string, state: AskedQuestion['state'], itemId: string | null): void {
    this.s.setQuestion.run(state, itemId, workspaceId, id);
  }

  /** One vote per member and poll: voting again changes it. */
  vote(workspaceId: string, pollId: string, voter: Person, option: number): void {
    this.s.vote.run(workspaceId, pollId, voter.id, voter.name, option, nowIso());
  }

  votes(workspaceId: string, pollId: string): { userId: string; name: string; option: number }[] {
    return this.s.votes.all(workspaceId, pollId) as { userId: string; name: string; option: number }[];
  }
}
