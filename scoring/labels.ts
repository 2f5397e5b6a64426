/**
 * The label rules of FRAMEWORK.md §5, one named function per rule, parameterised by
 * `framework.definition.labelRules`. A label absent from labelRules is never checked nor awarded.
 */
import type { LabelName } from '../questionnaires/schema';
import { lowestValueFor } from './bands';
import { compareDates, formatMonth, monthsBetween, mustParseDate, validUntil } from './dates';
import { labelRank } from './framework-index';
import { showValue } from './indicators';
import { assessor, certificationOnInterview, failedMinimums, missingIndicators, type RuleContext, type SetupContext } from './rule-context';
import type { AssessorTeamProblem, CheckFacts, ImprovementAreaProblem, IndicatorScore, LabelCheck, MinimumFacts, Score } from './types';
import { checkText, engineWording, type Wording } from './wording';

/** The engine's English for a rule context: values read as showValue gives them. */
const english = (ctx: RuleContext) => engineWording((id, v) => showValue(ctx.index.byId.get(id)!, v));
const PLAIN = engineWording((_id, v) => String(v));
/** A check: its facts, and its detail worded from them (scoring/wording.ts, the catalogue's English). */
const check = (rule: string, passed: boolean, facts: CheckFacts, w: Wording = PLAIN): LabelCheck => ({
  rule,
  passed,
  detail: checkText(facts, w),
  facts,
});

/** An indicator against its minimum, as facts. */
function againstMinimum(ctx: RuleContext, score: IndicatorScore): MinimumFacts {
  const indicator = ctx.index.byId.get(score.id)!;
  const minimum = score.minimumPoints === null ? null : lowestValueFor(ctx.index.definition, indicator, score.minimumPoints);
  return {
    indicator: score.id,
    value: typeof score.value === 'number' ? score.value : null,
    status: score.status,
    minimum: minimum === null ? null : minimum.value,
  };
}

// ── Bronze (§5.1) ────────────────────────────────────────────────────────────

export function interviewerCertified(ctx: RuleContext): LabelCheck {
  const certification = certificationOnInterview(ctx, assessor(ctx, 'lead'));
  return check('B1', certification !== null, { kind: 'interviewer', certification });
}

export function noIndicatorMissing(ctx: RuleContext, rule = 'B2'): LabelCheck {
  const missing = missingIndicators(ctx);
  return check(rule, missing.length === 0, { kind: 'completeness', indicators: ctx.indicators.length, missing: missing.map((i) => i.id) });
}

/** E1…En: each eligibility indicator has its minimum met (§1.4 "minimum met"). */
export function eligibilityChecks(ctx: RuleContext): LabelCheck[] {
  return (ctx.index.definition.labelRules.bronze?.eligibility ?? []).map((e) => {
    const score = ctx.byId.get(e.indicator)!;
    const passed = score.status === 'scored' && score.minimumMet;
    return check(e.id, passed, { kind: 'eligibility', met: passed, minimum: againstMinimum(ctx, score) }, english(ctx));
  });
}

/**
 * B3 reads the indicators (E1–E4 above). The eligibility checklist of esca-default 1.1.0 (the lead's
 * yes/no before the interview, server/services/eligibilityGate.ts) is a procedural gate on the move to
 * the interview, not a scoring rule: it changes no point and no check here.
 */
export function bronzeEligibility(eligibility: LabelCheck[]): LabelCheck {
  const failed = eligibility.filter((e) => !e.passed).map((e) => e.rule);
  return check('B3', failed.length === 0, { kind: 'eligible', failed });
}

/**
 * Checks that the rules of several labels repeat: completeness (B2, within S3, G1), eligibility
 * (E…, B3, within S3) and all minimums (S5, G2). Computed once per scoring and renamed per rule.
 */
export interface SharedChecks {
  completeness: LabelCheck;
  eligibility: LabelCheck[];
  eligible: LabelCheck;
  minimums: LabelCheck;
}

export function sharedChecks(ctx: RuleContext): SharedChecks {
  const eligibility = eligibilityChecks(ctx);
  return {
    completeness: noIndicatorMissing(ctx),
    eligibility,
    eligible: bronzeEligibility(eligibility),
    minimums: allMinimumsMet(ctx, 'S5'),
  };
}

