import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../core/catalogue.js';
import { CitationStyle, cslFromDocument, formatInText, formatReference } from '../../../core/citations/index.js';
import { documentsDir } from '../../support/paths.js';

/*
 * Citing a document of the workspace: its catalogue facts become a CSL item each style formats
 * as its guide would. An order printed in the Federal Register is cited by volume and first
 * page, with its year once (it read "…90 Fed. Reg. 8443 (Jan. 29, 2025) (2025)." in APA).
 */

const file = path.join(documentsDir, 'catalogue.yaml');
const catalogue = loadCatalogue(file, fs.readFileSync(file, 'utf8'));
const entry = (id: string) => catalogue.find((d) => d.id === id)!;

describe('a workspace document as a source', () => {
  it('cites an executive order by its Federal Register volume and page', () => {
    const eo = cslFromDocument(entry('eo-14159'));
    expect(eo).toMatchObject({ type: 'legislation', 'container-title': 'Fed. Reg.', volume: '90', page: '8443', issued: { 'date-parts': [[2025, 1, 20]] } });
    expect(eo.author).toBeUndefined();
    expect(eo.number).toBeUndefined();
    expect(formatReference(eo, 'apa')).toBe('Executive Order 14159, Protecting the American People Against Invasion, 90 Fed. Reg. 8443 (2025).');
    expect(formatReference(eo, 'bluebook-law-review')).toBe('Executive Order 14159, Protecting the American People Against Invasion, 90 Fed. Reg. 8443 (2025).');
    // The pinpoint is in every style's citation, once, whether the style labels it or not.
    for (const style of CitationStyle.options) {
      const cited = formatInText({ source: eo, locator: 'Sec. 3(a)' }, style);
      expect(cited.split('Sec. 3(a)').length - 1, `${style}: ${cited}`).toBe(1);
      expect(cited, style).not.toMatch(/LOCATOR|§ Sec\./);
    }
  });

  it('cites a memorandum as a document of its issuer', () => {
    const memo = cslFromDocument(entry('memo-2014-11-20-secure-communities'));
    expect(memo).toMatchObject({ type: 'document', genre: 'Memorandum', author: [{ literal: 'Jeh Charles Johnson, Secretary of Homeland Security' }] });
    expect(formatReference(memo, 'apa')).toMatch(/^Jeh Charles Johnson, Secretary of Homeland Security\. \(2014\)\. Secure Communities \[Memorandum\]\./);
  });
});
