import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { z } from 'zod';
import { AccountError, normaliseUsername } from './accounts.js';
import { WorkspaceUnreadable } from './room.js';

/** The header the app sends with every write; a cross-site form or fetch cannot set it without CORS. */
export const CSRF_HEADER = 'x-crosswalk';

/** Whether a browser request comes from a page of this server (its Origin, when sent, is this host). */
export function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * CSRF protection for cookie-authenticated writes (and for sign-in and sign-up, which set
 * cookies): the request must carry the app's header and come from this origin. Programs with
 * bearer tokens are not affected: a token is not sent by a browser on its own.
 */
export function csrfGuard(req: Request, res: Response, next: NextFunction): void {
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
  const bearer = req.headers.authorization?.startsWith('Bearer ');
  if (!unsafe || bearer) return next();
  if (req.headers[CSRF_HEADER] !== '1' || !sameOrigin(req)) {
    return void res.status(403).json({ error: 'request refused: it does not come from this site' });
  }
  next();
}

/** Too many attempts from one address: a clear 429, counted per address and account. */
export function attemptLimit(limit: number, windowMs: number, what: string, countSuccesses = true) {
  return rateLimit({
    windowMs,
    limit,
    skipSuccessfulRequests: !countSuccesses,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The account's own spelling of the name: every variant that signs in to it shares its count.
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${typeof req.body?.username === 'string' ? normaliseUsername(req.body.username.slice(0, 200)) : ''}`,
    handler: (_req, res) => void res.status(429).json({ error: `too many ${what} attempts; wait a few minutes and try again` }),
  });
}

/** Parses a body with a zod schema, or answers 400 with the first problem. */
export function body<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  res.status(400).json({ error: `${where}${issue.message}` });
  return undefined;
}

/** Expected failures become their status and message; anything else a 500 that says nothing of the internals. */
export function errorHandler(log: (line: string) => void) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof AccountError) return void res.status(error.status).json({ error: error.message });
    if (error instanceof WorkspaceUnreadable) {
      log(`error while serving a request: ${error.message}: ${(error.cause as Error)?.message ?? error.cause}`);
      return void res.status(503).json({ error: error.message });
    }
    const status = (error as { status?: number; type?: string }).status;
    if (status === 413) return void res.status(413).json({ error: 'the request is too large' });
    if (status === 400 && (error as { type?: string }).type === 'entity.parse.failed') return void res.status(400).json({ error: 'the request body is not valid JSON' });
    log(`error while serving a request: ${(error as Error)?.stack ?? error}`);
    res.status(500).json({ error: 'something went wrong on the server' });
  };
}
