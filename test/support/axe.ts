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
      return result.violations.map((v) => ({
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
