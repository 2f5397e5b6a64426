/**
 * The priority list of FRAMEWORK.md §6.1: every quality indicator below its Gold threshold, with
 * priority = gap × weight, sorted by priority descending, then catalogue number ascending. Where
 * documents not accepted hold an indicator's points down, the recommendation says so (`blockedBy`);
 * its gap and priority stay those of §6.1.
 */
import type { FrameworkIndex } from './framework-index';
import type { IndicatorScore, Recommendation } from './types';

export function recommendations(index: FrameworkIndex, indicators: IndicatorScore[]): Recommendation[] {
  // Sorted as pairs with the catalogue number, then unwrapped: cheaper than copying each
  // recommendation without a `number` key (object rest) after sorting.
  const ranked: { number: number; recommendation: Recommendation }[] = [];
  for (const score of indicators) {
    if (score.kind !== 'quality' || score.points >= score.threshold) continue;
    const indicator = index.byId.get(score.id)!;
    const gap = score.threshold - score.points;
    const weight = indicator.scoring!.weight;
    const recommendation: Recommendation = {
      indicator: score.id,
      value: score.value,
      points: score.points,
      threshold: score.threshold,
      gap,
      weight,
      priority: gap * weight,
      minimumFailed: score.minimumPoints !== null && score.points < score.minimumPoints,
      // accepting the documents alone reaches the threshold: the framework's action is not what is missing
      action: score.heldBy && score.heldBy.points >= score.threshold ? null : (indicator.action ?? null),
    };
    if (score.heldBy) recommendation.blockedBy = score.heldBy;
    ranked.push({ number: score.number, recommendation });
  }
  ranked.sort((a, b) => b.recommendation.priority - a.recommendation.priority || a.number - b.number);
  return ranked.map((r) => r.recommendation);
}
