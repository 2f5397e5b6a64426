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
  byId: ScoresById;
  survey: SurveyAggregate;
  /** T: the sum of quality-indicator points */
  total: number;
}

/**
 * The scores by indicator id. Read through the framework's positions (FrameworkIndex.positions, made
 * once per framework) instead of a Map filled anew for every scoring, of which only a few entries
 * are ever read.
 */
export class ScoresById {
  constructor(
    private readonly positions: Map<string, number>,
    private readonly scores: IndicatorScore[],
  ) {}

  get(id: string): IndicatorScore | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : this.scores[position];
  }
}

/**
 * What the rules that need no recorded value read (G4, S1, S2): the framework, the evidence's team,
 * cluster and earlier labels, and the interview date. The team check (team-checks.ts) gives only these.
 */
export type SetupContext = Pick<RuleContext, 'index' | 'evidence' | 'interview'>;

export function assessor(ctx: SetupContext, role: 'lead' | 'co'): Assessor | undefined {
  return ctx.evidence.assessors?.find((a) => a.role === role);
}

/** A certification counts only while valid on the interview date. */
export function certificationOnInterview(ctx: SetupContext, who: Assessor | undefined): Assessor['certification'] {
  if (!who || who.certification === null) return null;
  if (who.certificationValidUntil && compareDates(mustParseDate(who.certificationValidUntil), ctx.interview) < 0) return null;
  return who.certification;
}

export const missingIndicators = (ctx: RuleContext) => ctx.indicators.filter((i) => i.status === 'missing');
export const failedMinimums = (ctx: RuleContext) => ctx.indicators.filter((i) => i.kind === 'quality' && !i.minimumMet);
