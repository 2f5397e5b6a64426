/**
 * axe-core in a Playwright page: injects axe's source, runs the WCAG 2.0/2.1 A and AA rules on the
 * whole document and answers the serious and critical violations, each with its rule, the selectors
 * of the elements it found and axe's help text (readable in a test failure).
 *
 * The source is evaluated through the DevTools protocol, not added as a <script>: the app's Content
 * Security Policy refuses inline scripts, and that must stay so for the pages under test.
 */
import type { Page } from 'playwright-core';

const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
  /** axe's failure summary of the first element (what to fix). */
  summary: string;
}

/** Runs axe on the page as it is now; answers every violation of the given impacts (serious and critical by default). */
export async function axeViolations(page: Page, impacts: string[] = ['serious', 'critical']): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const options = JSON.stringify({ runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] });
  const found = (await page.evaluate(`window.axe.run(document, ${options}).then((r) => r.violations.map((v) => ({
    id: v.id,
    impact: v.impact || '',
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(' ')),
    summary: (v.nodes[0] && v.nodes[0].failureSummary) || '',
  })))`)) as AxeViolation[];
  return found.filter((v) => impacts.includes(v.impact));
}

/** One line per violation and element: "color-contrast (serious) on .badge.warn: Elements must meet …". */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const shown = v.targets.slice(0, 5).join(' | ') + (v.targets.length > 5 ? ` (and ${v.targets.length - 5} more)` : '');
      return `${where}: ${v.id} (${v.impact}) on ${shown}: ${v.help}\n    ${v.summary.replace(/\n/g, '\n    ')}`;
    })
    .join('\n');
}

/** Throws with the readable list when axe finds a serious or critical violation on the page. */
export async function expectNoSeriousViolations(page: Page, where = page.url()): Promise<void> {
  const found = await axeViolations(page);
  if (found.length) throw new Error(`axe-core: ${found.length} serious or critical violation(s)\n${describeViolations(where, found)}`);
}
