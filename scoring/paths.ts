/**
 * The path to the next label (FRAMEWORK.md §6.2): improvements (indicator, target points, the lowest
 * value giving them, gain) by the PB/PS/PG rules, and procedural gaps listed separately.
 */
import type { LabelName } from '../questionnaires/schema';
import { lowestValueFor } from './bands';
import { addMonths, formatMonth, mustParseDate } from './dates';
import { labelRank } from './framework-index';
import { latestPreviousLabel } from './labels';
import { missingIndicators, failedMinimums, type RuleContext } from './rule-context';
import type { Improvement, IndicatorScore, LabelCheck, LabelPath, Score } from './types';
import { addStep, proceduralGaps, type Steps } from './procedural';

/** Improvements being built: indicator id → improvement, in insertion order. */
type Plan = Map<string, Improvement>;

function improve(ctx: RuleContext, plan: Plan, score: IndicatorScore, target: number, rule: string): void {
  const indicator = ctx.index.byId.get(score.id)!;
  const lowest = lowestValueFor(ctx.index.definition, indicator, target);
  const targetPoints = lowest?.points ?? target;
  const earlier = plan.get(score.id);
  // documents not accepted hold the points: with them accepted the value the cluster already has may reach the target
  const blocked = score.heldBy;
  const improvement: Improvement = {
    indicator: score.id,
    targetPoints,
    targetValue: blocked && blocked.points >= targetPoints ? blocked.value : (lowest?.value ?? null),
    gain: targetPoints - score.points,
    rules: [...(earlier?.rules ?? []), rule],
  };
  if (blocked) improvement.blockedBy = blocked;
  plan.set(score.id, improvement);
}

const pointsAfter = (plan: Plan, score: IndicatorScore) => plan.get(score.id)?.targetPoints ?? score.points;
const planGain = (plan: Plan) => [...plan.values()].reduce((sum, i) => sum + i.gain, 0);
const qualityScores = (ctx: RuleContext) => ctx.indicators.filter((i) => i.kind === 'quality');
const weightOf = (ctx: RuleContext, score: IndicatorScore) => ctx.index.byId.get(score.id)!.scoring!.weight;
const silverScope = (ctx: RuleContext, score: IndicatorScore) => ctx.index.byId.get(score.id)!.scoring!.silverScope;

/** PB2: each failed eligibility criterion, target P_min. */
function bronzeImprovements(ctx: RuleContext, checks: LabelCheck[]): Plan {
  const plan: Plan = new Map();
  for (const e of ctx.index.definition.labelRules.bronze?.eligibility ?? []) {
    const failed = checks.find((c) => c.rule === e.id && !c.passed);
    const score = ctx.byId.get(e.indicator)!;
    if (failed && score.minimumPoints !== null) improve(ctx, plan, score, score.minimumPoints, 'PB2');
  }
  return plan;
}

/** PS1 (= PG1): every failed minimum, target P_min. */
function minimumImprovements(ctx: RuleContext, rule: string): Plan {
  const plan: Plan = new Map();
  for (const score of failedMinimums(ctx)) improve(ctx, plan, score, score.minimumPoints!, rule);
  return plan;
}

/** PS2: enough Silver-scope indicators at their Gold threshold to carry the improvement areas. */
function silverImprovements(ctx: RuleContext): Plan {
  const plan = minimumImprovements(ctx, 'PS1');
  const needed = ctx.index.definition.labelRules.silver!.improvementAreas;
  const scope = qualityScores(ctx).filter((s) => silverScope(ctx, s));
  const k = scope.filter((s) => pointsAfter(plan, s) >= s.threshold).length;
  if (k >= needed) return plan;
  const candidates = scope
    .filter((s) => pointsAfter(plan, s) < s.threshold)
    .sort(
      (a, b) =>
        a.threshold - pointsAfter(plan, a) - (b.threshold - pointsAfter(plan, b)) ||
        weightOf(ctx, b) - weightOf(ctx, a) ||
        a.number - b.number,
    );
  for (const score of candidates.slice(0, needed - k)) improve(ctx, plan, score, score.threshold, 'PS2');
  return plan;
}

