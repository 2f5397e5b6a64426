/** What the label rules (§5) and the paths (§6.2) look at. */
import type { CivilDate } from './dates';
import { compareDates, mustParseDate } from './dates';
import type { Assessor, Evidence } from './evidence';
import type { FrameworkIndex } from './framework-index';
import type { SurveyAggregate } from './survey';
import type { IndicatorScore } from './types';

export interface RuleContext {
  index: FrameworkIndex;
  evidence: Evidence;
  interview: CivilDate;
  indicators: IndicatorScore[];
  byId: Map<string, IndicatorScore>;
  survey: SurveyAggregate;
  /** T: the sum of quality-indicator points */
  total: number;
}

export function assessor(ctx: RuleContext, role: 'lead' | 'co'): Assessor | undefined {
  return ctx.evidence.assessors?.find((a) => a.role === role);
}

/** A certification counts only while valid on the interview date. */
export function certificationOnInterview(ctx: RuleContext, who: Assessor | undefined): Assessor['certification'] {
  if (!who || who.certification === null) return null;
  if (who.certificationValidUntil && compareDates(mustParseDate(who.certificationValidUntil), ctx.interview) < 0) return null;
  return who.certification;
}

export const missingIndicators = (ctx: RuleContext) => ctx.indicators.filter((i) => i.status === 'missing');
export const failedMinimums = (ctx: RuleContext) => ctx.indicators.filter((i) => i.kind === 'quality' && !i.minimumMet);
