/**
 * How records enter the benchmark pool: a decided assessment (called by the decision code inside its
 * transaction) and the synthetic peer database (called by the demo seed).
 *
 * A decided assessment's record is always kept, with its label and expiry, so the programme
 * portfolio sees it; it counts among the peers of other clusters only while its cluster consents
 * (clusters.benchmark_consent, read at query time, so withdrawing consent takes effect at once).
 */
import type { Knex } from 'knex';
import { generatePeers } from '../../fixtures/peers/generator';
import type { Score } from '../../scoring/types';
import { appendAudit } from './audit';
import { FRAMEWORK_KEY, qualityIndicators, type BenchmarkRecord, type LabelName } from './benchmarkScores';
import { insertRecords } from './benchmarkStore';
import { inTransaction } from '../db/transaction';

/** The clusters row as the database gives it. */
export interface PoolClusterRow {
  id: number;
  country: string;
  sector: string;
  founded_year: number;
  benchmark_consent: boolean | number;
}

export interface DecidedAssessment {
  /** the frozen score of the decision */
  score: Score;
  cluster: PoolClusterRow;
  assessmentId: number;
  /** the awarded label, null when none was awarded */
  label: LabelName | null;
  /** "YYYY-MM-DD", null when no label */
  validUntil: string | null;
  /** the interview date ("YYYY-MM-DD"); defaults to the label's issue date, else the score's asOf */
  assessedOn?: string;
  actorId?: number | null;
}

export const assessmentRef = (assessmentId: number) => `assessment:${assessmentId}`;
export const clusterPeerKey = (clusterId: number) => `cluster:${clusterId}`;

/** The benchmark record of a decided assessment (values only where the indicator was scored). */
export function recordFromScore(input: DecidedAssessment): BenchmarkRecord {
  const { score, cluster } = input;
  const byId = new Map(score.indicators.map((i) => [i.id, i]));
  const indicatorValues: Record<string, number | null> = {};
  const indicatorPoints: Record<string, number> = {};
  for (const indicator of qualityIndicators()) {
    const s = byId.get(indicator.id);
    indicatorValues[indicator.id] = s && s.status === 'scored' && typeof s.value === 'number' ? s.value : null;
    indicatorPoints[indicator.id] = s?.points ?? 0;
  }
  const areaPercents: Record<string, number> = {};
  for (const a of score.areas) areaPercents[a.code] = a.percent;
  const assessedOn = input.assessedOn ?? score.label.issued ?? score.asOf;
  if (!assessedOn || !/^\d{4}-\d{2}-\d{2}$/.test(assessedOn)) throw new Error(`assessment ${input.assessmentId}: no assessment date for the benchmark record`);
  return {
    ref: assessmentRef(input.assessmentId),
    peerKey: clusterPeerKey(Number(cluster.id)),
    source: 'assessment',
    country: cluster.country,
    sector: cluster.sector,
    foundedYear: Number(cluster.founded_year),
    assessedOn,
    frameworkKey: score.framework?.id ?? FRAMEWORK_KEY,
    label: input.label,
    labelValidUntil: input.label ? input.validUntil : null,
    totalPoints: Math.round(score.total.points),
    indicatorValues,
    indicatorPoints,
    areaPercents,
    assessmentId: input.assessmentId,
    clusterId: Number(cluster.id),
  };
}

/**
 * Keeps the decided assessment's benchmark record (idempotent: a second call for the same assessment
 * changes nothing). Use inside the decision's transaction. Returns the record's ref and whether it
 * joins the peer pool now (the cluster consented).
 */
export async function addDecidedAssessmentToPool(trx: Knex.Transaction, input: DecidedAssessment): Promise<{ ref: string; inPool: boolean; created: boolean }> {
  const record = recordFromScore(input);
  const inPool = Boolean(input.cluster.benchmark_consent);
  const existing = await trx('benchmark_records').where({ ref: record.ref }).first('id');
  if (existing) return { ref: record.ref, inPool, created: false };
  await insertRecords(trx, [record]);
  await appendAudit(trx, {
    actorId: input.actorId ?? null, action: 'benchmark.record', entity: 'benchmark_record', entityId: record.ref,
    after: { assessmentId: input.assessmentId, label: record.label, labelValidUntil: record.labelValidUntil, totalPoints: record.totalPoints, inPool },
  });
  return { ref: record.ref, inPool, created: true };
}

export interface SeedOptions {
  /** cluster organisations to generate (records ≈ 1.35 × count) */
  count: number;
  seed: number;
  /** "YYYY-MM-DD", the end of the generated assessment period; defaults to today (UTC) */
  asOf?: string;
}

/**
 * Loads the synthetic peer database. Does nothing (returns 0) when records of this seed exist
 * already, so a restart with DEMO=1 does not double the pool.
 */
export async function seedPeers(knex: Knex, options: SeedOptions): Promise<number> {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const records = generatePeers({ count: options.count, seed: options.seed, asOf });
  if (records.length === 0) return 0;
  return inTransaction(knex, async (trx) => {
    const seeded = await trx('benchmark_records').where({ peer_key: records[0].peerKey }).first('id');
    if (seeded) return 0;
    await insertRecords(trx, records);
    await appendAudit(trx, { actorId: null, action: 'benchmark.seed', entity: 'benchmark_records', entityId: null, after: { seed: options.seed, clusters: options.count, records: records.length, asOf } });
    return records.length;
  });
}
