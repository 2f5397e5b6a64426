/**
 * Peer groups and peer distributions over the benchmark pool, computed in memory.
 *
 * The pool is every benchmark record that may be compared with (external records, and records of
 * registered clusters that consent), one per cluster: its latest assessment. It is loaded once per
 * pool version (record count, highest id, consenting clusters) and kept per database handle; group
 * members, value lists and quartiles are memoised on it, so a report for one cluster is a few
 * thousand comparisons per metric.
 *
 * Peer groups: same sector, same country, same age band, the excellence group (holders of a valid
 * Gold label). A group of fewer than MIN_GROUP clusters is never shown; the next wider group is used
 * and the answer says so. Widening drops one condition at a time in this order: age band; Gold →
 * any valid label → no label condition; sector; country → its European region → none. When even
 * the whole pool is too small, nothing is shown.
 */
import type { Db } from '../../db/types';
import { percentile, quartiles, type Quartiles } from '../../../scoring/peers';
import { regionOf, type EuropeanRegion } from './regions';
import { ageAt, ageBandOf, areaCodes, qualityIndicators, type AgeBand } from './scores';
import { badRequest } from '../../errors';
import { latestPoolRecords, poolVersion, type PoolRecord } from './store';

export const MIN_GROUP = 10;

export interface GroupFilter {
  country?: string;
  region?: EuropeanRegion;
  sector?: string;
  ageBand?: AgeBand;
  /** gold: a Gold label valid on asOf; labelled: any label valid on asOf */
  excellence?: 'gold' | 'labelled';
}

interface Entry {
  peerKey: string;
  country: string;
  region: EuropeanRegion | null;
  sector: string;
  ageBand: AgeBand;
  label: string | null;
  labelValidUntil: string | null;
  /** one column per metric (METRIC_KEYS order); NaN = no value */
  metrics: Float64Array;
}

export interface Pool {
  version: string;
  entries: Entry[];
  memo: Map<string, unknown>;
}

let metricKeys: string[] | undefined;
/** "STR-01" … "ACH-03", then "area:STR" … "area:ACH", then "total". */
export function metricKeysInOrder(): string[] {
  metricKeys ??= [...qualityIndicators().map((i) => i.id), ...areaCodes().map((a) => `area:${a}`), 'total'];
  return metricKeys;
}

/** A pool record → an entry (one column per metric). */
function entryOf(record: PoolRecord): Entry {
  const values = record.indicatorValues;
  const areas = record.areaPercents;
  const keys = metricKeysInOrder();
  const metrics = new Float64Array(keys.length);
  keys.forEach((key, i) => {
    const v = key === 'total' ? record.totalPoints : key.startsWith('area:') ? areas[key.slice(5)] : values[key];
    metrics[i] = v == null ? NaN : v;
  });
  const age = ageAt({ indicatorValues: values, assessedOn: record.assessedOn, foundedYear: record.foundedYear });
  return {
    peerKey: record.peerKey,
    country: record.country,
    region: regionOf(record.country),
    sector: record.sector,
    ageBand: ageBandOf(age),
    label: record.label,
    labelValidUntil: record.labelValidUntil,
    metrics,
  };
}

/** Loads the pool from the database: consenting or external records, the latest per cluster. */
export async function loadPool(knex: Db, version = ''): Promise<Pool> {
  return { version, entries: (await latestPoolRecords(knex)).map(entryOf), memo: new Map() };
}

const cache = new WeakMap<Db, { version: string; pool: Promise<Pool> }>();

/** The pool for this database, reloaded only when its version changed. */
export async function currentPool(knex: Db): Promise<Pool> {
  const version = await poolVersion(knex);
  const hit = cache.get(knex);
  if (hit && hit.version === version) return hit.pool;
  const pool = loadPool(knex, version);
  cache.set(knex, { version, pool });
  pool.catch(() => cache.delete(knex));
  return pool;
}

function memo<T>(pool: Pool, key: string, make: () => T): T {
  if (pool.memo.has(key)) return pool.memo.get(key) as T;
  const value = make();
  pool.memo.set(key, value);
  return value;
}