/** PG1 then PG2: largest gains first until the Gold total is reached. */
function goldImprovements(ctx: RuleContext): { plan: Plan; gainByRule: Record<string, number> } {
  const plan = minimumImprovements(ctx, 'PG1');
  const pg1 = planGain(plan);
  const shortfall = ctx.index.definition.labelRules.gold!.minTotal - (ctx.total + pg1);
  if (shortfall <= 0) return { plan, gainByRule: { PG1: pg1 } };
  const candidates = qualityScores(ctx)
    .map((score) => {
      const now = pointsAfter(plan, score);
      const target = now < score.threshold ? score.threshold : score.maxPoints;
      const reachable = lowestValueFor(ctx.index.definition, ctx.index.byId.get(score.id)!, target)?.points ?? target;
      return { score, target, gain: reachable - now };
    })
    .filter((c) => c.gain > 0)
    .sort((a, b) => b.gain - a.gain || weightOf(ctx, b.score) - weightOf(ctx, a.score) || a.score.number - b.score.number);
  let pg2 = 0;
  for (const candidate of candidates) {
    if (pg2 >= shortfall) break;
    improve(ctx, plan, candidate.score, candidate.target, 'PG2');
    pg2 += candidate.gain;
  }
  return { plan, gainByRule: { PG1: pg1, PG2: pg2 } };
}

/** Silver must be interviewed within the interval after the most recent label (§5.2 S1). */
function silverWindow(ctx: RuleContext, awarded: LabelName | null, steps: Steps): void {
  const { min, max } = ctx.index.definition.labelRules.silver!.intervalMonths;
  const base = awarded ? ctx.interview : latestPreviousLabel(ctx) && mustParseDate(latestPreviousLabel(ctx)!.issued);
  if (!base) {
    addStep(steps, { code: 'silver_window_after_label', min, max });
    return;
  }
  const from = addMonths(base, min);
  const to = addMonths(base, max);
  const step = { code: 'silver_window' as const, from: formatMonth(from.y, from.m), to: formatMonth(to.y, to.m) };
  addStep(steps, step);
}

function pathTo(ctx: RuleContext, label: LabelName, checks: LabelCheck[], awarded: LabelName | null): LabelPath {
  let plan: Plan;
  let gainByRule: Record<string, number>;
  if (label === 'bronze') {
    plan = bronzeImprovements(ctx, checks);
    gainByRule = { PB2: planGain(plan) };
  } else if (label === 'silver') {
    plan = silverImprovements(ctx);
    gainByRule = { PS: planGain(plan) };
  } else {
    ({ plan, gainByRule } = goldImprovements(ctx));
  }
  const improvements = [...plan.values()];
  const steps: Steps = { text: [], steps: [] };
  if (label === 'silver') silverWindow(ctx, awarded, steps);
  for (const i of missingIndicators(ctx)) addStep(steps, { code: 'record_missing', indicator: i.id });
  proceduralGaps(ctx, label, checks, improvements, steps);
  return {
    next: label,
    improvements,
    procedural: steps.text,
    proceduralSteps: steps.steps,
    newTotal: ctx.total + planGain(plan),
    gainByRule,
  };
}

/** §6.2: the path to the next label and, after No label or Bronze, also the path to Gold. */
export function labelPaths(
  ctx: RuleContext,
  label: Score['label'],
  checks: Map<LabelName, LabelCheck[]>,
): Pick<Score, 'pathToNextLabel' | 'pathToGold'> {
  const next = ctx.index.labels.find((l) => labelRank(l) > labelRank(label.awarded)) ?? null;
  if (next === null) {
    const steps: Steps = { text: [], steps: [] };
    if (label.validUntil) addStep(steps, { code: 'renew', until: label.validUntil });
    return { pathToNextLabel: { next: null, improvements: [], procedural: steps.text, proceduralSteps: steps.steps, newTotal: ctx.total } };
  }
  const pathToNextLabel = pathTo(ctx, next, checks.get(next)!, label.awarded);
  const goldDefined = ctx.index.labels.includes('gold');
  if (next === 'gold' || !goldDefined) return { pathToNextLabel };
  return { pathToNextLabel, pathToGold: pathTo(ctx, 'gold', checks.get('gold')!, label.awarded) };
}
