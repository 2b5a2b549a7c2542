import { documentFromPlainText } from '../../../core/text/index.js';
import type { ComparisonRelation, Workspace } from '../../../core/index.js';
import { MEMO, NOTICE, ana, corpusWorkspace, passageIn } from '../../support/annotated-workspace.js';

/*
 * The corpus workspace with two catalogue entries given short stand-in texts (written for the
 * tests, not the orders' words) and comparisons from the notice to three later documents.
 */

export const EO_2017 = 'eo-13768';
export const EO_2021 = 'eo-13993';

export const FINGERPRINTS = 'the FBI automatically sends the fingerprints to DHS';
export const COMMON_SENSE = 'Secure Communities is a simple and common sense way';
export const NO_REQUIREMENTS = 'Secure Communities imposes no new or additional requirements';
export const REMOVALS = 'More than 283,000 convicted criminal aliens have been removed';

export function crosswalkWorkspace(): Workspace {
  const ws = corpusWorkspace();
  ws.addDocument(ws.document(EO_2017)!, documentFromPlainText('Sec. 10. The Secretary shall terminate the Priority Enforcement Program and reinstate the program known as Secure Communities.\n\nSec. 11. Agreements with states.')!, 'import');
  ws.addDocument(ws.document(EO_2021)!, documentFromPlainText('Sec. 2. Revocation. The order of 2017 is revoked.')!, 'import');
  return ws;
}

let clock = 0;

/** A comparison from `from` (document, quote) to `to`, created a minute after the previous one. */
export function compare(ws: Workspace, id: string, from: [string, string], to: [string, string], relation: ComparisonRelation): void {
  clock += 1;
  const created = new Date(Date.UTC(2026, 10, 1, 10, clock)).toISOString();
  ws.annotations().create(
    { id, author: ana, passage: passageIn(ws, ...from), content: { kind: 'comparison', body: '', tags: [], comparison: { relation, target: passageIn(ws, ...to) } }, created },
    'local',
  );
}

/** The comparisons most tests use: three on ¶ 3 of the notice (one written from the memo), one on ¶ 6, one deleted, one between later documents. */
export function comparedWorkspace(): Workspace {
  const ws = crosswalkWorkspace();
  compare(ws, 'fingerprints-retained', [NOTICE, FINGERPRINTS], [MEMO, 'The FBI will continue to share the fingerprints'], 'retains');
  compare(ws, 'program-replaced', [NOTICE, COMMON_SENSE], [MEMO, 'Secure Communities as we know it is discontinued'], 'replaces');
  compare(ws, 'from-the-memo', [MEMO, 'a new program takes its place'], [NOTICE, COMMON_SENSE], 'replaces');
  compare(ws, 'program-reinstated', [NOTICE, COMMON_SENSE], [EO_2017, 'reinstate the program known as Secure Communities'], 'reinstates');
  compare(ws, 'removals-related', [NOTICE, REMOVALS], [EO_2017, 'Agreements with states'], 'related');
  compare(ws, 'deleted', [NOTICE, NO_REQUIREMENTS], [MEMO, 'ICE will seek the transfer'], 'narrows');
  ws.annotations().remove('deleted', ana, 'local');
  compare(ws, 'between-later', [MEMO, 'The FBI will continue'], [EO_2017, 'Sec. 10.'], 'retains');
  compare(ws, 'revocation-contradicts', [NOTICE, FINGERPRINTS], [EO_2021, 'The order of 2017 is revoked'], 'contradicts');
  ws.annotations().setStatus('program-replaced', 'resolved', 'local');
  return ws;
}
