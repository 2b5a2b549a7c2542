import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { PollVote, Workspace, attendanceOf, type Person, type SeminarSession } from '../core/index.js';
import type { Principal } from './credentials.js';
import { body } from './http-guards.js';
import { membersOnly, readWorkspace, type RouteDeps } from './routes.js';
import type { SeminarStore } from './seminar-store.js';

const Handover = z.object({ to: z.string().min(1).max(200) });
const Asked = z.object({ body: z.string().trim().min(1, 'a question needs some text').max(2000, 'a question has at most 2000 characters') });

const moderator = (principal: Principal) => principal.role === 'owner' || principal.role === 'editor';
const personOf = (principal: Principal): Person => ({ id: principal.userId, name: principal.name });

/**
 * The seminar tools that go through the server rather than the document: handing over the
 * facilitation (to someone the server knows may lead), poll votes (one per member, kept here;
 * the document gets the tally), anonymous questions (their authors never reach the document or
 * the facilitator), attendance (from connections), and the printable agenda.
 */
export function sessionRoutes(deps: RouteDeps, seminarStore: SeminarStore): Router {
  const router = express.Router();
  const { accounts, store, sync } = deps;
  const base = '/api/workspaces/:id';
  router.use(base, membersOnly(deps));
  const moderatorsOnly = (what: string) => (req: Request, res: Response, next: NextFunction) =>
    moderator(req.principal!) ? next() : void res.status(403).json({ error: `only owners and editors can ${what}` });
  const nameOf = (principal: Principal) => accounts.user(principal.userId)?.displayName ?? principal.name;

  router.post(`${base}/sessions/:sid/handover`, (req, res) => {
    const input = body(Handover, req, res);
    if (!input) return;
    const [id, sid] = [String(req.params.id), String(req.params.sid)];
    const principal = req.principal!;
    const role = accounts.roleOf(id, input.to);
    const user = accounts.user(input.to);
    const result = sync.withRoom(id, (room) => {
      const seminar = new Workspace(room.ydoc).seminar();
      const session = seminar.session(sid);
      if (!session || session.endedAt) return { status: 404, body: { error: `no running session "${sid}"` } };
      if (session.facilitator.id !== principal.userId && principal.role !== 'owner') return { status: 403, body: { error: 'only the facilitator (or an owner) can hand the session over' } };
      if (!user || (role !== 'editor' && role !== 'owner')) return { status: 400, body: { error: 'the session can be handed only to an editor or owner of this workspace' } };
      return { status: 200, body: { session: seminar.handOver(sid, { id: user.id, name: user.displayName }, 'server') } };
    });
    if (result.status === 200) accounts.audit(id, principal.userId, 'session.handed-over', { session: sid, to: input.to });
    res.status(result.status).json(result.body);
  });

  router.post(`${base}/polls/:pid/vote`, (req, res) => {
    const input = body(PollVote, req, res);
    if (!input) return;
    const [id, pid] = [String(req.params.id), String(req.params.pid)];
    const principal = req.principal!;
    const result = sync.withRoom(id, (room) => {
      const workspace = new Workspace(room.ydoc);
      const polls = workspace.polls();
      const poll = polls.get(pid);
      const active = workspace.seminar().activeSession();
      if (!poll || !active || poll.sessionId !== active.id) return { status: 404, body: { error: `no open poll "${pid}"` } };
      if (poll.closedAt) return { status: 409, body: { error: 'this poll is closed' } };
      if (input.option >= poll.options.length) return { status: 400, body: { error: 'no such option' } };
      seminarStore.vote(id, pid, { id: principal.userId, name: nameOf(principal) }, input.option);
      const votes = seminarStore.votes(id, pid);
      const counts = poll.options.map((_, i) => votes.filter((v) => v.option === i).length);
      const voters = poll.anonymous ? undefined : poll.options.map((_, i) => votes.filter((v) => v.option === i).map((v) => ({ id: v.userId, name: v.name })));
      polls.setTally({ pollId: pid, counts, ...(voters ? { voters } : {}) }, 'server');
      return { status: 200, body: { counts } };
    });
    res.status(result.status).json(result.body);
  });

  router.post(`${base}/sessions/:sid/questions`, (req, res) => {
    const input = body(Asked, req, res);
    if (!input) return;
    const [id, sid] = [String(req.params.id), String(req.params.sid)];
    const principal = req.principal!;
    const result = sync.withRoom(id, (room) => {
      const seminar = new Workspace(room.ydoc).seminar();
      const session = seminar.session(sid);
      if (!session || session.endedAt) return { status: 404, body: { error: `no running session "${sid}"` } };
      seminarStore.ask(id, sid, principal.userId, input.body);
      // Only a count reaches the document: the facilitator's screen fetches the words.
      seminar.setQuestionsAsked(sid, seminarStore.questions(id, sid).length, 'server');
      return { status: 201, body: { ok: true } };
    });
    res.status(result.status).json(result.body);
  });

  router.get(`${base}/sessions/:sid/questions`, moderatorsOnly('read the questions sent in'), (req, res) => {
    res.json({ questions: seminarStore.questions(String(req.params.id), String(req.params.sid)) });
  });

  router.post(`${base}/sessions/:sid/questions/:qid/:action`, moderatorsOnly('put questions on the agenda'), (req, res) => {
    const [id, sid, qid, action] = [String(req.params.id), String(req.params.sid), String(req.params.qid), String(req.params.action)];
    const question = seminarStore.question(id, qid);
    if (!question || question.sessionId !== sid) return void res.status(404).json({ error: `no question "${qid}"` });
    if (action === 'dismiss') {
      seminarStore.setQuestion(id, qid, 'dismissed', null);
      return void res.json({ ok: true });
    }
    if (action !== 'agenda') return void res.status(404).json({ error: `no action "${action}"` });
    if (question.state === 'on-agenda') return void res.status(409).json({ error: 'that question is on the agenda already' });
    const itemId = `item-${crypto.randomBytes(6).toString('hex')}`;
    // Added under the facilitator's name and marked anonymous: the author stays unknown.
    sync.withRoom(id, (room) => new Workspace(room.ydoc).seminar().addItem({ id: itemId, question: question.body, addedBy: personOf(req.principal!), anonymous: true }, 'server'));
    seminarStore.setQuestion(id, qid, 'on-agenda', itemId);
    res.json({ ok: true, itemId });
  });

  router.get(`${base}/sessions/:sid/attendance`, moderatorsOnly('see attendance'), (req, res) => {
    const [id, sid] = [String(req.params.id), String(req.params.sid)];
    const { ydoc, release } = readWorkspace(sync, store, id);
    try {
      const session = new Workspace(ydoc).seminar().session(sid);
      if (!session) return void res.status(404).json({ error: `no session "${sid}"` });
      res.json({ attendance: attendanceFor(seminarStore, id, session, accounts.people(id)) });
    } finally {
      release();
    }
  });

  router.get(`${base}/agenda/handout`, async (req, res, next) => {
    const id = String(req.params.id);
    const { ydoc, release } = readWorkspace(sync, store, id);
    try {
      const { exportAgendaHandout } = await import('../core/export/index.js');
      const file = exportAgendaHandout(ydoc, id, accounts.people(id));
      res.setHeader('Content-Type', file.mimeType);
      // Opened in the browser to print, not downloaded.
      res.setHeader('Content-Disposition', `inline; filename="${file.filename}"`);
      res.send(file.body);
    } catch (error) {
      next(error);
    } finally {
      release();
    }
  });

  return router;
}

/** A session's attendance, people named as they are now. */
export function attendanceFor(seminarStore: SeminarStore, workspaceId: string, session: SeminarSession, people: ReadonlyMap<string, string>) {
  const now = new Date().toISOString();
  const connections = seminarStore.connections(workspaceId, session.startedAt, session.endedAt ?? now);
  return attendanceOf(session, connections.map((c) => ({ ...c, person: { ...c.person, name: people.get(c.person.id) ?? c.person.name } })), now);
}
