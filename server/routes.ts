import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import { z } from 'zod';
import * as Y from 'yjs';
import { CloseCode, DocumentId, PolicyDate, Role, Workspace } from '../core/index.js';
import { AccountError, DisplayName, Password, Username, type Accounts } from './accounts.js';
import type { Credentials, Identity, Principal } from './credentials.js';
import { attemptLimit, body } from './http-guards.js';
import { ExportQuery } from '../core/export/query.js';
import { readSourceOffThread } from './source-reader.js';
import { admitDocument, refusal, type Destination, type Provenance } from './document-intake.js';
import { allowList, fetchSource, FetchError, MAX_SOURCE_BYTES } from './source-fetch.js';
import type { SyncServer } from './sync-server.js';
import { loadStored } from './room.js';
import type { UpdateStore } from './update-store.js';

export const SESSION_COOKIE = 'cw_session';

declare module 'express-serve-static-core' {
  interface Request {
    identity?: Identity;
    principal?: Principal;
  }
}

export interface RouteDeps {
  accounts: Accounts;
  credentials: Credentials;
  store: UpdateStore;
  sync: SyncServer;
  setSession: (res: Response, secret: string | null) => void;
  sessionOf: (req: Request) => string | undefined;
  limits: { signinPer15Min: number; redeemPer15Min: number };
  /** FETCH_ALLOW: hosts, addresses and ranges the server may fetch documents from besides public addresses. */
  fetchAllow: string[];
  doiResolver: string;
}

type TextModule = typeof import('../core/text/index.js');
type ReadSource = import('../core/text/index.js').ReadSource;

// A file's bytes as the body, whatever its type (the type decides the format later); over the
// limit, a message that says what the limit is.
const rawBody = express.raw({ type: () => true, limit: MAX_SOURCE_BYTES });
const rawFile = (req: Request, res: Response, next: NextFunction) =>
  rawBody(req, res, (error?: unknown) => {
    if ((error as { status?: number } | undefined)?.status === 413) return void res.status(413).json({ error: `the file is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB, the most that can be brought in` });
    next(error);
  });

const FIFTEEN_MINUTES = 15 * 60_000;

const Login = z.object({ username: z.string().max(200), password: z.string().max(500) });
const SignUp = z.object({ username: Username, password: Password, displayName: DisplayName });
const ChangePassword = z.object({ current: z.string().max(500).optional(), next: Password });
const NewInvite = z.object({ role: Role, expiresInDays: z.number().min(0.01).max(90) });
const RoleChange = z.object({ role: Role });
const Rename = z.object({ displayName: DisplayName });
const Destination = z.object({
  catalogueId: DocumentId.optional(),
  title: z.string().trim().min(1).max(500).optional(),
  date: PolicyDate.optional(),
});
const NewDocument = Destination.extend({
  format: z.enum(['markdown', 'text']),
  fileName: z.string().trim().max(200).optional(),
  content: z.string().min(1, 'the text is empty').max(2_000_000, 'the text is over 2 MB'),
});
const UploadQuery = Destination.extend({ fileName: z.string({ error: 'the file’s name is missing' }).trim().min(1).max(200) });
const FetchDocument = Destination.extend({
  url: z.string().trim().min(1, 'the address is empty').max(1000, 'the address is over 1000 characters'),
});
/** Sign-in, sign-up through an invite, and a person's own account. Mounted before authentication. */
export function publicRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const { accounts, credentials } = deps;

  router.post('/api/login', attemptLimit(deps.limits.signinPer15Min, FIFTEEN_MINUTES, 'sign-in', false), async (req, res) => {
    const input = body(Login, req, res);
    if (!input) return;
    const user = await accounts.checkPassword(input.username, input.password);
    if (!user) return void res.status(401).json({ error: 'wrong username or password' });
    deps.setSession(res, credentials.startSession(user.id));
    res.json({ userId: user.id, name: user.displayName, memberships: accounts.memberships(user.id) });
  });

  // What an invite link offers, so the sign-up page can say which workspace and role.
  router.get('/api/invites/:token', attemptLimit(deps.limits.redeemPer15Min, FIFTEEN_MINUTES, 'invite'), (req, res) => {
    const invite = accounts.openInvite(String(req.params.token));
    const title = deps.store.listWorkspaces().find((w) => w.id === invite.workspaceId)?.title ?? invite.workspaceId;
    res.json({ workspaceId: invite.workspaceId, workspaceTitle: title, role: invite.role, expiresAt: invite.expiresAt });
  });

  // Redeem an invite: sign up (new account) or, when already signed in, join with this account.
  router.post('/api/invites/:token/redeem', attemptLimit(deps.limits.redeemPer15Min, FIFTEEN_MINUTES, 'invite'), async (req, res) => {
    const invite = accounts.openInvite(String(req.params.token));
    const session = deps.sessionOf(req);
    const current = session ? credentials.fromSession(session) : null;
    let userId: string;
    if (current) userId = current.userId;
    else {
      const input = body(SignUp, req, res);
      if (!input) return;
      userId = (await accounts.register(input)).id;
      deps.setSession(res, credentials.startSession(userId));
    }
    const role = accounts.redeem(invite, userId);
    accounts.audit(invite.workspaceId, userId, 'invite.redeemed', { invite: invite.id, role });
    res.json({ workspaceId: invite.workspaceId, role });
  });

  return router;
}

