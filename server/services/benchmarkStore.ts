/**
 * Reading and writing benchmark records: the one place that converts between the row (snake case,
 * JSON as text) and BenchmarkRecord. Callers pass knex or a transaction.
 */
import type { Knex } from 'knex';
import type { BenchmarkRecord, LabelName, RecordSource } from './benchmarkScores';

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

export async function insertRecords(db: Knex | Knex.Transaction, records: BenchmarkRecord[], now = new Date().toISOString()): Promise<number> {
  for (let i = 0; i < records.length; i += CHUNK) {
    await db('benchmark_records').insert(records.slice(i, i + CHUNK).map((r) => toRow(r, now)));
  }
  return records.length;
}

/** Which of these refs are taken already. */
export async function existingRefs(db: Knex | Knex.Transaction, refs: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows: { ref: string }[] = await db('benchmark_records').whereIn('ref', refs.slice(i, i + 500)).select('ref');
    for (const row of rows) found.add(row.ref);
  }
  return found;
}
