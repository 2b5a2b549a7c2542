import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import * as Y from 'yjs';
import { Person, Workspace, participation, personNow, transformedCopy } from '../core/index.js';
import type { Principal } from './credentials.js';
import { ExportQuery } from '../core/export/query.js';
import { compareWorkspaces } from '../core/versions/compare.js';
import { body } from './http-guards.js';
import { membersOnly, readWorkspace, type RouteDeps } from './routes.js';
import type { VersionInfo, VersionStore } from './version-store.js';
import { isModerator, type ReaderCopies } from './moderation-routes.js';
import type { SeminarStore } from './seminar-store.js';
import { attendanceFor } from './session-routes.js';

const NewVersion = z.object({ name: z.string().trim().min(1, 'a version needs a name').max(200, 'a version name has at most 200 characters') });
const NewSession = z.object({
  title: z.string().trim().min(1, 'a session needs a title').max(200, 'a session title has at most 200 characters'),
  /** Who leads it; the caller when left out. */
  facilitator: Person.optional(),
});
const VersionRef = z.union([z.literal('live'), z.string().regex(/^[0-9a-f]{16}$/, 'a version id is 16 hex digits')]);
const CompareQuery = z.object({ from: VersionRef, to: VersionRef });
const ParticipationQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
const SummaryQuery = z.object({ tz: z.string().max(64).optional() });

const moderator = isModerator;
const personOf = (principal: Principal) => ({ id: principal.userId, name: principal.name });

function badQuery(res: Response, error: z.ZodError): void {
  const issue = error.issues[0]!;
  res.status(400).json({ error: `bad request: ${issue.path.join('.')}${issue.path.length ? ': ' : ''}${issue.message}` });
}

/**
 * Seminar mode over HTTP: named versions of the whole workspace (saved, listed, opened read-only,
 * exported, compared), sessions started and ended (ending saves a version), a session's summary,
 * and participation counts. Agenda, "now discussing" and moderation travel in the Y.Doc itself.
 */
