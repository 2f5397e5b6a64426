/**
 * The label checks that decided (§5.4): those of the requested label and, when it was not awarded,
 * those of the label awarded in its place, or with no label those of the last fallback tried
 * (Bronze). A Gold award does not need Silver's S1–S5 to explain it, and a failed Silver check
 * does not explain a Bronze fallback from Gold. `label.checks` keeps every checked label's rules;
 * the score page and the report show these.
 */
import type { LabelName } from '../questionnaires/schema';
import type { LabelCheck, Score } from './types';

/**
 * The label a check belongs to. Rule ids are the engine's own (labels.ts): G… Gold, S… Silver,
 * B… Bronze; Bronze's eligibility criteria are named by the framework (E1…), so the rest is Bronze.
 */
export function checkLabel(rule: string): LabelName {
  if (/^G\d/.test(rule)) return 'gold';
  if (/^S\d/.test(rule)) return 'silver';
  return 'bronze';
}

export function decidingChecks(label: Pick<Score['label'], 'requested' | 'awarded' | 'checks'>): LabelCheck[] {
  const { checks } = label;
  // checks run from the requested label down (§5.4): the last one belongs to the last label tried
  const fallback = label.awarded ?? (checks.length ? checkLabel(checks[checks.length - 1].rule) : label.requested);
  const shown = new Set<LabelName>([label.requested, fallback]);
  return checks.filter((c) => shown.has(checkLabel(c.rule)));
}
