import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { seedWorkspace, type DocumentMeta, type Workspace } from '../../../core/index.js';
import { labelBlocks, loadCatalogue, loadDocument, parseMarkdown } from '../../../core/text/index.js';
import { documentsDir, sharedDir } from '../../support/paths.js';
import { NOTICE, ana, ben, passageIn } from '../../support/annotated-workspace.js';

/*
 * The notice read against Executive Order 14159 (read in place from ../shared/policies/), as a
 * researcher leaves it before writing a paper: every kind of annotation, bodies and replies in
 * Markdown, a comparison written from each side, two notes ending on the same word, a long
 * address, a passage in a labelled section ("Sec. 19(a)") and a source for the bibliography.
 */

export const EO = 'eo-14159';
export const EO_FILE = path.join(sharedDir, 'policies/2025-01-20-eo-14159-protecting-american-people-against-invasion.md');
export const eoAvailable = fs.existsSync(EO_FILE);
export const EO_TITLE = 'Executive Order 14159: Protecting the American People Against Invasion';
export const EO_URL = 'https://www.whitehouse.gov/presidential-actions/2025/01/protecting-the-american-people-against-invasion/';
export const LONG_URL = 'https://www.ice.gov/doclib/secure-communities/pdf/sc-stats/nationwide_interop_stats-fy2013-to-date-with-a-very-long-query-string?jurisdiction=all&state=all&format=pdf';

const eoMeta: DocumentMeta = {
  id: EO,
  title: EO_TITLE,
  issuer: 'President Donald J. Trump (The White House)',
  date: '2025-01-20',
  type: 'executive order',
  citation: 'Executive Order 14159 of January 20, 2025; 90 Fed. Reg. 8443 (Jan. 29, 2025)',
  sourceUrl: EO_URL,
  relations: [],
  locked: true,
  imported: true,
  order: 30,
};

/** The notice and EO 14159 with their annotations, n1 to n7 in the order written. */
export function paperWorkspace(): { ws: Workspace } {
  const notice = path.join(documentsDir, `${NOTICE}.md`);
  const catalogue = path.join(documentsDir, 'catalogue.yaml');
  // The shared file's front matter is the catalogue's own vocabulary, not ours: its body is the text.
  const eoBody = fs.readFileSync(EO_FILE, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const ydoc = new Y.Doc();
  const ws = seedWorkspace(ydoc, {
    info: { title: 'Secure Communities, 2015 and after', description: 'A reading for a paper', created: '2026-11-27T00:00:00.000Z' },
    documents: [loadDocument(notice, fs.readFileSync(notice, 'utf8')), { meta: eoMeta, doc: labelBlocks(parseMarkdown(eoBody)) }],
    catalogue: loadCatalogue(catalogue, fs.readFileSync(catalogue, 'utf8'), 1),
  });
  const store = ws.annotations();
  let written = 0;
  const at = (documentId: string, quote: string) => ({ id: `n${++written}`, passage: passageIn(ws, documentId, quote) });
  const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T10:00:00.000Z`;

  store.create({ ...at(NOTICE, 'imposes no new or additional requirements'), author: ana, content: { kind: 'critique', category: 'legal-basis', tags: ['mandatory'], body: 'Participation was **mandatory** from 2013: *no* jurisdiction could opt out (see [the FOIA record](https://www.ice.gov/foia) and `SC-2013-07`).' }, created: day(1) }, 'local');
  // Two notes ending on the same word: their numbers must print apart.
  store.create({ ...at(NOTICE, 'More than 283,000 convicted criminal aliens'), author: ben, content: { kind: 'question', tags: [], body: 'Counted **how**: removals or convictions?' }, created: day(2) }, 'local');
  store.create({ ...at(NOTICE, 'convicted criminal aliens'), author: ana, content: { kind: 'critique', tags: ['framing'], body: 'A *conviction* is not an arrest.' }, created: day(3) }, 'local');
  store.create({
    ...at(NOTICE, 'all 3,181 jurisdictions'), author: ana,
    content: { kind: 'citation', tags: [], body: 'ICE’s own count; the table is at the address in the reply.', citation: { source: { type: 'report', title: 'Secure Communities: Activated Jurisdictions', author: [{ literal: 'U.S. Immigration and Customs Enforcement' }], issued: { 'date-parts': [[2013, 1, 22]] }, URL: 'https://www.ice.gov/' }, locator: 'p. 1' } },
    created: day(4),
  }, 'local');
  // Written on the notice, the target in the order.
  store.create({
    ...at(NOTICE, 'the FBI automatically sends the fingerprints to DHS'), author: ben,
    content: { kind: 'comparison', tags: [], body: 'The order **widens** the sharing.', comparison: { relation: 'broadens', target: passageIn(ws, EO, 'ensure maximum compliance') } },
    created: day(5),
  }, 'local');
  // Written on the order (after *Swap sides*), the target in the notice.
  store.create({
    ...at(EO, 'Immediately review and, if appropriate, audit all contracts'), author: ana,
    content: { kind: 'comparison', tags: [], body: 'Funding as leverage, where 2015 promised *nothing new*.', comparison: { relation: 'contradicts', target: passageIn(ws, NOTICE, 'Secure Communities imposes no new or additional requirements on state and local law enforcement') } },
    created: day(6),
  }, 'local');
  store.create({ ...at(EO, 'Sanctuary Jurisdictions'), author: ben, content: { kind: 'question', tags: ['seminar'], body: 'Which jurisdictions does **Sec. 17** reach?' }, created: day(7) }, 'local');

  store.addReply('n1', { id: 'r1', author: ben, body: 'Agreed: the **2013** memo says so.', created: day(8) }, 'local');
  store.addReply('n1', { id: 'r2', author: ana, body: `The table: ${LONG_URL}`, created: day(9) }, 'local');
  store.addReply('n4', { id: 'r3', author: ben, body: 'See [the full list](https://www.ice.gov/secure-communities) and *its* footnotes.', created: day(10) }, 'local');
  store.addReply('n6', { id: 'r4', author: ben, body: '`Sec. 19(c)` goes further still.', created: day(11) }, 'local');
  store.setStatus('n7', 'resolved', 'local');
  return { ws };
}
