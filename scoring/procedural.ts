/**
 * Procedural gaps on the path to a label (FRAMEWORK.md §6.2): what is not a matter of points —
 * documents, the survey minimum, assessors, improvement-area texts.
 */
import type { LabelName } from '../questionnaires/schema';
import { fixed } from './decimal';
import { isSurveyBased } from './framework-index';
import type { RuleContext } from './rule-context';
import type { Improvement, LabelCheck } from './types';

const failed = (checks: LabelCheck[], rule: string) => checks.find((c) => c.rule === rule && !c.passed);

/** Required documents not accepted for the indicators to improve, grouped by document. */
function documentGaps(ctx: RuleContext, improvements: Improvement[]): string[] {
  const byDocument = new Map<string, string[]>();
  for (const { indicator } of improvements) {
    for (const doc of ctx.byId.get(indicator)!.evidence.documents) {
      if (doc.status === 'accepted') continue;
      byDocument.set(doc.id, [...(byDocument.get(doc.id) ?? []), indicator]);
    }
  }
  return [...byDocument.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([doc, ids]) => `Have ${doc} accepted (required for ${ids.join(', ')})`);
}

function surveyGap(ctx: RuleContext, improvements: Improvement[]): string[] {
  const needsSurvey = improvements.some(({ indicator }) => isSurveyBased(ctx.index.byId.get(indicator)!));
  const { survey } = ctx.index.definition;
  const minimum = `N ≥ ${survey.minimumResponses} valid responses and response rate ≥ ${fixed(survey.minimumResponseRate, 1)} %`;
  if (!needsSurvey || ctx.survey.minimumMet) return [];
  if (!ctx.survey.run) return [`Run the participant survey (${minimum})`];
  return [`Participant survey meeting the minimum (${minimum}; now ${ctx.survey.minimumDetail})`];
}

export function proceduralGaps(ctx: RuleContext, label: LabelName, checks: LabelCheck[], improvements: Improvement[]): string[] {
  const gaps: string[] = [];
  if (label === 'bronze' && failed(checks, 'B1')) gaps.push('Interview by an expert with a valid certification');
  if (label === 'silver') {
    if (failed(checks, 'S2')) gaps.push('Audit on site by an expert certified at Silver or Gold level');
    const s4 = failed(checks, 'S4');
    if (s4) gaps.push(`Improvement areas per §5.2 S4: ${s4.detail}`);
  }
  if (label === 'gold') {
    const g4 = failed(checks, 'G4');
    if (g4) gaps.push(`Two assessors on site, lead Gold-certified, countries differ, one from the seat country (${g4.detail})`);
    if (failed(checks, 'G5')) gaps.push('Both assessors record values independently and sign a reconciliation record');
  }
  return [...gaps, ...surveyGap(ctx, improvements), ...documentGaps(ctx, improvements)];
}