/** Routes for a signed-in identity (`req.identity` is set). */
export function accountRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const { accounts, credentials } = deps;

  router.get('/api/session', (req, res) => {
    const identity = req.identity!;
    const memberships = identity.token ? [identity.token] : accounts.memberships(identity.userId);
    const user = identity.token ? undefined : accounts.user(identity.userId);
    res.json({
      userId: identity.userId,
      name: identity.name,
      // The first workspace, for pages that need one to start with.
      role: memberships[0]?.role ?? null,
      workspaceId: memberships[0]?.workspaceId ?? null,
      memberships,
      ...(user ? { username: user.username, hasPassword: user.hasPassword } : {}),
    });
  });

  router.post('/api/signout', (req, res) => {
    const session = deps.sessionOf(req);
    if (session) credentials.endSession(session);
    deps.setSession(res, null);
    res.json({ ok: true });
  });

  router.post('/api/password', async (req, res) => {
    if (req.identity!.via !== 'session') return void res.status(403).json({ error: 'programs have no password' });
    const input = body(ChangePassword, req, res);
    if (!input) return;
    const userId = req.identity!.userId;
    await accounts.changePassword(userId, input.current ?? null, input.next);
    // Whoever else held a session (a stolen cookie, a forgotten laptop) is signed out; this one stays.
    const ended = credentials.endSessionsOf(userId, deps.sessionOf(req));
    const own = req.identity!.credential;
    deps.sync.disconnectWhere((p) => p.userId === userId && p.via === 'session' && p.credential !== own, CloseCode.Unauthorized, 'your password was changed in another session; sign in again');
    res.json({ ok: true, endedSessions: ended });
  });

  router.post('/api/me', (req, res) => {
    if (req.identity!.via !== 'session') return void res.status(403).json({ error: 'programs have no account' });
    const input = body(Rename, req, res);
    if (!input) return;
    accounts.setDisplayName(req.identity!.userId, input.displayName);
    res.json({ ok: true });
  });

  return router;
}

/** Routes of one workspace: `req.principal` holds the caller's role there. */
/** Resolves the person's role in the workspace of the address, or answers 404 / 403. */
export function membersOnly({ store, credentials }: Pick<RouteDeps, 'store' | 'credentials'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = String(req.params.id);
    if (!store.hasWorkspace(id)) return void res.status(404).json({ error: `no workspace "${id}"` });
    const principal = credentials.resolve(req.identity!, id);
    if (!principal) return void res.status(403).json({ error: 'you are not a member of this workspace' });
    req.principal = principal;
    next();
  };
}

