import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules, as the issue measured them. */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe-core inside the page (injected as a script tag: the contexts that call this bypass the
 * app's CSP for that one inline script) on what is on screen now, and returns its violations.
 * axe skips what is hidden (`display: none`, `aria-hidden`), so a panel behind a tab is measured
 * only when the test opens it.
 */
export async function axeViolations(page: Page, include?: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  return page.evaluate(
    async ({ tags, include }) => {
      const engine = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const result = await engine.run(include ? { include: [include] } : document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      // Contrast axe could not decide (text over an overlay it cannot see through, say) is reported
      // too: a sheet's white-on-white text once passed as "incomplete" rather than failing.
      // Left out: glyph-only buttons (×, ↑), which axe declines to judge as text, and text of a popup
      // lying across two regions (the account menu over the top bar's edge), whose stack axe cannot
      // read: ink or white on plain backgrounds, checked by hand and in the screenshots.
      const glyph = /too short to determine|only non-text characters|partially overlaps other elements/;
      const undecided = result.incomplete
        .filter((v) => v.id === 'color-contrast')
        .map((v) => ({ ...v, id: 'color-contrast-undecided', help: `axe could not decide: ${v.help}`, nodes: v.nodes.filter((n) => !glyph.test(n.failureSummary ?? '')) }))
        .filter((v) => v.nodes.length > 0);
      return [...result.violations, ...undecided].map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
      }));
    },
    { tags: WCAG21_AA, include },
  );
}

/** Violations as lines a failing assertion can print: rule, impact, help, then each node's target and why. */
export function describeViolations(label: string, findings: AxeFinding[]): string {
  if (findings.length === 0) return `${label}: no violations`;
  const lines = [`${label}: ${findings.length} rule(s) violated`];
  for (const f of findings) {
    lines.push(`  ${f.id} (${f.impact}) — ${f.help}: ${f.nodes.length} node(s)`);
    for (const n of f.nodes.slice(0, 12)) lines.push(`    ${n.target}\n      ${n.summary.slice(0, 400)}`);
    if (f.nodes.length > 12) lines.push(`    … ${f.nodes.length - 12} more`);
  }
  return lines.join('\n');
}
