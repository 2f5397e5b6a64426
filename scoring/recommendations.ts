/**
 * The priority list of FRAMEWORK.md §6.1: every quality indicator below its Gold threshold, with
 * priority = gap × weight, sorted by priority descending, then catalogue number ascending.
 */
import type { FrameworkIndex } from './framework-index';
import type { IndicatorScore, Recommendation } from './types';

export function recommendations(index: FrameworkIndex, indicators: IndicatorScore[]): Recommendation[] {
  const result: (Recommendation & { number: number })[] = [];
  for (const score of indicators) {
    if (score.kind !== 'quality' || score.points >= score.threshold) continue;
    const indicator = index.byId.get(score.id)!;
    const gap = score.threshold - score.points;
    const weight = indicator.scoring!.weight;
    result.push({
      number: score.number,
      indicator: score.id,
      value: score.value,
      points: score.points,
      threshold: score.threshold,
      gap,
      weight,
      priority: gap * weight,
      minimumFailed: score.minimumPoints !== null && score.points < score.minimumPoints,
      action: indicator.action ?? null,
    });
  }
  result.sort((a, b) => b.priority - a.priority || a.number - b.number);
  return result.map(({ number: _number, ...recommendation }) => recommendation);
}
