import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { Workspace, type DocumentMeta, type Role } from '../core/index.js';
import { DocumentFacts } from '../core/document-meta.js';
import { annotationsOf, editDocument, removeDocument, replaceText, type Provenance } from './document-intake.js';
import { body } from './http-guards.js';
import { membersOnly, readWorkspace, type RouteDeps } from './routes.js';
import { readSourceOffThread } from './source-reader.js';
import { allowList, fetchSource, FetchError, MAX_SOURCE_BYTES } from './source-fetch.js';

type ReadSource = import('../core/text/index.js').ReadSource;

const RemoveQuery = z.object({ annotations: z.enum(['keep', 'remove'], { error: 'say what becomes of its annotations: annotations=keep or annotations=remove' }) });
const TextQuery = z.union([
  z.object({ paste: z.literal('1') }),
  z.object({ fileName: z.string({ error: 'the file’s name is missing' }).trim().min(1).max(200) }),
]);
const FetchText = z.object({ url: z.string().trim().min(1, 'the address is empty').max(1000, 'the address is over 1000 characters') });

// The bytes of a file (or a pasted text as text/plain) as the body, up to the import limit.
const rawBody = express.raw({ type: () => true, limit: MAX_SOURCE_BYTES });
const rawText = (req: Request, res: Response, next: NextFunction) =>
  rawBody(req, res, (error?: unknown) => {
    if ((error as { status?: number } | undefined)?.status === 413) return void res.status(413).json({ error: `the text is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB, the most that can be brought in` });
    next(error);
  });

/**
 * Who may do what to a document, in one place: owners and editors correct the facts of any
 * document; a locked source text stays the owners' to replace or remove, as the roles say.
 * Returns the reason when refused.
 */
export function documentRefusal(role: Role, action: 'edit' | 'replace' | 'remove', meta: DocumentMeta): string | null {
  if (role === 'owner') return null;
  if (role !== 'editor') return 'only owners and editors can manage documents';
  if (action === 'edit') return null;
  if (action === 'replace' && meta.locked) return `“${meta.title}” is a locked source text: only owners may replace it`;
  if (action === 'remove' && meta.locked && meta.imported) return `“${meta.title}” is a locked source text: only owners may remove it`;
  return null;
}

/**
 * Managing a document after it is in: its facts and relations corrected, its text replaced (its
 * annotations found again by quote, with a report), or the document removed (its annotations kept
 * detached or removed). Every write goes through the room, so it is logged and broadcast like an
 * edit, and to the audit log.
 */
