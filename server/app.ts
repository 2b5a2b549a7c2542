import fs from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import { parseCookie, stringifySetCookie } from 'cookie';
import * as Y from 'yjs';
import { seedWorkspace } from '../core/index.js';
import type { ServerConfig } from './config.js';
import { openDatabase, type Db } from './database.js';
import { holdDataDir } from './data-lock.js';
import { SqliteUpdateStore, type UpdateStore } from './update-store.js';
import { Credentials, type Identity } from './credentials.js';
import { Accounts } from './accounts.js';
import { SyncServer } from './sync-server.js';
import { VersionStore } from './version-store.js';
import { seminarRoutes } from './seminar-routes.js';
import { importRoutes } from './import-routes.js';
import { documentRoutes } from './document-routes.js';
import { libraryRoutes } from './library-routes.js';
import { FIRST_WORKSPACE, OWNER_NAME } from './first-workspace.js';
import { clientMissingPage, linkSpentPage } from './pages.js';
import { csrfGuard, errorHandler, sameOrigin } from './http-guards.js';
import { SESSION_COOKIE, accountRoutes, publicRoutes, workspaceRoutes, type RouteDeps } from './routes.js';

export interface CrosswalkServer {
  readonly url: string;
  readonly db: Db;
  readonly store: UpdateStore;
  readonly credentials: Credentials;
  readonly accounts: Accounts;
  readonly sync: SyncServer;
  /** A fresh one-time owner sign-in link for the first workspace. */
  ownerLink(): string;
  close(): Promise<void>;
}

/** Creates the first workspace from the corpus, once. */
export async function ensureFirstWorkspace(store: UpdateStore, documentsDir: string): Promise<void> {
  if (store.hasWorkspace(FIRST_WORKSPACE.id)) return;
  // The corpus reader (markdown-it and its friends) is needed once, on the very first start.
  const { readCorpus } = await import('./corpus.js');
  const ydoc = new Y.Doc();
  seedWorkspace(ydoc, {
    info: { title: FIRST_WORKSPACE.title, description: FIRST_WORKSPACE.description, created: new Date().toISOString() },
    ...readCorpus(documentsDir),
  });
  store.createWorkspace(FIRST_WORKSPACE.id, FIRST_WORKSPACE.title, Y.encodeStateAsUpdate(ydoc));
  ydoc.destroy();
}

