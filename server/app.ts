import fs from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import { parseCookie, stringifySetCookie } from 'cookie';
import * as Y from 'yjs';
import { Workspace, seedWorkspace } from '../core/index.js';
import type { ServerConfig } from './config.js';
import { openDatabase, type Db } from './database.js';
import { SqliteUpdateStore, type UpdateStore } from './update-store.js';
import { Credentials, type Principal } from './credentials.js';
import { SyncServer } from './sync-server.js';
import { FIRST_WORKSPACE, readCorpus } from './corpus.js';
import { clientMissingPage, linkSpentPage, signInRequiredPage } from './pages.js';

const SESSION_COOKIE = 'cw_session';

export interface CrosswalkServer {
  readonly url: string;
  readonly db: Db;
  readonly store: UpdateStore;
  readonly credentials: Credentials;
  readonly sync: SyncServer;
  /** A fresh one-time owner sign-in link for the first workspace. */
  ownerLink(): string;
  close(): Promise<void>;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Creates the first workspace from the corpus, once. */
export function ensureFirstWorkspace(store: UpdateStore, documentsDir: string): void {
  if (store.hasWorkspace(FIRST_WORKSPACE.id)) return;
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
  const db = openDatabase(config.dataDir);
  const store = new SqliteUpdateStore(db);
  const credentials = new Credentials(db);
  ensureFirstWorkspace(store, config.documentsDir);

  const onError = (error: unknown, context: string) => log(`error while ${context}: ${(error as Error)?.message ?? error}`);

  const authenticate = (request: IncomingMessage, url?: URL): Principal | null => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return credentials.fromBearer(header.slice(7).trim());
    const token = url?.searchParams.get('token');
    if (token) return credentials.fromBearer(token);
    const session = parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];
    return session ? credentials.fromSession(session) : null;
  };

  const sync = new SyncServer({
    store,
    authenticate,
    idleUnloadMs: config.idleUnloadMs,
    compactAfterUpdates: config.compactAfterUpdates,
    maxMessageBytes: config.maxMessageBytes,
    onError,
  });

  const app = express();
  app.disable('x-powered-by');
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

  app.get('/signin', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const redeemed = token ? credentials.redeemSignin(token) : null;
    if (!redeemed) return void res.status(401).type('html').send(linkSpentPage);
    res.setHeader(
      'Set-Cookie',
      stringifySetCookie(SESSION_COOKIE, redeemed.session, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        maxAge: 30 * 86400,
      }),
    );
    res.redirect(303, `/w/${redeemed.principal.workspaceId}`);
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    const principal = authenticate(req);
    if (principal) {
      req.principal = principal;
      return next();
    }
    if (req.accepts(['json', 'html']) === 'html' && !req.path.startsWith('/api/')) {
      return void res.status(401).type('html').send(signInRequiredPage);
    }
    res.status(401).json({ error: 'sign in required: no valid session cookie or bearer token' });
  });

  app.get('/api/session', (req, res) => {
    const { userId, name, role, workspaceId } = req.principal!;
    res.json({ userId, name, role, workspaceId });
  });

  app.post('/api/signout', (req, res) => {
    const session = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (session) credentials.endSession(session);
    res.setHeader('Set-Cookie', stringifySetCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 0 }));
    res.json({ ok: true });
  });

  app.get('/api/workspaces/:id', (req, res) => {
    const id = req.params.id;
    if (req.principal!.workspaceId !== id) return void res.status(403).json({ error: 'you are not a member of this workspace' });
    if (!store.hasWorkspace(id)) return void res.status(404).json({ error: `no workspace "${id}"` });
    const { ydoc, release } = readWorkspace(sync, store, id);
    const workspace = new Workspace(ydoc);
    res.json({ id, info: workspace.info(), documents: workspace.documents() });
    release();
  });

  app.use('/api', (_req, res) => void res.status(404).json({ error: 'no such API route' }));

  const indexFile = path.join(config.clientDir, 'index.html');
  app.use(express.static(config.clientDir, { index: false, maxAge: '1h' }));
  app.get('/', (req, res) => res.redirect(303, `/w/${req.principal!.workspaceId}`));
  app.get(['/w/:id', '/w/:id/*rest'], (_req, res) => {
    if (!fs.existsSync(indexFile)) return void res.status(503).type('html').send(clientMissingPage);
    res.sendFile(indexFile);
  });

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
    sync,
    ownerLink: () => `${url}/signin?token=${credentials.createSigninToken(FIRST_WORKSPACE.id, 'owner', 'Owner')}`,
    close: async () => {
      sync.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      db.close();
    },
  };
}

/** The live Y.Doc of a loaded workspace, or a temporary copy read from the store. */
function readWorkspace(sync: SyncServer, store: UpdateStore, id: string): { ydoc: Y.Doc; release: () => void } {
  const room = sync.room(id);
  if (room) return { ydoc: room.ydoc, release: () => {} };
  const ydoc = new Y.Doc();
  const stored = store.load(id);
  Y.transact(ydoc, () => {
    if (stored.snapshot) Y.applyUpdate(ydoc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(ydoc, update);
  });
  return { ydoc, release: () => ydoc.destroy() };
}
