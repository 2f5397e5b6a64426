/**
 * The benchmark database's store (its repository): the only code of the feature that queries the
 * database, and the one place that converts between the row (snake case, JSON as text) and
 * BenchmarkRecord. Callers pass knex or a transaction.
 */
import type { Db, Tx } from '../../db/types';
import type { BenchmarkRecord, LabelName, RecordSource } from './types';

export function toRow(r: BenchmarkRecord, now: string): Record<string, unknown> {
  return {
    ref: r.ref,
    peer_key: r.peerKey,
    source: r.source,
    country: r.country,
    sector: r.sector,
    founded_year: r.foundedYear,
    assessed_on: r.assessedOn,
    framework_key: r.frameworkKey,
    label: r.label,
    label_valid_until: r.labelValidUntil,
    total_points: r.totalPoints,
    indicator_points: JSON.stringify(r.indicatorPoints),
    indicator_values: JSON.stringify(r.indicatorValues),
    area_percents: JSON.stringify(r.areaPercents),
    assessment_id: r.assessmentId,
    cluster_id: r.clusterId,
    created_at: now,
  };
}

export function fromRow(row: Record<string, any>): BenchmarkRecord {
  return {
    ref: row.ref,
    peerKey: row.peer_key ?? null,
    source: row.source as RecordSource,
    country: row.country,
    sector: row.sector,
    foundedYear: Number(row.founded_year),
    assessedOn: row.assessed_on,
    frameworkKey: row.framework_key,
    label: (row.label ?? null) as LabelName | null,
    labelValidUntil: row.label_valid_until ?? null,
    totalPoints: Number(row.total_points),
    indicatorValues: JSON.parse(row.indicator_values),
    indicatorPoints: JSON.parse(row.indicator_points),
    areaPercents: JSON.parse(row.area_percents),
    assessmentId: row.assessment_id == null ? null : Number(row.assessment_id),
    clusterId: row.cluster_id == null ? null : Number(row.cluster_id),
  };
}

/** 17 columns × 400 rows stays under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 400;

export async function insertRecords(db: Db | Tx, records: BenchmarkRecord[], now = new Date().toISOString()): Promise<number> {
  for (let i = 0; i < records.length; i += CHUNK) {
    await db('benchmark_records').insert(records.slice(i, i + CHUNK).map((r) => toRow(r, now)));
  }
  return records.length;
}

/** Which of these refs are taken already. */
export async function existingRefs(db: Db | Tx, refs: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows: { ref: string }[] = await db('benchmark_records')
      .whereIn('ref', refs.slice(i, i + 500))
      .select('ref');
    for (const row of rows) found.add(row.ref);
  }
  return found;
}

/** Whether a record with this ref exists. */
export async function hasRef(db: Db | Tx, ref: string): Promise<boolean> {
  return Boolean(await db('benchmark_records').where({ ref }).first('id'));
}

/** Whether any record has this cluster key (a synthetic seed is known by its first record's key). */
export async function hasPeerKey(db: Db | Tx, peerKey: string | null): Promise<boolean> {
  return Boolean(await db('benchmark_records').where({ peer_key: peerKey }).first('id'));
}

/** What changes when the pool changes: record count, highest id, consenting clusters. */
export async function poolVersion(db: Db): Promise<string> {
  const r = (await db('benchmark_records').count({ n: '*' }).max({ m: 'id' }).first()) as { n: unknown; m: unknown };
  const c = (await db('clusters').where('benchmark_consent', true).count({ n: '*' }).sum({ s: 'id' }).first()) as {
    n: unknown;
    s: unknown;
  };
  return `${r.n}:${r.m ?? 0}:${c.n}:${c.s ?? 0}`;
}

/** What the peer pool reads of a record. */
export interface PoolRecord {
  /** the peer key, or `ref:<ref>` for a record without one */
  peerKey: string;
  country: string;
  sector: string;
  foundedYear: number;
  assessedOn: string;
  label: string | null;
  labelValidUntil: string | null;
  totalPoints: number;
  indicatorValues: Record<string, number | null>;
  areaPercents: Record<string, number>;
}

/**
 * The records that may be compared with (external records, and those of consenting clusters), the
 * latest per cluster; JSON columns are parsed only for the records kept.
 */
export async function latestPoolRecords(db: Db): Promise<PoolRecord[]> {
  const rows: Record<string, any>[] = await db('benchmark_records as b')
    .leftJoin('clusters as c', 'c.id', 'b.cluster_id')
    .whereNull('b.cluster_id')
    .orWhere('c.benchmark_consent', true)
    .select(
      'b.ref',
      'b.peer_key',
      'b.country',
      'b.sector',
      'b.founded_year',
      'b.assessed_on',
      'b.label',
      'b.label_valid_until',
      'b.total_points',
      'b.indicator_values',
      'b.area_percents',
      'b.id',
    )
    .orderBy([
      { column: 'b.assessed_on', order: 'asc' },
      { column: 'b.id', order: 'asc' },
    ]);
  const latest = new Map<string, Record<string, any>>();
  for (const row of rows) latest.set(row.peer_key ?? `ref:${row.ref}`, row); // ascending: the last one wins
  return [...latest.entries()].map(([peerKey, row]) => ({
    peerKey,
    country: row.country,
    sector: row.sector,
    foundedYear: Number(row.founded_year),
    assessedOn: row.assessed_on,
    label: row.label ?? null,
    labelValidUntil: row.label_valid_until ?? null,
    totalPoints: Number(row.total_points),
    indicatorValues: JSON.parse(row.indicator_values),
    areaPercents: JSON.parse(row.area_percents),
  }));
}

/** Every record of a country (optionally one sector), oldest first, with its cluster's name. */
export async function recordsOfCountry(
  db: Db,
  country: string,
  sector?: string,
): Promise<{ record: BenchmarkRecord; clusterName: string | null }[]> {
  const query = db('benchmark_records as b').leftJoin('clusters as c', 'c.id', 'b.cluster_id').where('b.country', country);
  if (sector) query.where('b.sector', sector);
  const rows: Record<string, any>[] = await query
    .select('b.*', 'c.name as cluster_name')
    .orderBy([{ column: 'b.assessed_on' }, { column: 'b.id' }]);
  return rows.map((row) => ({ record: fromRow(row), clusterName: (row.cluster_name as string | null) ?? null }));
}

/** Every record (optionally of one country and sector), in insertion order. */
export async function allRecords(db: Db, filter: { country?: string; sector?: string }): Promise<BenchmarkRecord[]> {
  const q = db('benchmark_records').orderBy('id');
  if (filter.country) q.where('country', filter.country);
  if (filter.sector) q.where('sector', filter.sector);
  const rows: Record<string, unknown>[] = await q.select('*');
  return rows.map(fromRow);
}