export function documentRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const { accounts, store, sync } = deps;
  const allowed = allowList(deps.fetchAllow);
  const base = '/api/workspaces/:id/documents/:docId';
  router.use('/api/workspaces/:id', membersOnly(deps));

  const ids = (req: Request) => ({ id: String(req.params.id), docId: String(req.params.docId) });
  const audit = (req: Request, action: string, detail: Record<string, unknown>) => accounts.audit(String(req.params.id), req.principal!.userId, action, { role: req.principal!.role, ...detail });

  /** Answers 404 or 403 unless the caller may do `action` to the document; else the document. */
  const allowedTo = (req: Request, res: Response, action: 'edit' | 'replace' | 'remove'): DocumentMeta | null => {
    const { id, docId } = ids(req);
    const meta = sync.withRoom(id, (room) => new Workspace(room.ydoc).document(docId));
    const refused = meta ? documentRefusal(req.principal!.role, action, meta) : null;
    if (!meta) res.status(404).json({ error: `no document “${docId}”` });
    else if (refused) res.status(403).json({ error: refused });
    return meta && !refused ? meta : null;
  };

  // What removing it would touch, for the dialog that asks: its annotations and who points at it.
  router.get(base, (req, res) => {
    const { id, docId } = ids(req);
    const { ydoc, release } = readWorkspace(sync, store, id);
    try {
      const workspace = new Workspace(ydoc);
      const document = workspace.document(docId);
      if (!document) return void res.status(404).json({ error: `no document “${docId}”` });
      const { on, comparisons } = annotationsOf(workspace, docId);
      const referencedBy = workspace.documents().filter((d) => d.id !== docId && d.relations.some((r) => r.targets.includes(docId))).map((d) => ({ id: d.id, title: d.title }));
      const may = (action: 'edit' | 'replace' | 'remove') => documentRefusal(req.principal!.role, action, document);
      res.json({ document, annotations: on.length, comparisons: comparisons.length, referencedBy, refusals: { edit: may('edit'), replace: may('replace'), remove: may('remove') } });
    } finally {
      release();
    }
  });

  router.put(base, (req, res) => {
    const facts = body(DocumentFacts, req, res);
    if (!facts || !allowedTo(req, res, 'edit')) return;
    const { id, docId } = ids(req);
    const outcome = sync.withRoom(id, (room) => editDocument(new Workspace(room.ydoc), docId, facts));
    if ('body' in outcome) return void res.status(outcome.status).json(outcome.body);
    if (outcome.changed.length > 0) audit(req, 'document.edited', { document: docId, fields: outcome.changed.join(', ') });
    res.json({ document: outcome.document, changed: outcome.changed });
  });

  router.delete(base, (req, res) => {
    const parsed = RemoveQuery.safeParse(req.query);
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues[0]!.message });
    if (!allowedTo(req, res, 'remove')) return;
    const { id, docId } = ids(req);
    const outcome = sync.withRoom(id, (room) => removeDocument(new Workspace(room.ydoc), docId, parsed.data.annotations));
    if ('body' in outcome) return void res.status(outcome.status).json(outcome.body);
    const { title, onText, comparisons, relationsUpdated } = outcome;
    const annotations = parsed.data.annotations === 'keep' ? 'kept' : 'removed';
    audit(req, 'document.removed', { document: docId, title, annotations, count: onText + comparisons, ...(relationsUpdated.length ? { relationsUpdated: relationsUpdated.join(', ') } : {}) });
    res.json({ removed: docId, annotations, onText, comparisons, relationsUpdated });
  });

  // A corrected text, read before the room is touched: a bad source changes nothing.
  const replace = async (req: Request, res: Response, obtain: (text: typeof import('../core/text/index.js')) => Promise<{ read: ReadSource; provenance: Provenance }>, via: string) => {
    if (!allowedTo(req, res, 'replace')) return;
    const { id, docId } = ids(req);
    const text = await import('../core/text/index.js');
    let source: { read: ReadSource; provenance: Provenance };
    try {
      source = await obtain(text);
    } catch (error) {
      if (error instanceof FetchError || error instanceof text.SourceError) return void res.status(error.status).json({ error: error.message });
      throw error;
    }
    // Checked again: the role or the document may have changed while the text was being read.
    if (!allowedTo(req, res, 'replace')) return;
    const outcome = sync.withRoom(id, (room) => replaceText(new Workspace(room.ydoc), docId, source.read, source.provenance));
    if ('body' in outcome) return void res.status(outcome.status).json(outcome.body);
    const { report, document } = outcome;
    audit(req, 'document.replaced', { document: docId, format: source.read.format, via, checksum: document.checksum, exact: report.exact, approximate: report.approximate.length, orphaned: report.orphaned.length, ...(source.provenance.sourceUrl ? { url: source.provenance.sourceUrl } : {}) });
    res.json({ id: docId, report });
  };
  const today = () => new Date().toISOString().slice(0, 10);

  router.post(`${base}/text`, rawText, async (req, res) => {
    const parsed = TextQuery.safeParse(req.query);
    if (!parsed.success) return void res.status(400).json({ error: 'say how the text comes: ?fileName=… for a file, ?paste=1 for pasted text' });
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) return void res.status(400).json({ error: 'the text is empty' });
    const bytes = new Uint8Array(req.body);
    const by = req.principal!.name;
    if ('paste' in parsed.data) {
      const content = Buffer.from(bytes).toString('utf8');
      return replace(req, res, async (text) => ({
        read: { format: 'text', ...text.documentFromText(content, 'text') },
        provenance: { bytes: content, capture: `Pasted by ${by} on ${today()}.` },
      }), 'paste');
    }
    const { fileName } = parsed.data;
    return replace(req, res, async () => ({
      read: await readSourceOffThread({ bytes, contentType: req.headers['content-type'], name: fileName }),
      provenance: { bytes, capture: `Uploaded ${fileName} by ${by} on ${today()}.` },
    }), 'upload');
  });

  router.post(`${base}/text/fetch`, async (req, res) => {
    const input = body(FetchText, req, res);
    if (!input) return;
    return replace(req, res, async () => {
      const fetched = await fetchSource(input.url, allowed);
      const redirected = fetched.url === input.url ? '' : ` (redirected to ${fetched.url})`;
      return {
        read: await readSourceOffThread({ bytes: fetched.bytes, contentType: fetched.contentType, name: new URL(fetched.url).pathname, baseUrl: fetched.url }),
        provenance: { bytes: fetched.bytes, sourceUrl: input.url, capture: `Fetched from ${input.url}${redirected} by ${req.principal!.name} on ${today()}.` },
      };
    }, 'url');
  });

  return router;
}
