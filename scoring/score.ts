/**
 * score(): evidence → indicator values → points → label decision, recommendations and paths.
 * A pure function: no I/O, no clock; the same input always gives the same output.
 */
import type { LoadedFramework } from '../questionnaires/schema';
import { parseDate } from './dates';
import { percent } from './decimal';
import { ScoringError } from './errors';
import { indexFramework, type FrameworkIndex } from './framework-index';
import { scoreIndicators } from './indicators';
import { checksByLabel, decideLabel } from './labels';
import { labelPaths } from './paths';
import { recommendations } from './recommendations';
import type { RuleContext } from './rule-context';
import type { AreaScore, IndicatorScore, Score } from './types';
import { validateEvidence } from './validate';

/** Bumped whenever a change could alter a score; a decision records it with the framework hash. */
export const ENGINE_VERSION = '1.0.0';

export interface ScoreOptions {
  /** the date the score is computed for (echoed in the score; the engine never reads the clock) */
  asOf?: string;
}

/** Points and maximum per area, summed in one pass over the quality indicators. */
function areaScores(index: FrameworkIndex, indicators: IndicatorScore[]): AreaScore[] {
  const sums = new Map(index.definition.areas.map((area) => [area.code, { points: 0, maxPoints: 0 }]));
  for (const i of indicators) {
    const sum = i.kind === 'quality' ? sums.get(i.area) : undefined;
    if (!sum) continue;
    sum.points += i.points;
    sum.maxPoints += i.maxPoints;
  }
  return index.definition.areas.map((area) => {
    const { points, maxPoints } = sums.get(area.code)!;
    return { code: area.code, points, maxPoints, percent: percent(points, maxPoints) };
  });
}

function byId(indicators: IndicatorScore[]): Map<string, IndicatorScore> {
  const map = new Map<string, IndicatorScore>();
  for (const i of indicators) map.set(i.id, i);
  return map;
}

export function score(framework: LoadedFramework, evidence: unknown, options: ScoreOptions = {}): Score {
  if (options.asOf !== undefined && parseDate(options.asOf) === null) {
    throw new ScoringError('option_invalid', `asOf must be a date YYYY-MM-DD, got ${JSON.stringify(options.asOf)}`);
  }
  const index = indexFramework(framework.definition);
  const valid = validateEvidence(index, evidence);
  const { survey } = valid;
  const indicators = scoreIndicators({ index, values: valid.values, documents: valid.evidence.documents ?? {}, survey });
  const total = indicators.reduce((sum, i) => sum + i.points, 0);
  const ctx: RuleContext = {
    index,
    evidence: valid.evidence,
    interview: valid.interview,
    indicators,
    byId: byId(indicators),
    survey,
    total,
  };
  const checks = checksByLabel(ctx);
  const label = decideLabel(ctx, checks);
  return {
    framework: { id: framework.definition.id, version: framework.definition.version, hash: framework.hash },
    engineVersion: ENGINE_VERSION,
    asOf: options.asOf ?? null,
    indicators,
    areas: areaScores(index, indicators),
    total: { points: total, maxPoints: index.maxTotal, percent: percent(total, index.maxTotal) },
    survey: survey.summary,
    label,
    recommendations: recommendations(index, indicators),
    ...labelPaths(ctx, label, checks),
  };
}