/** Starts the HTTP server and the sync endpoint; resolves once listening. */
export async function startServer(config: ServerConfig, log: (line: string) => void = console.log): Promise<CrosswalkServer> {
  // The folder first: a second server must be refused before it touches the database.
  const releaseDataDir = holdDataDir(config.dataDir);
  let db: Db;
  try {
    db = openDatabase(config.dataDir);
  } catch (error) {
    releaseDataDir();
    throw error;
  }
  const store = new SqliteUpdateStore(db);
  const accounts = new Accounts(db);
  const credentials = new Credentials(db, accounts);
  await ensureFirstWorkspace(store, config.documentsDir);

  const onError = (error: unknown, context: string) => log(`error while ${context}: ${(error as Error)?.message ?? error}`);
  const sessionOf = (request: IncomingMessage) => parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];

  const authenticate = (request: IncomingMessage, url?: URL): Identity | null => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return credentials.fromBearer(header.slice(7).trim());
    const token = url?.searchParams.get('token');
    if (token) return credentials.fromBearer(token);
    const session = sessionOf(request);
    return session ? credentials.fromSession(session) : null;
  };

  const sync = new SyncServer({
    store,
    authenticate,
    roleOf: (identity, workspaceId) => credentials.resolve(identity, workspaceId)?.role ?? null,
    originAllowed: sameOrigin,
    onRefused: (principal, reason) => accounts.audit(principal.workspaceId, principal.userId, 'update.refused', { role: principal.role, reason }),
    onModerated: (principal, changes) => {
      for (const { action, annotationId, replyId } of changes) {
        accounts.audit(principal.workspaceId, principal.userId, `${replyId ? 'reply' : 'annotation'}.${action}`, { role: principal.role, annotation: annotationId, ...(replyId ? { reply: replyId } : {}) });
      }
    },
    displayName: (userId) => accounts.user(userId)?.displayName ?? null,
    idleUnloadMs: config.idleUnloadMs,
    compactAfterUpdates: config.compactAfterUpdates,
    maxMessageBytes: config.maxMessageBytes,
    writeLimits: config.writeLimits,
    onError,
  });

  const deps: RouteDeps = {
    accounts,
    credentials,
    store,
    sync,
    sessionOf,
    setSession: (res, secret) =>
      res.setHeader(
        'Set-Cookie',
        stringifySetCookie(SESSION_COOKIE, secret ?? '', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: secret ? 30 * 86400 : 0 }),
      ),
    limits: { signinPer15Min: config.signinAttemptsPer15Min, redeemPer15Min: 30 },
    fetchAllow: config.fetchAllow,
    doiResolver: config.doiResolver,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          // y-prosemirror colours remote cursors through style attributes.
          'style-src': ["'self'", "'unsafe-inline'"],
          'connect-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  // Bodies are small everywhere but the imports of annotations and texts, which set their own limits.
  const smallJson = express.json({ limit: '64kb' });
  app.use((req: Request, res: Response, next: NextFunction) => (/\/(import|documents|documents\/upload)$/.test(req.path) ? next() : smallJson(req, res, next)));
  app.use(csrfGuard);

  app.get('/signin', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const redeemed = token ? credentials.redeemSignin(token) : null;
    if (!redeemed) return void res.status(401).type('html').send(linkSpentPage);
    deps.setSession(res, redeemed.session);
    res.redirect(303, `/w/${redeemed.workspaceId}`);
  });
  app.use(publicRoutes(deps));

  // The app's own files hold no workspace data: the sign-in and invite pages need them.
  const indexFile = path.join(config.clientDir, 'index.html');
  const sendApp = (_req: Request, res: Response) => {
    if (!fs.existsSync(indexFile)) return void res.status(503).type('html').send(clientMissingPage);
    res.sendFile(indexFile);
  };
  app.use(express.static(config.clientDir, { index: false, maxAge: '1h' }));
  app.get(['/login', '/invite/:token'], sendApp);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const identity = authenticate(req);
    if (identity) {
      req.identity = identity;
      return next();
    }
    if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html' && !req.path.startsWith('/api/')) {
      return res.redirect(303, `/login?next=${encodeURIComponent(req.path)}`);
    }
    res.status(401).json({ error: 'sign in required: no valid session cookie or bearer token' });
  });

  app.use(accountRoutes(deps));
  app.use(workspaceRoutes(deps));
  app.use(importRoutes(deps));
  app.use(seminarRoutes(deps, new VersionStore(db)));
  app.use(documentRoutes(deps));
  app.use(libraryRoutes(deps));
  app.use('/api', (_req, res) => void res.status(404).json({ error: 'no such API route' }));

  app.get('/', (req, res) => {
    const first = req.identity!.token?.workspaceId ?? accounts.memberships(req.identity!.userId)[0]?.workspaceId;
    res.redirect(303, first ? `/w/${first}` : '/login');
  });
  app.get(['/w/:id', '/w/:id/*rest'], sendApp);
  app.use(errorHandler(log));

  const httpServer = http.createServer(app);
  httpServer.on('upgrade', (request, socket, head) => {
    if (!sync.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  return {
    url,
    db,
    store,
    credentials,
    accounts,
    sync,
    ownerLink: () => `${url}/signin?token=${credentials.createSigninToken(FIRST_WORKSPACE.id, 'owner', OWNER_NAME)}`,
    close: async () => {
      sync.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      db.close();
      releaseDataDir();
    },
  };
}