function groupKey(f: GroupFilter, asOf: string): string {
  return `${f.country ?? ''}|${f.region ?? ''}|${f.sector ?? ''}|${f.ageBand ?? ''}|${f.excellence ?? ''}|${f.excellence ? asOf : ''}`;
}

function members(pool: Pool, f: GroupFilter, asOf: string): Entry[] {
  return memo(pool, `g:${groupKey(f, asOf)}`, () =>
    pool.entries.filter(
      (e) =>
        (f.country === undefined || e.country === f.country) &&
        (f.region === undefined || e.region === f.region) &&
        (f.sector === undefined || e.sector === f.sector) &&
        (f.ageBand === undefined || e.ageBand === f.ageBand) &&
        (f.excellence === undefined ||
          (e.label !== null &&
            (f.excellence === 'labelled' || e.label === 'gold') &&
            e.labelValidUntil !== null &&
            e.labelValidUntil >= asOf)),
    ),
  );
}

/** The next wider group, or null when `f` is the whole pool. */
export function widen(f: GroupFilter): GroupFilter | null {
  const { ageBand: _a, ...noAge } = f;
  if (f.ageBand !== undefined) return noAge;
  if (f.excellence === 'gold') return { ...f, excellence: 'labelled' };
  const { excellence: _e, ...noLabel } = f;
  if (f.excellence === 'labelled') return noLabel;
  const { sector: _s, ...noSector } = f;
  if (f.sector !== undefined) return noSector;
  const { country: _c, region: _r, ...none } = f;
  if (f.country !== undefined) {
    const region = regionOf(f.country);
    return region ? { ...none, region } : none;
  }
  if (f.region !== undefined) return none;
  return null;
}

/** "sector Photonics, country NO" or "all clusters". */
export function describeGroup(f: GroupFilter): string {
  const parts: string[] = [];
  if (f.sector !== undefined) parts.push(`sector ${f.sector}`);
  if (f.country !== undefined) parts.push(`country ${f.country}`);
  if (f.region !== undefined) parts.push(`European region ${f.region}`);
  if (f.ageBand !== undefined) parts.push(`age ${f.ageBand} years`);
  if (f.excellence === 'gold') parts.push('excellence group (valid Gold label)');
  if (f.excellence === 'labelled') parts.push('labelled clusters (any valid label)');
  return parts.length ? parts.join(', ') : 'all clusters';
}

export interface ResolvedGroup {
  requested: GroupFilter;
  used: GroupFilter | null;
  label: string | null;
  /** clusters in the group used */
  clusters: number;
  fellBack: boolean;
  notes: string[];
}

/** The requested group, or the first wider one with at least MIN_GROUP clusters. */
export function resolveGroup(pool: Pool, requested: GroupFilter, asOf: string): ResolvedGroup {
  return memo(pool, `r:${groupKey(requested, asOf)}|${asOf}`, () => {
    const notes: string[] = [];
    let f: GroupFilter | null = requested;
    while (f) {
      const n = members(pool, f, asOf).length;
      if (n >= MIN_GROUP) return { requested, used: f, label: describeGroup(f), clusters: n, fellBack: f !== requested, notes };
      const wider = widen(f);
      notes.push(
        `The group ${describeGroup(f)} has ${n} cluster${n === 1 ? '' : 's'}, fewer than ${MIN_GROUP}, so it is not shown; ${wider ? `the next wider group, ${describeGroup(wider)}, is used instead` : 'there is no wider group'}.`,
      );
      f = wider;
    }
    return { requested, used: null, label: null, clusters: 0, fellBack: true, notes };
  });
}

interface MetricStats {
  values: number[];
  quartiles: Quartiles | null;
}

function metricStats(pool: Pool, f: GroupFilter, asOf: string, key: string): MetricStats {
  return memo(pool, `m:${groupKey(f, asOf)}|${key}`, () => {
    const column = metricKeysInOrder().indexOf(key);
    const values: number[] = [];
    for (const e of members(pool, f, asOf)) {
      const v = e.metrics[column];
      if (!Number.isNaN(v)) values.push(v);
    }
    return { values, quartiles: values.length >= MIN_GROUP ? quartiles(values) : null };
  });
}

