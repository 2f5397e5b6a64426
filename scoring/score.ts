/**
 * score(): evidence → indicator values → points → label decision, recommendations and paths.
 * A pure function: no I/O, no clock; the same input always gives the same output.
 */
import type { Area, LoadedFramework } from '../questionnaires/schema';
import { parseDate } from './dates';
import { percent } from './decimal';
import { ScoringError } from './errors';
import { indexFramework, type FrameworkIndex } from './framework-index';
import { scoreIndicators } from './indicators';
import { checksByLabel, decideLabel } from './labels';
import { labelPaths } from './paths';
import { recommendations } from './recommendations';
import { ScoresById, type RuleContext } from './rule-context';
import type { AreaScore, IndicatorScore, Score } from './types';
import { validateEvidence } from './validate';

/** Bumped whenever a change could alter a score; a decision records it with the framework hash. */
export const ENGINE_VERSION = '1.1.0';

export interface ScoreOptions {
  /** the date the score is computed for (echoed in the score; the engine never reads the clock) */
  asOf?: string;
}

/**
 * Where each quality indicator's points are summed for areaScores, arranged once per framework: by
 * indicator position, the slot of its area (-1: a profile indicator or an unknown area), and by area,
 * the slot it reads. Slots follow area codes as a Map keyed by code would (the last area with a code
 * holds it), and the plain copy of the areas spares iterating the deep-frozen definition's array,
 * which V8 does several times slower.
 */
interface AreaPlan {
  areas: Area[];
  slotOfArea: number[];
  slotOfIndicator: number[];
}

const areaPlans = new WeakMap<FrameworkIndex, AreaPlan>();
function areaPlan(index: FrameworkIndex): AreaPlan {
  let plan = areaPlans.get(index);
  if (!plan) {
    const areas = [...index.definition.areas];
    const slotOfCode = new Map(areas.map((area, slot) => [area.code, slot]));
    plan = {
      areas,
      slotOfArea: areas.map((area) => slotOfCode.get(area.code)!),
      // a score is `quality` exactly when its indicator is a quality indicator with scoring (indicators.ts)
      slotOfIndicator: index.indicators.map((i) => (i.kind === 'quality' && i.scoring ? (slotOfCode.get(i.area) ?? -1) : -1)),
    };
    areaPlans.set(index, plan);
  }
  return plan;
}

/** Points and maximum per area, summed in one pass over the quality indicators (in catalogue order, as scored). */
function areaScores(index: FrameworkIndex, indicators: IndicatorScore[]): AreaScore[] {
  const { areas, slotOfArea, slotOfIndicator } = areaPlan(index);
  const points = new Array<number>(areas.length).fill(0);
  const maxPoints = new Array<number>(areas.length).fill(0);
  for (let p = 0; p < indicators.length; p++) {
    const slot = slotOfIndicator[p];
    if (slot < 0) continue;
    points[slot] += indicators[p].points;
    maxPoints[slot] += indicators[p].maxPoints;
  }
  const result: AreaScore[] = [];
  for (let a = 0; a < areas.length; a++) {
    const slot = slotOfArea[a];
    result.push({ code: areas[a].code, points: points[slot], maxPoints: maxPoints[slot], percent: percent(points[slot], maxPoints[slot]) });
  }
  return result;
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
    byId: new ScoresById(index.positions, indicators),
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