const renamed = (c: LabelCheck, rule: string): LabelCheck => ({ ...c, rule });

export function bronzeRuleChecks(ctx: RuleContext, shared = sharedChecks(ctx)): LabelCheck[] {
  return [interviewerCertified(ctx), shared.completeness, shared.eligible, ...shared.eligibility];
}

// ── Silver (§5.2) ────────────────────────────────────────────────────────────

/** The most recently issued earlier label, if any. */
export function latestPreviousLabel(ctx: SetupContext): { label: LabelName; issued: string } | undefined {
  const labels = [...(ctx.evidence.previousLabels ?? [])];
  labels.sort((a, b) => compareDates(mustParseDate(b.issued), mustParseDate(a.issued)));
  return labels[0];
}

export function silverInterval(ctx: SetupContext): LabelCheck {
  const { min, max } = ctx.index.definition.labelRules.silver!.intervalMonths;
  const previous = latestPreviousLabel(ctx);
  if (!previous) return check('S1', false, { kind: 'interval', previous: null, min, max });
  const issued = mustParseDate(previous.issued);
  const delta = monthsBetween(issued, ctx.interview);
  const passed = delta >= min && delta <= max;
  const month = formatMonth(issued.y, issued.m);
  const facts: CheckFacts = { kind: 'interval', previous: { label: previous.label, issued: month, months: delta }, min, max };
  return check('S1', passed, facts);
}

export function silverOnSiteAudit(ctx: SetupContext): LabelCheck {
  const certification = certificationOnInterview(ctx, assessor(ctx, 'lead'));
  const qualified = certification === 'silver' || certification === 'gold';
  const onSite = ctx.evidence.onSite === true;
  return check('S2', onSite && qualified, { kind: 'on_site_audit', onSite, certification });
}

export function bronzeBasicsHold(completeness: LabelCheck, eligibility: LabelCheck): LabelCheck {
  return check('S3', completeness.passed && eligibility.passed, {
    kind: 'bronze_basics',
    completeness: completeness.passed,
    eligibility: eligibility.passed,
  });
}

/** Problems of one improvement area against §5.2 S4 (a)–(d); empty when it qualifies. */
function improvementAreaProblems(
  ctx: RuleContext,
  area: NonNullable<RuleContext['evidence']['improvementAreas']>[number],
  linkedElsewhere: Set<string>,
): ImprovementAreaProblem[] {
  const problems: ImprovementAreaProblem[] = [];
  const quality = area.indicators.map((id) => ctx.index.byId.get(id)!).filter((i) => i.kind === 'quality' && i.scoring);
  if (!quality.some((i) => i.scoring!.silverScope)) problems.push({ code: 'no_silver_scope' });
  const twice = area.indicators.filter((id) => linkedElsewhere.has(id));
  if (twice.length > 0) problems.push({ code: 'linked_elsewhere', indicators: twice });
  const unmet = area.indicators.filter((id) => !ctx.byId.get(id)!.thresholdMet || ctx.byId.get(id)!.kind !== 'quality');
  if (unmet.length > 0) problems.push({ code: 'threshold_not_met', indicators: unmet });
  const documents = ctx.evidence.documents ?? {};
  const cites = area.documents.some(
    (doc) => documents[doc] === 'accepted' && ctx.index.checklist.get(doc)!.supports.some((id) => area.indicators.includes(id)),
  );
  if (!cites) problems.push({ code: 'no_document' });
  if (!area.changeDescribed) problems.push({ code: 'change_not_described' });
  return problems;
}

export function improvementAreasValid(ctx: RuleContext): LabelCheck {
  const required = ctx.index.definition.labelRules.silver!.improvementAreas;
  const areas = ctx.evidence.improvementAreas ?? [];
  const facts = {
    kind: 'improvement_areas' as const,
    submitted: areas.length,
    required,
    failures: [] as { number: number; title: string; problems: ImprovementAreaProblem[] }[],
  };
  if (areas.length !== required) return check('S4', false, facts);
  areas.forEach((area, i) => {
    const elsewhere = new Set(areas.filter((_, j) => j !== i).flatMap((a) => a.indicators));
    const problems = improvementAreaProblems(ctx, area, elsewhere);
    if (problems.length > 0) facts.failures.push({ number: i + 1, title: area.title, problems });
  });
  return check('S4', facts.failures.length === 0, facts);
}

