/** Shared helpers of the scoring tests: the default framework and the worked-example evidence. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFramework } from '../../questionnaires';
import { score, type Score } from '../../scoring';

export const framework = () => defaultFramework();

export type EvidenceJson = Record<string, any>;

export function example(name: 'example-1-gold' | 'example-2-bronze-fallback' | 'example-3-no-label'): EvidenceJson {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/evidence', `${name}.json`), 'utf8'));
}

/** Example 1 (Gold at exactly 120) with some values replaced. */
export function goldWith(values: EvidenceJson = {}, extra: EvidenceJson = {}): EvidenceJson {
  const base = example('example-1-gold');
  return { ...base, values: { ...base.values, ...values }, ...extra };
}

/** Example 2 with SRV-04 at L3: every Silver rule holds (S1 Δ = 20). */
export function silverWith(values: EvidenceJson = {}, extra: EvidenceJson = {}): EvidenceJson {
  const base = example('example-2-bronze-fallback');
  return { ...base, requestedLabel: 'silver', values: { ...base.values, 'SRV-04': 3, ...values }, ...extra };
}

export const run = (evidence: unknown): Score => score(framework(), evidence);
export const check = (s: Score, rule: string) => {
  const found = s.label.checks.find((c) => c.rule === rule);
  if (!found) throw new Error(`no check ${rule}`);
  return found;
};
export const indicator = (s: Score, id: string) => s.indicators.find((i) => i.id === id)!;

/** n Likert responses answering Q7–Q13 with `likert`, Q4 yes for the first `yes`. */
export function responses(n: number, likert = 4, yes = 0): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    Q4: i < yes,
    Q7: likert,
    Q8: likert,
    Q9: likert,
    Q10: likert,
    Q11: likert,
    Q12: likert,
    Q13: likert,
  }));
}