export function workspaceRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const { accounts, store, sync } = deps;
  const allowed = allowList(deps.fetchAllow);

  router.use('/api/workspaces/:id', membersOnly(deps));
  const ownersOnly = (req: Request, res: Response, next: NextFunction) =>
    req.principal!.role === 'owner' ? next() : void res.status(403).json({ error: 'only owners can manage members and invites' });

  router.get('/api/workspaces/:id', (req, res) => {
    const id = String(req.params.id);
    const { ydoc, release } = readWorkspace(sync, store, id);
    try {
      const workspace = new Workspace(ydoc);
      res.json({ id, role: req.principal!.role, info: workspace.info(), documents: workspace.documents() });
    } finally {
      release();
    }
  });

  router.get('/api/workspaces/:id/export', async (req, res, next) => {
    const query = ExportQuery.safeParse(req.query);
    if (!query.success) return void res.status(400).json({ error: `bad export request: ${query.error.issues[0]!.path.join('.')}: ${query.error.issues[0]!.message}` });
    const { format, ...filters } = query.data;
    const id = String(req.params.id);
    const { ydoc, release } = readWorkspace(sync, store, id);
    try {
      // The exporters (docx, citation-js, papaparse) load on the first export, not at start-up.
      const { exportWorkspace } = await import('../core/export/index.js');
      const file = await exportWorkspace(ydoc, id, format, filters, accounts.people(id));
      res.setHeader('Content-Type', file.mimeType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
    } catch (error) {
      next(error);
    } finally {
      release();
    }
  });

  // Bringing a later policy's text in, for a catalogue entry or as a new document: pasted text
  // (JSON), a file's bytes as the body (upload), or a page or file the server fetches (fetch).
  // Reading the source happens before the room is touched: a bad source changes nothing.
  const addsDocuments = (req: Request, res: Response, next: NextFunction) =>
    req.principal!.role === 'owner' || req.principal!.role === 'editor' ? next() : void res.status(403).json({ error: 'only owners and editors can add documents' });

  const admit = async (req: Request, res: Response, to: Destination, obtain: (text: TextModule) => Promise<{ read: ReadSource; provenance: Provenance }>, via: string) => {
    const id = String(req.params.id);
    const early = sync.withRoom(id, (room) => refusal(new Workspace(room.ydoc), to));
    if (early) return void res.status(early.status).json(early.body);
    const text = await import('../core/text/index.js');
    let source: { read: ReadSource; provenance: Provenance };
    try {
      source = await obtain(text);
    } catch (error) {
      if (error instanceof FetchError || error instanceof text.SourceError) return void res.status(error.status).json({ error: error.message });
      throw error;
    }
    const { read, provenance } = source;
    const outcome = sync.withRoom(id, (room) => admitDocument(new Workspace(room.ydoc), to, read, provenance));
    if (outcome.status === 201) accounts.audit(id, req.principal!.userId, 'document.imported', { document: (outcome.body as { id: string }).id, format: read.format, via, ...(provenance.sourceUrl ? { url: provenance.sourceUrl } : {}) });
    res.status(outcome.status).json(outcome.body);
  };
  const today = () => new Date().toISOString().slice(0, 10);

  router.post('/api/workspaces/:id/documents', addsDocuments, express.json({ limit: '3mb' }), async (req, res) => {
    const input = body(NewDocument, req, res);
    if (!input) return;
    const name = req.principal!.name;
    const capture = input.fileName ? `Uploaded ${input.fileName} by ${name} on ${today()}.` : `Pasted by ${name} on ${today()}.`;
    await admit(req, res, input, async (text) => ({
      read: { format: input.format, ...text.documentFromText(input.content, input.format, input.fileName) },
      provenance: { bytes: input.content, capture },
    }), 'paste');
  });

  router.post('/api/workspaces/:id/documents/upload', addsDocuments, rawFile, async (req, res) => {
    const input = query(UploadQuery, req, res);
    if (!input) return;
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) return void res.status(400).json({ error: 'the file is empty' });
    const bytes = new Uint8Array(req.body);
    await admit(req, res, input, async () => ({
      read: await readSourceOffThread({ bytes, contentType: req.headers['content-type'], name: input.fileName }),
      provenance: { bytes, capture: `Uploaded ${input.fileName} by ${req.principal!.name} on ${today()}.` },
    }), 'upload');
  });

  router.post('/api/workspaces/:id/documents/fetch', addsDocuments, async (req, res) => {
    const input = body(FetchDocument, req, res);
    if (!input) return;
    await admit(req, res, input, async () => {
      const fetched = await fetchSource(input.url, allowed);
      const redirected = fetched.url === input.url ? '' : ` (redirected to ${fetched.url})`;
      return {
        read: await readSourceOffThread({ bytes: fetched.bytes, contentType: fetched.contentType, name: new URL(fetched.url).pathname, baseUrl: fetched.url }),
        provenance: { bytes: fetched.bytes, sourceUrl: input.url, capture: `Fetched from ${input.url}${redirected} by ${req.principal!.name} on ${today()}.` },
      };
    }, 'url');
  });

  // Who the members are, for every member: the app names each author as they are called now.
  router.get('/api/workspaces/:id/people', (req, res) => {
    res.json({ people: accounts.members(String(req.params.id)).map(({ id, displayName }) => ({ id, name: displayName })) });
  });

  router.get('/api/workspaces/:id/members', ownersOnly, (req, res) => {
    res.json({ members: accounts.members(String(req.params.id)).map(({ id, username, displayName, role, addedAt }) => ({ id, username, displayName, role, addedAt })) });
  });

  router.patch('/api/workspaces/:id/members/:userId', ownersOnly, (req, res) => {
    const input = body(RoleChange, req, res);
    if (!input) return;
    const [id, userId] = [String(req.params.id), String(req.params.userId)];
    accounts.setRole(id, userId, input.role);
    accounts.audit(id, req.principal!.userId, 'member.role', { userId, role: input.role });
    // Open connections carry the old role in their peers' eyes; reconnecting picks up the new one.
    sync.disconnect(id, userId, `your role changed to ${input.role}; reconnecting`);
    res.json({ ok: true });
  });

  router.delete('/api/workspaces/:id/members/:userId', ownersOnly, (req, res) => {
    const [id, userId] = [String(req.params.id), String(req.params.userId)];
    const username = accounts.user(userId)?.username ?? userId;
    accounts.removeMember(id, userId);
    const tokens = deps.credentials.revokeBearerTokensOf(id, { id: userId, username });
    accounts.audit(id, req.principal!.userId, 'member.removed', { userId, ...(tokens.length ? { revokedTokens: tokens.map((t) => t.id).join(', ') } : {}) });
    let closed = 0;
    for (const holder of new Set([userId, ...tokens.map((t) => t.userId)])) closed += sync.disconnect(id, holder, 'you were removed from this workspace');
    res.json({ ok: true, closedConnections: closed, revokedTokens: tokens.length });
  });

  router.get('/api/workspaces/:id/tokens', ownersOnly, (req, res) => {
    res.json({ tokens: deps.credentials.bearerTokens(String(req.params.id)) });
  });

  router.delete('/api/workspaces/:id/tokens/:tokenId', ownersOnly, (req, res) => {
    const [id, tokenId] = [String(req.params.id), String(req.params.tokenId)];
    const revoked = deps.credentials.revokeBearerTokenById(id, tokenId);
    if (!revoked) return void res.status(404).json({ error: 'no open token with that id' });
    accounts.audit(id, req.principal!.userId, 'token.revoked', { token: tokenId, name: revoked.name });
    // The sync server knows connections by who holds them, not by token: every connection acting
    // as this token's id closes, including those of another token issued to the same name.
    const closed = sync.disconnect(id, revoked.userId, 'this token was revoked');
    res.json({ ok: true, closedConnections: closed });
  });

  router.get('/api/workspaces/:id/invites', ownersOnly, (req, res) => {
    res.json({ invites: accounts.invites(String(req.params.id)) });
  });

  router.post('/api/workspaces/:id/invites', ownersOnly, (req, res) => {
    const input = body(NewInvite, req, res);
    if (!input) return;
    const id = String(req.params.id);
    const { token, invite } = accounts.createInvite(id, input.role, input.expiresInDays * 86400_000, req.principal!.userId);
    accounts.audit(id, req.principal!.userId, 'invite.created', { invite: invite.id, role: invite.role, expiresAt: invite.expiresAt });
    res.status(201).json({ invite, path: `/invite/${token}` });
  });

  router.delete('/api/workspaces/:id/invites/:inviteId', ownersOnly, (req, res) => {
    const id = String(req.params.id);
    accounts.revokeInvite(id, String(req.params.inviteId));
    accounts.audit(id, req.principal!.userId, 'invite.revoked', { invite: req.params.inviteId });
    res.json({ ok: true });
  });

  router.get('/api/workspaces/:id/audit', ownersOnly, (req, res) => {
    res.json({ entries: accounts.auditLog(String(req.params.id)) });
  });

  return router;
}

/** Parses a query string with a zod schema, or answers 400 with the first problem. */
function query<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  res.status(400).json({ error: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` });
  return undefined;
}

/** The live Y.Doc of a loaded workspace, or a temporary copy read from the store. */
export function readWorkspace(sync: SyncServer, store: UpdateStore, id: string): { ydoc: Y.Doc; release: () => void } {
  const room = sync.room(id);
  if (room) return { ydoc: room.ydoc, release: () => {} };
  const ydoc = new Y.Doc();
  loadStored(ydoc, id, store.load(id));
  return { ydoc, release: () => ydoc.destroy() };
}

export { AccountError };
