/**
 * A small deterministic peer comparison where there is no benchmark database (`clustermark report` on an
 * evidence file, report tests): synthetic peer samples drawn with a seeded generator (mulberry32,
 * scoring/prng.ts), so the same score gives the same figures.
 * The sector group is deliberately small (8 clusters) to show the fallback to the wider group.
 */
import type { LoadedFramework } from '../questionnaires/schema';
import type { Score } from '../scoring/types';
import type { ClusterInfo, PeerComparison, PeerGroupKey, PeerGroupStats } from './types';
import { mulberry32 as rng } from '../scoring/prng';
import { quantile as quantileOf } from '../scoring/peers';

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** type 7, one decimal (scoring/peers.ts) */
const quantile = (sorted: number[], q: number): number => quantileOf(sorted, q, 1)!;

function stats(key: PeerGroupKey, label: { en: string; nb: string }, sample: number[], cluster: number | null): PeerGroupStats {
  const sorted = [...sample].sort((a, b) => a - b);
  const atOrBelow = cluster === null ? 0 : sorted.filter((v) => v <= cluster).length;
  return {
    key,
    label,
    n: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    percentileOfCluster: cluster === null ? null : Math.round((100 * atOrBelow) / sorted.length),
  };
}

interface GroupSpec {
  key: PeerGroupKey;
  label: { en: string; nb: string };
  n: number;
  level: number;
  spread: number;
}

export function demoPeerComparison(score: Score, framework: LoadedFramework, cluster: ClusterInfo): PeerComparison {
  const country = cluster.country;
  const groups: GroupSpec[] = [
    { key: 'sector', label: { en: `Sector: ${cluster.sector}`, nb: `Bransje: ${cluster.sector}` }, n: 8, level: 0.64, spread: 1.1 },
    { key: 'country', label: { en: `Country: ${country}`, nb: `Land: ${country}` }, n: 27, level: 0.63, spread: 1.1 },
    {
      key: 'excellence',
      label: { en: 'Excellence group (Gold-labelled clusters)', nb: 'Eksellensgruppen (klynger med gullmerke)' },
      n: 41,
      level: 0.84,
      spread: 0.45,
    },
    { key: 'all', label: { en: 'All benchmarked clusters', nb: 'Alle vurderte klynger' }, n: 412, level: 0.6, spread: 1.2 },
  ];
  const random = rng(hash(`${cluster.name}|${score.framework.hash}`));
  const sample = (n: number, level: number, spread: number, max: number, round: (x: number) => number) =>
    Array.from({ length: n }, () => {
      const u = (random() + random() + random()) / 3 - 0.5; // roughly bell-shaped in [-0.5, 0.5]
      return round(Math.min(max, Math.max(0, (level + u * spread) * max)));
    });
  const oneDecimal = (x: number) => Math.round(x * 10) / 10;

  const areas: Record<string, PeerGroupStats[]> = {};
  for (const a of score.areas) {
    areas[a.code] = groups.map((g) => stats(g.key, g.label, sample(g.n, g.level, g.spread, 100, oneDecimal), a.percent));
  }
  const total = groups.map((g) => stats(g.key, g.label, sample(g.n, g.level, g.spread * 0.8, 100, oneDecimal), score.total.percent));

  const defs = new Map(framework.definition.indicators.map((i) => [i.id, i]));
  const indicators: Record<string, PeerGroupStats[]> = {};
  for (const s of score.indicators) {
    if (s.kind !== 'quality' || typeof s.value !== 'number') continue;
    const type = defs.get(s.id)?.valueType;
    const [max, round] =
      type === 'scale'
        ? [5, (x: number) => Math.max(1, Math.round(x))]
        : type === 'percent' || type === 'survey_percent_yes'
          ? [100, oneDecimal]
          : type === 'survey_mean'
            ? [5, (x: number) => Math.max(1, Math.round(x * 100) / 100)]
            : type === 'fte'
              ? [Math.max(4, s.value * 1.6), (x: number) => Math.round(x * 100) / 100]
              : [Math.max(5, s.value * 1.6), Math.round];
    indicators[s.id] = groups.map((g) => stats(g.key, g.label, sample(g.n, g.level, g.spread, max, round), s.value as number));
  }
  return { source: 'ClusterMark demo peer data (synthetic)', indicators, areas, total };
}