export function seminarRoutes(deps: RouteDeps, versions: VersionStore, copies: ReaderCopies, seminarStore: SeminarStore): Router {
  const router = express.Router();
  const { accounts, store, sync } = deps;
  const base = '/api/workspaces/:id';

  router.use(base, membersOnly(deps));
  const moderatorsOnly = (what: string) => (req: Request, res: Response, next: NextFunction) =>
    moderator(req.principal!) ? next() : void res.status(403).json({ error: `only owners and editors can ${what}` });

  /**
   * A version as a Y.Doc of its own, as `reader` may have it (see ReaderCopies: whole for
   * moderators, without what is hidden in it or now for anyone else); release it when done.
   */
  const openVersion = (id: string, vid: string, reader: Principal): { ydoc: Y.Doc; release: () => void } | undefined => {
    const state = versions.state(id, vid);
    if (!state) return undefined;
    const ydoc = new Y.Doc({ gc: true });
    Y.applyUpdate(ydoc, state);
    copies.restrict(id, ydoc, reader);
    return { ydoc, release: () => ydoc.destroy() };
  };
  const openLive = (id: string, reader: Principal): { ydoc: Y.Doc; release: () => void } => {
    const live = readWorkspace(sync, store, id);
    try {
      // A copy either way: the live document is shared and must not change for one reader.
      const ydoc = moderator(reader) ? copies.whole(id, live.ydoc) : transformedCopy(live.ydoc, () => {});
      copies.restrict(id, ydoc, reader);
      return { ydoc, release: () => ydoc.destroy() };
    } finally {
      live.release();
    }
  };
  const open = (id: string, ref: string, reader: Principal) => (ref === 'live' ? openLive(id, reader) : openVersion(id, ref, reader));

  const saveVersion = (id: string, name: string, by: Principal, reason: VersionInfo['reason'], sessionId?: string): VersionInfo => {
    const live = readWorkspace(sync, store, id);
    // A version is the whole record, hidden items' words included: each download decides who sees them.
    const ydoc = copies.whole(id, live.ydoc);
    const release = () => {
      ydoc.destroy();
      live.release();
    };
    try {
      const version = versions.save({ workspaceId: id, name, createdBy: personOf(by), reason, sessionId, state: Y.encodeStateAsUpdate(ydoc) });
      accounts.audit(id, by.userId, 'version.saved', { version: version.id, name, reason, ...(sessionId ? { session: sessionId } : {}) });
      return version;
    } finally {
      release();
    }
  };

  router.get(`${base}/versions`, (req, res) => {
    const id = String(req.params.id);
    const people = accounts.people(id);
    res.json({ versions: versions.list(id).map((v) => ({ ...v, createdBy: personNow(v.createdBy, people) })) });
  });

  router.post(`${base}/versions`, moderatorsOnly('save versions'), (req, res) => {
    const input = body(NewVersion, req, res);
    if (!input) return;
    res.status(201).json({ version: saveVersion(String(req.params.id), input.name, req.principal!, 'manual') });
  });

  router.get(`${base}/versions/compare`, (req, res) => {
    const query = CompareQuery.safeParse(req.query);
    if (!query.success) return badQuery(res, query.error);
    const id = String(req.params.id);
    const from = open(id, query.data.from, req.principal!);
    if (!from) return void res.status(404).json({ error: `no version "${query.data.from}"` });
    try {
      const to = open(id, query.data.to, req.principal!);
      if (!to) return void res.status(404).json({ error: `no version "${query.data.to}"` });
      try {
        res.json({ from: query.data.from, to: query.data.to, ...compareWorkspaces(from.ydoc, to.ydoc, { includeHidden: moderator(req.principal!) }) });
      } finally {
        to.release();
      }
    } finally {
      from.release();
    }
  });

  router.get(`${base}/versions/:vid`, (req, res) => {
    const [id, vid] = [String(req.params.id), String(req.params.vid)];
    let state = versions.state(id, vid);
    if (!state) return void res.status(404).json({ error: `no version "${vid}"` });
    // Moderators get the bytes as saved; anyone else a re-encoding without hidden items.
    if (!moderator(req.principal!)) {
      const version = openVersion(id, vid, req.principal!)!;
      state = Y.encodeStateAsUpdate(version.ydoc);
      version.release();
    }
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(Buffer.from(state.buffer, state.byteOffset, state.byteLength));
  });

  router.get(`${base}/versions/:vid/export`, async (req, res, next) => {
    const query = ExportQuery.safeParse(req.query);
    if (!query.success) return badQuery(res, query.error);
    const [id, vid] = [String(req.params.id), String(req.params.vid)];
    const version = openVersion(id, vid, req.principal!);
    if (!version) return void res.status(404).json({ error: `no version "${vid}"` });
    try {
      // The exporters load on the first export, not at start-up.
      const { exportWorkspace } = await import('../core/export/index.js');
      const { format, ...filters } = query.data;
      const file = await exportWorkspace(version.ydoc, id, format, filters, accounts.people(id));
      res.setHeader('Content-Type', file.mimeType);
      res.setHeader('Content-Disposition', `attachment; filename="${id}-version-${vid}${file.filename.slice(id.length)}"`);
      res.send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
    } catch (error) {
      next(error);
    } finally {
      version.release();
    }
  });

  router.post(`${base}/sessions`, moderatorsOnly('run seminar sessions'), (req, res) => {
    const input = body(NewSession, req, res);
    if (!input) return;
    const id = String(req.params.id);
    const principal = req.principal!;
    const result = sync.withRoom(id, (room) => {
      const seminar = new Workspace(room.ydoc).seminar();
      const active = seminar.activeSession();
      if (active) return { status: 409, body: { error: `“${active.title}” is still under way: end it first` } };
      const session = seminar.startSession({ id: `s-${crypto.randomBytes(6).toString('hex')}`, title: input.title, facilitator: input.facilitator ?? personOf(principal) }, 'server');
      return { status: 201, body: { session } };
    });
    if (result.status === 201) accounts.audit(id, principal.userId, 'session.started', { session: (result.body as { session: { id: string } }).session.id });
    res.status(result.status).json(result.body);
  });

  router.post(`${base}/sessions/:sid/end`, moderatorsOnly('run seminar sessions'), (req, res) => {
    const [id, sid] = [String(req.params.id), String(req.params.sid)];
    const principal = req.principal!;
    const result = sync.withRoom(id, (room) => {
      const seminar = new Workspace(room.ydoc).seminar();
      const session = seminar.session(sid);
      if (!session) return { status: 404, body: { error: `no session "${sid}"` } };
      if (session.endedAt) return { status: 409, body: { error: `“${session.title}” has already ended` } };
      const ended = seminar.endSession(sid, 'server');
      accounts.audit(id, principal.userId, 'session.ended', { session: sid });
      const version = saveVersion(id, `${ended.title} (end of session)`.slice(0, 200), principal, 'session-end', sid);
      return { status: 200, body: { session: ended, version } };
    });
    res.status(result.status).json(result.body);
  });

  router.get(`${base}/sessions/:sid/summary`, async (req, res, next) => {
    const [id, sid] = [String(req.params.id), String(req.params.sid)];
    const { ydoc, release } = readWorkspace(sync, store, id);
    try {
      if (!new Workspace(ydoc).seminar().session(sid)) return void res.status(404).json({ error: `no session "${sid}"` });
      const query = SummaryQuery.safeParse(req.query);
      if (!query.success) return badQuery(res, query.error);
      const { exportSessionSummary, knownTimeZone } = await import('../core/export/index.js');
      // The reader's zone from the app's link; an unknown one falls back to UTC, which the file says.
      const timeZone = query.data.tz && knownTimeZone(query.data.tz) ? query.data.tz : 'UTC';
      const file = exportSessionSummary(ydoc, id, sid, { people: accounts.people(id), timeZone });
      res.setHeader('Content-Type', file.mimeType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.send(file.body);
    } catch (error) {
      next(error);
    } finally {
      release();
    }
  });

  router.get(`${base}/participation`, moderatorsOnly('see participation'), async (req, res, next) => {
    const query = ParticipationQuery.safeParse(req.query);
    if (!query.success) return badQuery(res, query.error);
    const id = String(req.params.id);
    const members = accounts.members(id).map((m) => ({ id: m.id, name: m.displayName }));
    const { ydoc, release } = readWorkspace(sync, store, id);
    try {
      const people = accounts.people(id);
      // Who was there (from connections, silent viewers included) beside what each wrote.
      const report = participation(ydoc, members, undefined, (session) => attendanceFor(seminarStore, id, session, people));
      if (query.data.format === 'json') return void res.json(report);
      const { exportParticipationCsv } = await import('../core/export/index.js');
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${id}-participation-${new Date().toISOString().slice(0, 10)}.csv"`);
      res.send(exportParticipationCsv(report));
    } catch (error) {
      next(error);
    } finally {
      release();
    }
  });

  return router;
}
