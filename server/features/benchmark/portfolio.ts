/**
 * The portfolio of a programme owner: the clusters of a country (optionally one sector), their
 * labels, an area heat map, the commonest weaknesses, labels expiring within the renewal window and
 * each cluster's progress from one assessment to the next.
 *
 * It reads every benchmark record of the country, consenting or not: the programme owner (admin or
 * benchmarker) may see these clusters anyway. The Europe-wide comparison uses the consenting pool.
 */
import type { Db } from '../../db/types';
import { addMonths, daysInMonth, formatDate, parseDate } from '../../../scoring/dates';
import { currentPool, metricKeysInOrder } from './peers';
import { areaCodes, qualityIndicators } from './scores';
import { recordsOfCountry } from './store';
import type { BenchmarkRecord, LabelName } from './types';

export interface PortfolioQuery {
  country: string;
  sector?: string;
  /** "YYYY-MM-DD" */
  asOf: string;
  /** labels ending within this many months are listed for renewal (default 6) */
  renewalMonths: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: number[]) => (xs.length ? round1(xs.reduce((s, x) => s + x, 0) / xs.length) : null);

function shiftMonths(date: string, months: number): string {
  const d = parseDate(date)!;
  const { y, m } = addMonths(d, months);
  return formatDate({ y, m, d: Math.min(d.d, daysInMonth(y, m)) });
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const validOn = (r: BenchmarkRecord, asOf: string) => r.label !== null && r.labelValidUntil !== null && r.labelValidUntil >= asOf;

export async function portfolio(knex: Db, q: PortfolioQuery) {
  const rows = await recordsOfCountry(knex, q.country, q.sector);

  // a cluster's records, oldest first; records without a cluster key stand alone
  const histories = new Map<string, { name: string | null; records: BenchmarkRecord[] }>();
  for (const { record: r, clusterName } of rows) {
    const key = r.peerKey ?? `ref:${r.ref}`;
    const h = histories.get(key) ?? { name: clusterName, records: [] as BenchmarkRecord[] };
    h.records.push(r);
    histories.set(key, h);
  }
  const clusters = [...histories.entries()].map(([key, h]) => ({
    key,
    name: h.name,
    clusterId: h.records[h.records.length - 1].clusterId,
    latest: h.records[h.records.length - 1],
    records: h.records,
  }));

  const labels: Record<LabelName | 'expired' | 'none', number> = { gold: 0, silver: 0, bronze: 0, expired: 0, none: 0 };
  for (const c of clusters) {
    if (validOn(c.latest, q.asOf)) labels[c.latest.label!]++;
    else labels[c.latest.label ? 'expired' : 'none']++;
  }

  const areas = areaCodes();
  const bySector = new Map<string, BenchmarkRecord[]>();
  for (const c of clusters) {
    const list = bySector.get(c.latest.sector) ?? [];
    list.push(c.latest);
    bySector.set(c.latest.sector, list);
  }
  const areaMeans = (records: BenchmarkRecord[]) =>
    Object.fromEntries(areas.map((a) => [a, mean(records.map((r) => r.areaPercents[a]).filter((x) => x != null))]));
  const pool = await currentPool(knex);
  const keys = metricKeysInOrder();
  const europeArea = Object.fromEntries(
    areas.map((a) => {
      const col = keys.indexOf(`area:${a}`);
      return [a, mean(pool.entries.map((e) => e.metrics[col]).filter((x) => !Number.isNaN(x)))];
    }),
  );
  const countryArea = areaMeans(clusters.map((c) => c.latest));
  const heatMap = {
    areas,
    rows: [...bySector.entries()]
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .map(([sector, rs]) => ({ sector, clusters: rs.length, percents: areaMeans(rs) })),
    country: countryArea,
    europe: europeArea,
  };
  const weakestAreas = areas
    .map((a) => ({
      area: a,
      country: countryArea[a],
      europe: europeArea[a],
      difference: countryArea[a] != null && europeArea[a] != null ? round1(countryArea[a]! - europeArea[a]!) : null,
    }))
    .sort((x, y) => (x.difference ?? 0) - (y.difference ?? 0));

  // commonest weaknesses: indicators most often below their Gold threshold
  const share = (pts: number[], threshold: number) =>
    pts.length ? round1((100 * pts.filter((p) => p < threshold).length) / pts.length) : null;
  const weaknesses = qualityIndicators()
    .map((i) => {
      const threshold = i.scoring!.goldThreshold;
      const col = keys.indexOf(i.id);
      return {
        indicator: i.id,
        area: i.area,
        name: i.name.en,
        threshold,
        belowThresholdPercent: share(
          clusters.map((c) => c.latest.indicatorPoints[i.id] ?? 0),
          threshold,
        ),
        meanPoints: mean(clusters.map((c) => c.latest.indicatorPoints[i.id] ?? 0)),
        maxPoints: i.scoring!.maxPoints,
        europeMeanValue: mean(pool.entries.map((e) => e.metrics[col]).filter((x) => !Number.isNaN(x))),
        countryMeanValue: mean(clusters.map((c) => c.latest.indicatorValues[i.id]).filter((x): x is number => x != null)),
      };
    })
    .sort((a, b) => (b.belowThresholdPercent ?? 0) - (a.belowThresholdPercent ?? 0) || a.indicator.localeCompare(b.indicator))
    .slice(0, 5);

  const windowEnd = shiftMonths(q.asOf, q.renewalMonths);
  const renewableFrom = shiftMonths(q.asOf, -12); // DOMAIN.md: renewable up to a year after expiry
  const expiring = clusters
    .filter(
      (c) =>
        c.latest.label && c.latest.labelValidUntil && c.latest.labelValidUntil <= windowEnd && c.latest.labelValidUntil >= renewableFrom,
    )
    .map((c) => ({
      cluster: c.key,
      clusterId: c.clusterId,
      name: c.name,
      sector: c.latest.sector,
      label: c.latest.label,
      validUntil: c.latest.labelValidUntil!,
      daysLeft: daysBetween(q.asOf, c.latest.labelValidUntil!),
      status: c.latest.labelValidUntil! >= q.asOf ? 'expiring' : 'expired_renewable',
    }))
    .sort((a, b) => a.validUntil.localeCompare(b.validUntil));

  const snapshot = (r: BenchmarkRecord) => ({
    assessedOn: r.assessedOn,
    label: r.label,
    totalPoints: r.totalPoints,
    areaPercents: r.areaPercents,
  });
  const progress = clusters
    .filter((c) => c.records.length >= 2)
    .map((c) => {
      const from = c.records[c.records.length - 2];
      const to = c.latest;
      return {
        cluster: c.key,
        clusterId: c.clusterId,
        name: c.name,
        sector: to.sector,
        from: snapshot(from),
        to: snapshot(to),
        change: {
          totalPoints: to.totalPoints - from.totalPoints,
          areas: Object.fromEntries(areas.map((a) => [a, round1((to.areaPercents[a] ?? 0) - (from.areaPercents[a] ?? 0))])),
        },
      };
    })
    .sort((a, b) => b.change.totalPoints - a.change.totalPoints || a.cluster.localeCompare(b.cluster));

  return {
    country: q.country,
    sector: q.sector ?? null,
    asOf: q.asOf,
    renewalMonths: q.renewalMonths,
    clusters: clusters.length,
    labels,
    heatMap,
    weakestAreas,
    weaknesses,
    expiring,
    progress,
  };
}