export interface MetricDistribution {
  /** values in the group (clusters with no value for this metric are left out) */
  count: number;
  /** false when fewer than MIN_GROUP values: nothing else is shown */
  shown: boolean;
  quartiles: Omit<Quartiles, 'count'> | null;
  value: number | null;
  /** percentile of `value`: 100 × (below + 0.5 × equal) / count, 1 decimal */
  percentile: number | null;
}

export function metricDistribution(pool: Pool, group: ResolvedGroup, key: string, value: number | null, asOf: string): MetricDistribution {
  if (!group.used) return { count: 0, shown: false, quartiles: null, value, percentile: null };
  const stats = metricStats(pool, group.used, asOf, key);
  if (!stats.quartiles) return { count: stats.values.length, shown: false, quartiles: null, value, percentile: null };
  const { count: _n, ...q } = stats.quartiles;
  return {
    count: stats.values.length,
    shown: true,
    quartiles: q,
    value,
    percentile: value == null ? null : percentile(value, stats.values),
  };
}

export interface PeerSubject {
  country: string;
  sector: string;
  /** age in years (MGT-01) */
  age: number;
  /** metric key ("STR-01", "area:STR", "total") → the subject's value */
  values: Record<string, number | null>;
}

export type ReportGroupKind = 'sector' | 'country' | 'ageBand' | 'excellence';

export interface PeerReportGroup extends ResolvedGroup {
  kind: ReportGroupKind;
  metrics: Record<string, MetricDistribution>;
}

/** Every peer group of a report, every indicator, area and the total, with the subject's percentiles. */
export function peerReport(pool: Pool, subject: PeerSubject, asOf: string): PeerReportGroup[] {
  const requested: [ReportGroupKind, GroupFilter][] = [
    ['sector', { sector: subject.sector }],
    ['country', { country: subject.country }],
    ['ageBand', { ageBand: ageBandOf(subject.age) }],
    ['excellence', { excellence: 'gold' }],
  ];
  return requested.map(([kind, filter]) => {
    const group = resolveGroup(pool, filter, asOf);
    const metrics: Record<string, MetricDistribution> = {};
    for (const key of metricKeysInOrder()) metrics[key] = metricDistribution(pool, group, key, subject.values[key] ?? null, asOf);
    return { kind, ...group, metrics };
  });
}

export interface DistributionQuery {
  indicator?: string;
  area?: string;
  country?: string;
  sector?: string;
  ageBand?: AgeBand;
  excellence?: 'gold' | 'labelled';
  /** the value to place among the peers, if any */
  value: number | null;
  /** "YYYY-MM-DD", asked for once the metric is known to exist (a bad metric is the first error) */
  asOf: () => string;
}

/** GET /api/benchmark: one metric's distribution in a peer group (widened when too small), and where `value` falls. */
export async function peerDistribution(knex: Db, q: DistributionQuery) {
  if (q.indicator && q.area) throw badRequest({ key: 'errors.indicatorOrArea' });
  if (q.indicator && !qualityIndicators().some((i) => i.id === q.indicator))
    throw badRequest({ key: 'errors.notQualityIndicator', values: { id: q.indicator } }, [
      { path: '/indicator', message: 'is not a quality indicator' },
    ]);
  if (q.area && !areaCodes().includes(q.area))
    throw badRequest({ key: 'errors.notArea', values: { id: q.area } }, [{ path: '/area', message: 'is not an area' }]);
  const asOf = q.asOf();
  const metric = q.indicator ?? (q.area ? `area:${q.area}` : 'total');
  const filter: GroupFilter = {};
  if (q.country) filter.country = q.country;
  if (q.sector) filter.sector = q.sector;
  if (q.ageBand) filter.ageBand = q.ageBand;
  if (q.excellence) filter.excellence = q.excellence;
  const pool = await currentPool(knex);
  const group = resolveGroup(pool, filter, asOf);
  const distribution = metricDistribution(pool, group, metric, q.value, asOf);
  return {
    metric,
    asOf,
    requested: { filter, label: describeGroup(filter) },
    group: { filter: group.used, label: group.label, clusters: group.clusters, fellBack: group.fellBack, notes: group.notes },
    ...distribution,
  };
}
