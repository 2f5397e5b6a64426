/**
 * A label rule's name in the reader's language with the framework's own numbers (FRAMEWORK.md §5):
 * the Gold total, the number of minimums, the Silver interval and improvement areas, the eligibility
 * criteria's texts. A second framework (Gold at 80 points, five minimums) reads its own rules.
 */
import type { FrameworkDefinition } from '../questionnaires/schema';
import { format, hasMessage } from '../messages';
import type { Lang } from './types';

/** The numbers the rule names quote, from the framework definition. */
export function ruleFacts(def: FrameworkDefinition) {
  return {
    minTotal: def.labelRules.gold?.minTotal ?? null,
    minimums: def.indicators.filter((i) => i.kind === 'quality' && i.scoring?.minimumPoints != null).length,
    interval: def.labelRules.silver?.intervalMonths ?? null,
    improvementAreas: def.labelRules.silver?.improvementAreas ?? null,
  };
}

export function ruleName(rule: string, def: FrameworkDefinition, lang: Lang): string {
  const f = ruleFacts(def);
  const eligibility = def.labelRules.bronze?.eligibility.find((e) => e.id === rule);
  if (eligibility) {
    const text = eligibility.text[lang].replace(/\.$/, '');
    return format(lang, 'ruleNames.E', { id: rule, text: text.charAt(0).toLowerCase() + text.slice(1) });
  }
  if (!hasMessage(`ruleNames.${rule}`)) return rule;
  return format(lang, `ruleNames.${rule}`, {
    minTotal: f.minTotal ?? '—',
    count: rule === 'S4' ? (f.improvementAreas ?? 0) : f.minimums,
    min: f.interval?.min ?? '—',
    max: f.interval?.max ?? '—',
  });
}
