/**
 * Procedural gaps on the path to a label (FRAMEWORK.md §6.2): what is not a matter of points —
 * documents, the survey minimum, assessors, improvement-area texts.
 */
import type { LabelName } from '../questionnaires/schema';
import { isSurveyBased } from './framework-index';
import type { RuleContext } from './rule-context';
import type { Improvement, LabelCheck, ProceduralStep } from './types';
import { engineWording, stepText } from './wording';

/** Procedural steps as data and, at the same index, in the engine's English. */
export interface Steps {
  text: string[];
  steps: ProceduralStep[];
}

const ENGLISH = engineWording((_id, v) => String(v));

/** Adds a step: its data, and its words from them (scoring/wording.ts, the catalogue's English). */
export function addStep(to: Steps, step: ProceduralStep): void {
  to.text.push(stepText(step, ENGLISH));
  to.steps.push(step);
}

const failed = (checks: LabelCheck[], rule: string) => checks.find((c) => c.rule === rule && !c.passed);

/**
 * Documents not accepted for the indicators to improve, grouped by document: the required ones and
 * those a level condition names that hold the points down (§1.3.2).
 */
function documentGaps(ctx: RuleContext, improvements: Improvement[], gaps: Steps): void {
  const byDocument = new Map<string, string[]>();
  const add = (doc: string, indicator: string) => {
    const ids = byDocument.get(doc) ?? [];
    if (!ids.includes(indicator)) byDocument.set(doc, [...ids, indicator]);
  };
  for (const { indicator } of improvements) {
    const score = ctx.byId.get(indicator)!;
    for (const doc of score.evidence.documents) if (doc.status !== 'accepted') add(doc.id, indicator);
    for (const doc of score.heldBy?.documents ?? []) add(doc, indicator);
  }
  for (const [doc, ids] of [...byDocument.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    addStep(gaps, { code: 'accept_document', document: doc, indicators: ids });
  }
}

function surveyGap(ctx: RuleContext, improvements: Improvement[], gaps: Steps): void {
  const needsSurvey = improvements.some(({ indicator }) => isSurveyBased(ctx.index.byId.get(indicator)!));
  const { minimumResponses, minimumResponseRate } = ctx.index.definition.survey;
  if (!needsSurvey || ctx.survey.minimumMet) return;
  if (!ctx.survey.run) {
    addStep(gaps, { code: 'run_survey', survey: { minimumResponses, minimumResponseRate } });
    return;
  }
  const survey = { minimumResponses, minimumResponseRate, valid: ctx.survey.valid, responseRate: ctx.survey.responseRate };
  addStep(gaps, { code: 'survey_minimum', survey });
}

/** Appends the procedural gaps on the way to `label` to `gaps`. */
export function proceduralGaps(ctx: RuleContext, label: LabelName, checks: LabelCheck[], improvements: Improvement[], gaps: Steps): void {
  if (label === 'bronze' && failed(checks, 'B1')) addStep(gaps, { code: 'certified_interviewer' });
  if (label === 'silver') {
    if (failed(checks, 'S2')) addStep(gaps, { code: 'silver_audit' });
    const s4 = failed(checks, 'S4');
    if (s4) addStep(gaps, { code: 'improvement_areas', facts: s4.facts });
  }
  if (label === 'gold') {
    const g4 = failed(checks, 'G4');
    if (g4) addStep(gaps, { code: 'gold_team', facts: g4.facts });
    if (failed(checks, 'G5')) addStep(gaps, { code: 'reconciliation' });
  }
  surveyGap(ctx, improvements, gaps);
  documentGaps(ctx, improvements, gaps);
}
