import express, { type Router } from 'express';
import { z } from 'zod';
import { Doi } from '../core/index.js';
import { body } from './http-guards.js';
import { membersOnly, type RouteDeps } from './routes.js';
import { allowList, fetchSource, FetchError } from './source-fetch.js';

const Lookup = z.object({ identifier: z.string().trim().min(1, 'give a DOI').max(300) });
const CSL_JSON = 'application/vnd.citationstyles.csl+json';
const LOOKUP_LIMITS = { maxBytes: 1024 * 1024, timeoutMs: 20_000 };

/** "https://doi.org/10.1086/680935", "doi:10.1086/680935" → "10.1086/680935". */
export function doiOf(identifier: string): string | null {
  const bare = identifier.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, '');
  return Doi.safeParse(bare).success ? bare : null;
}

/**
 * Adding a source to the library by its DOI: the resolver (doi.org unless DOI_RESOLVER says
 * otherwise) is asked for CSL-JSON by content negotiation, as its documentation describes; the
 * item is kept to a source's fields (core/citations/read-sources.ts) and returned for the person
 * to check before it is added. The fetch follows the same rules as a document's: public
 * addresses only unless FETCH_ALLOW lists them, a deadline, a size limit.
 */
export function libraryRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const base = '/api/workspaces/:id';
  const allowed = allowList(deps.fetchAllow);
  router.use(base, membersOnly(deps));

  router.post(`${base}/sources/lookup`, async (req, res) => {
    if (req.principal!.role === 'viewer') return void res.status(403).json({ error: 'viewers cannot add sources to the library' });
    const input = body(Lookup, req, res);
    if (!input) return;
    const doi = doiOf(input.identifier);
    if (!doi) return void res.status(400).json({ error: `“${input.identifier}” is not a DOI (they look like 10.1086/680935)` });
    let text: string;
    try {
      const fetched = await fetchSource(`${deps.doiResolver}/${encodeURI(doi)}`, allowed, LOOKUP_LIMITS, `${CSL_JSON}, application/json;q=0.5`);
      text = new TextDecoder().decode(fetched.bytes);
    } catch (error) {
      if (error instanceof FetchError) {
        const unknown = /answered 404/.test(error.message);
        return void res.status(unknown ? 404 : 502).json({ error: unknown ? `no record of the DOI ${doi}` : `the DOI resolver could not be reached: ${error.message}` });
      }
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return void res.status(502).json({ error: `the DOI resolver did not answer with CSL-JSON for ${doi}` });
    }
    const { sourceFromCsl } = await import('../core/citations/read-sources.js');
    const read = sourceFromCsl((Array.isArray(raw) ? raw[0] : raw) as Record<string, unknown>);
    if ('reason' in read) return void res.status(502).json({ error: `the record of ${doi} is not a usable source: ${read.reason}` });
    res.json({ item: { ...read.item, DOI: read.item.DOI ?? doi } });
  });

  return router;
}
