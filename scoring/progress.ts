/**
 * Progress since the last benchmarking (issue 17, item 4): per quality indicator, per area and for the
 * total, the change in points and in peer percentile between the previous cycle's decided score and
 * this cycle's score. Pure: the caller (server/services/progress.ts) reads both scores and places both
 * cycles' values among the same peers; this module only pairs them up and subtracts.
 *
 * Indicators and areas are matched by id/code, so a framework version that added or dropped one
 * leaves that side null (and the change null), never a made-up zero. Percentiles are the benchmark's
 * (scoring/peers.ts, 0–100, 1 decimal); a null percentile means the peer set was too small to show.
 */
import type { LabelName } from '../questionnaires/schema';
import type { Score } from './types';

export interface ProgressRow {
  /** indicator id ("STR-01"), area code ("STR") or "total" */
  key: string;
  previousPoints: number | null;
  points: number | null;
  /** this cycle's maximum (the previous cycle's when the key is gone now) */
  maxPoints: number;
  pointsChange: number | null;
  previousPercentile: number | null;
  percentile: number | null;
  percentileChange: number | null;
}

export interface AreaProgress extends ProgressRow {
  /** percent of the area's maximum points in each cycle (the chart) */
  previousPercent: number | null;
  percent: number | null;
}

export interface IndicatorProgress extends ProgressRow {
  area: string;
}

export interface Progress {
  previous: { assessmentId: number; asOf: string | null; label: LabelName | null; frameworkVersion: string };
  /** the one peer set both cycles are placed in, and how many clusters it holds (null: none shown) */
  peers: { group: 'all'; clusters: number | null; source: string };
  total: ProgressRow;
  areas: AreaProgress[];
  indicators: IndicatorProgress[];
}

/** Peer percentiles by metric key ("STR-01", "area:STR", "total"), as the benchmark names them. */
export type Percentiles = Record<string, number | null>;

export interface ProgressPeers {
  previous: Percentiles;
  current: Percentiles;
  clusters: number | null;
  source: string;
}

/** a − b in the precision of the inputs (points are integers or halves; percentiles 1 decimal) */
function change(now: number | null | undefined, before: number | null | undefined): number | null {
  if (now == null || before == null) return null;
  return Math.round((now - before) * 10) / 10;
}

function row(
  key: string,
  metric: string,
  prev: { points: number; maxPoints: number } | undefined,
  now: { points: number; maxPoints: number } | undefined,
  peers: ProgressPeers,
): ProgressRow {
  const previousPercentile = prev ? (peers.previous[metric] ?? null) : null;
  const percentile = now ? (peers.current[metric] ?? null) : null;
  return {
    key,
    previousPoints: prev?.points ?? null,
    points: now?.points ?? null,
    maxPoints: now?.maxPoints ?? prev?.maxPoints ?? 0,
    pointsChange: change(now?.points, prev?.points),
    previousPercentile,
    percentile,
    percentileChange: change(percentile, previousPercentile),
  };
}

/**
 * The progress from `previous` (the last cycle's decided score) to `current`. Rows follow the current
 * framework's order; an indicator or area only the previous cycle had follows at the end of its list.
 * A quality indicator that is not applicable in a cycle has no points there (null).
 */
export function progressBetween(previous: Score, current: Score, peers: ProgressPeers, meta: { previousAssessmentId: number }): Progress {
  const scored = (s: Score) =>
    new Map(s.indicators.filter((i) => i.kind === 'quality' && i.status !== 'not_applicable').map((i) => [i.id, i]));
  const quality = (s: Score) => s.indicators.filter((i) => i.kind === 'quality');
  const before = scored(previous);
  const now = scored(current);
  const indicatorIds = [...new Set([...quality(current), ...quality(previous)].map((i) => i.id))];
  const areaOf = new Map([...quality(previous), ...quality(current)].map((i) => [i.id, i.area]));
  const areasBefore = new Map(previous.areas.map((a) => [a.code, a]));
  const areasNow = new Map(current.areas.map((a) => [a.code, a]));
  const areaCodes = [...new Set([...current.areas, ...previous.areas].map((a) => a.code))];

  return {
    previous: {
      assessmentId: meta.previousAssessmentId,
      asOf: previous.asOf,
      label: previous.label.awarded,
      frameworkVersion: previous.framework.version,
    },
    peers: { group: 'all', clusters: peers.clusters, source: peers.source },
    total: row('total', 'total', previous.total, current.total, peers),
    areas: areaCodes.map((code) => ({
      ...row(code, `area:${code}`, areasBefore.get(code), areasNow.get(code), peers),
      previousPercent: areasBefore.get(code)?.percent ?? null,
      percent: areasNow.get(code)?.percent ?? null,
    })),
    indicators: indicatorIds.map((id) => ({ ...row(id, id, before.get(id), now.get(id), peers), area: areaOf.get(id) ?? '' })),
  };
}