export function allMinimumsMet(ctx: RuleContext, rule: string): LabelCheck {
  const failed = failedMinimums(ctx);
  const count = ctx.index.withMinimum.length;
  return check(rule, failed.length === 0, { kind: 'minimums', count, failed: failed.map((i) => againstMinimum(ctx, i)) }, english(ctx));
}

export function silverRuleChecks(ctx: RuleContext, shared = sharedChecks(ctx)): LabelCheck[] {
  const basics = bronzeBasicsHold(shared.completeness, shared.eligible);
  return [silverInterval(ctx), silverOnSiteAudit(ctx), basics, improvementAreasValid(ctx), renamed(shared.minimums, 'S5')];
}

// ── Gold (§5.3) ──────────────────────────────────────────────────────────────

export function goldTotalReached(ctx: RuleContext): LabelCheck {
  const minTotal = ctx.index.definition.labelRules.gold!.minTotal;
  return check('G3', ctx.total >= minTotal, { kind: 'total', total: ctx.total, minTotal });
}

export function goldAssessorTeam(ctx: SetupContext): LabelCheck {
  const lead = assessor(ctx, 'lead');
  const co = assessor(ctx, 'co');
  const problems: AssessorTeamProblem[] = [];
  if (ctx.evidence.onSite !== true) problems.push({ code: 'not_on_site' });
  if (certificationOnInterview(ctx, lead) !== 'gold') problems.push({ code: 'lead_not_gold' });
  if (certificationOnInterview(ctx, co) === null) problems.push({ code: 'no_certified_co' });
  if (lead && co && lead.country === co.country) problems.push({ code: 'same_country', country: lead.country });
  const seat = ctx.evidence.cluster.country;
  if (lead?.country !== seat && co?.country !== seat) problems.push({ code: 'seat_country_missing', country: seat });
  return check('G4', problems.length === 0, {
    kind: 'assessor_team',
    lead: lead?.country ?? null,
    co: co?.country ?? null,
    seat,
    problems,
  });
}

export function reconciliationSigned(ctx: RuleContext): LabelCheck {
  const signed = ctx.evidence.reconciliationSigned === true;
  return check('G5', signed, { kind: 'reconciliation', signed });
}

export function goldRuleChecks(ctx: RuleContext, shared = sharedChecks(ctx)): LabelCheck[] {
  const completeness = renamed(shared.completeness, 'G1');
  return [completeness, renamed(shared.minimums, 'G2'), goldTotalReached(ctx), goldAssessorTeam(ctx), reconciliationSigned(ctx)];
}

// ── Decision (§5.4, §5.5) ────────────────────────────────────────────────────

const RULES: Record<LabelName, (ctx: RuleContext, shared: SharedChecks) => LabelCheck[]> = {
  gold: goldRuleChecks,
  silver: silverRuleChecks,
  bronze: bronzeRuleChecks,
};

/** Checks of every label the framework defines (the paths need them even above the request). */
export function checksByLabel(ctx: RuleContext): Map<LabelName, LabelCheck[]> {
  const shared = sharedChecks(ctx);
  return new Map(ctx.index.labels.map((label) => [label, RULES[label](ctx, shared)]));
}

/** The checks of `labels`, one list after the other (a plain loop: Array#flatMap costs ~2 µs here). */
function checksOf(labels: LabelName[], checks: Map<LabelName, LabelCheck[]>): LabelCheck[] {
  const all: LabelCheck[] = [];
  for (const label of labels) all.push(...checks.get(label)!);
  return all;
}

/** §5.4: from the requested label downwards, the first label whose rules all hold. */
export function decideLabel(ctx: RuleContext, checks: Map<LabelName, LabelCheck[]>): Score['label'] {
  const requested = ctx.evidence.requestedLabel;
  const considered = [...ctx.index.labels].reverse().filter((label) => labelRank(label) <= labelRank(requested));
  const awarded = considered.find((label) => checks.get(label)!.every((c) => c.passed)) ?? null;
  const validityMonths = ctx.index.definition.labelRules.validityMonths;
  return {
    requested,
    awarded,
    checks: checksOf(considered, checks),
    issued: awarded ? ctx.evidence.interviewDate : null,
    validUntil: awarded ? validUntil(ctx.interview, validityMonths) : null,
  };
}
