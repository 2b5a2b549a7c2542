import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { Workspace } from '../core/index.js';
import type { ImportListing } from '../core/import/index.js';
import { membersOnly, readWorkspace, type RouteDeps } from './routes.js';

const IMPORTED = 'annotations.imported';
const UNDONE = 'annotations.import-undone';
// How far back the audit log is read for who imported what; older imports are still listed
// (the workspace knows what they added), without their author and date.
const AUDIT_WINDOW = 5000;

/**
 * Importing annotations with a safety net (owners and editors): a preview that writes nothing
 * (`?preview=1`), the import, the list of imports, and undoing one as a whole. The writes run
 * on the server's copy of the room, where the per-update role rules do not apply (imported
 * annotations belong to outside people), so the role is checked here.
 */
export function importRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const { accounts, store, sync } = deps;
  const base = '/api/workspaces/:id';

  router.use(base, membersOnly(deps));
  const importers = (req: Request, res: Response, next: NextFunction) =>
    req.principal!.role === 'owner' || req.principal!.role === 'editor' ? next() : void res.status(403).json({ error: 'only owners and editors can import annotations' });
  // The importers (zod schemas, quote matching) load on the first import, not at start-up.
  const importer = () => import('../core/import/index.js');

  router.post(`${base}/import`, importers, express.json({ limit: '20mb' }), async (req, res) => {
    const id = String(req.params.id);
    const { importAnnotations, previewImport, ImportError } = await importer();
    try {
      if (req.query.preview === '1') {
        const { ydoc, release } = readWorkspace(sync, store, id);
        try {
          return void res.json(previewImport(new Workspace(ydoc), req.body));
        } finally {
          release();
        }
      }
      const report = sync.withRoom(id, (room) => importAnnotations(new Workspace(room.ydoc), req.body));
      accounts.audit(id, req.principal!.userId, IMPORTED, {
        import: report.importId,
        name: req.principal!.name,
        format: report.format,
        anchored: report.anchored,
        approximate: report.approximate.length,
        orphaned: report.orphaned.length,
        alreadyHere: report.alreadyHere.length,
        skipped: report.skipped.length,
        replies: report.replies,
      });
      res.json(report);
    } catch (error) {
      if (error instanceof ImportError) return void res.status(400).json({ error: error.message });
      throw error;
    }
  });

  router.get(`${base}/imports`, importers, async (req, res) => {
    const id = String(req.params.id);
    const { importsIn } = await importer();
    const { ydoc, release } = readWorkspace(sync, store, id);
    let contents;
    try {
      contents = importsIn(new Workspace(ydoc));
    } finally {
      release();
    }
    // An account's name as it is now; a program token's as it was when it acted.
    const nameOf = (e: { actor: string; detail: Record<string, unknown> }) => accounts.user(e.actor)?.displayName ?? (typeof e.detail.name === 'string' ? e.detail.name : e.actor);
    const listed = new Map<string, ImportListing>();
    const entry = (importId: string): ImportListing => {
      let listing = listed.get(importId);
      if (!listing) {
        const c = contents.get(importId);
        listing = { importId, at: null, by: null, format: null, annotations: c?.annotations.length ?? 0, replies: c?.replies.length ?? 0, repliesByOthers: c?.repliesByOthers ?? 0, removed: c?.removed ?? 0, undone: null };
        listed.set(importId, listing);
      }
      return listing;
    };
    // Newest first; the first undo of an import is the one that removed what it added.
    for (const e of accounts.auditLog(id, AUDIT_WINDOW)) {
      const importId = typeof e.detail.import === 'string' ? e.detail.import : null;
      if (!importId) continue;
      if (e.action === IMPORTED) Object.assign(entry(importId), { at: e.at, by: nameOf(e), format: typeof e.detail.format === 'string' ? e.detail.format : null });
      else if (e.action === UNDONE) entry(importId).undone = { at: e.at, by: nameOf(e) };
    }
    for (const importId of contents.keys()) entry(importId);
    const imports = [...listed.values()].sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
    res.json({ imports });
  });

  router.post(`${base}/imports/:importId/undo`, importers, async (req, res) => {
    const [id, importId] = [String(req.params.id), String(req.params.importId)];
    const { IMPORT_ID, undoImport } = await importer();
    if (!IMPORT_ID.test(importId)) return void res.status(400).json({ error: 'an import id is 12 hex digits' });
    const report = sync.withRoom(id, (room) => undoImport(new Workspace(room.ydoc), importId, 'server'));
    if (report.annotations + report.replies === 0) return void res.status(404).json({ error: 'nothing of this import is left in the workspace: it was undone already, or added nothing' });
    accounts.audit(id, req.principal!.userId, UNDONE, { import: importId, name: req.principal!.name, annotations: report.annotations, replies: report.replies, repliesByOthers: report.repliesByOthers });
    res.json(report);
  });

  return router;
}
