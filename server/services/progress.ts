/**
 * Gathers what the progress since the last benchmarking is computed from (scoring/progress.ts): the
 * previous cycle's frozen decision score and both cycles' peer percentiles. The score (readScore) and
 * the report's print (reportInput.ts) call it; a released report prints the progress frozen at release.
 *
 * The peer set: both cycles are placed among the same peers, the whole benchmark pool ("all benchmarked
 * clusters", the group whose median the report's area chart and indicator tables show) as it stands on
 * this cycle's date. One distribution for both values means a change in percentile is the cluster's own
 * movement, not the pool's drift since the last cycle (the pool then is not kept) nor a group that
 * widened differently (sector and country groups fall back when small; the excellence group depends on
 * who held Gold on a date).
 */
import { progressBetween, type Progress, type Score } from '../../scoring';
import type { Db } from '../db/types';
import type { Assessment } from '../repositories/assessments';
import { decidedScore } from '../repositories/decisions';
import { currentPool, metricDistribution, metricKeysInOrder, resolveGroup } from '../features/benchmark';
import { subjectValues } from './subjectValues';

/** The progress from the assessment's previous cycle to `score`, or null when it did not start from one. */
export async function liveProgress(db: Db, a: Assessment, score: Score, asOf: string): Promise<Progress | null> {
  if (a.previousAssessmentId == null) return null;
  const previous = await decidedScore(db, a.previousAssessmentId);
  if (!previous) return null;
  const pool = await currentPool(db);
  const all = resolveGroup(pool, {}, asOf);
  const percentiles = (s: Score) => {
    const values = subjectValues(s);
    return Object.fromEntries(metricKeysInOrder().map((k) => [k, metricDistribution(pool, all, k, values[k] ?? null, asOf).percentile]));
  };
  return progressBetween(
    previous,
    score,
    {
      previous: percentiles(previous),
      current: percentiles(score),
      clusters: all.used ? all.clusters : null,
      source: `benchmark database, ${all.clusters} clusters, ${asOf}`,
    },
    { previousAssessmentId: a.previousAssessmentId },
  );
}
