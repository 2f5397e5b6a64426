/** A score's values in the benchmark pool's metric keys, for placing it among its peers. */
import type { Score } from '../../scoring';

function numeric(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The subject's values in the pool's metric keys: indicator values, area percents, total points. */
export function subjectValues(score: Score): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const i of score.indicators) if (i.kind === 'quality') values[i.id] = i.status === 'scored' ? numeric(i.value) : null;
  for (const a of score.areas) values[`area:${a.code}`] = a.percent;
  values.total = score.total.points;
  return values;
}
