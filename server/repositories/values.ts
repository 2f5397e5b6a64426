/**
 * Indicator values (the assessors', the manager's self-assessment, the agreed ones) and the trainees'
 * shadow values. Values are JSON in the database and parsed here.
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';

export type ValueKind = 'assessor' | 'self' | 'agreed';

export interface StoredValue {
  indicatorId: string;
  kind: ValueKind;
  authorId: number;
  value: unknown;
  note: string | null;
  recordedAt: string;
}

export interface ShadowValue {
  indicatorId: string;
  traineeId: number;
  value: unknown;
  note: string | null;
  recordedAt: string;
}

export const valueFromRow = (r: Record<string, any>): StoredValue => ({
  indicatorId: r.indicator_id,
  kind: r.kind,
  authorId: Number(r.author_id),
  value: JSON.parse(r.value),
  note: r.note ?? null,
  recordedAt: r.recorded_at,
});

const shadowFromRow = (r: Record<string, any>): ShadowValue => ({
  indicatorId: r.indicator_id as string,
  traineeId: Number(r.trainee_id),
  value: JSON.parse(r.value) as unknown,
  note: (r.note ?? null) as string | null,
  recordedAt: r.recorded_at as string,
});

export async function upsertValue(
  trx: Tx,
  row: { assessmentId: number; indicatorId: string; kind: ValueKind; authorId: number; value: unknown; note?: string | null },
  now = new Date(),
): Promise<{ before: StoredValue | null; after: StoredValue }> {
  const key = { assessment_id: row.assessmentId, indicator_id: row.indicatorId, kind: row.kind, author_id: row.authorId };
  const data = { value: JSON.stringify(row.value), note: row.note ?? null, recorded_at: now.toISOString() };
  // plain SQL (sql.ts): the interview's autosave runs this for every value typed
  const sql = sqlOf(trx);
  const keyParams = [key.assessment_id, key.indicator_id, key.kind, key.author_id];
  const existing = await sql.get(
    'select * from indicator_values where assessment_id = ? and indicator_id = ? and kind = ? and author_id = ?',
    keyParams,
  );
  // an atomic upsert: two concurrent first writes of the same key cannot both insert
  await sql.run(
    'insert into indicator_values (assessment_id, indicator_id, kind, author_id, value, note, recorded_at) values (?, ?, ?, ?, ?, ?, ?)' +
      ' on conflict (assessment_id, indicator_id, kind, author_id) do update set value = excluded.value, note = excluded.note, recorded_at = excluded.recorded_at',
    [...keyParams, data.value, data.note, data.recorded_at],
  );
  return { before: existing ? valueFromRow(existing) : null, after: valueFromRow({ ...key, ...data }) };
}

export async function valuesOf(db: Db, assessmentId: number, kinds?: ValueKind[]): Promise<StoredValue[]> {
  // plain SQL (sql.ts): every score read and every page of the interview reads the values
  const kindFilter = kinds ? ` and kind in (${kinds.map(() => '?').join(', ')})` : '';
  const rows = await sqlOf(db).all(
    `select * from indicator_values where assessment_id = ?${kindFilter} order by indicator_id, kind, author_id`,
    [assessmentId, ...(kinds ?? [])],
  );
  return rows.map(valueFromRow);
}

export async function upsertShadow(
  trx: Tx,
  row: { assessmentId: number; indicatorId: string; traineeId: number; value: unknown; note?: string | null },
  now = new Date(),
) {
  const key = { assessment_id: row.assessmentId, indicator_id: row.indicatorId, trainee_id: row.traineeId };
  const existing = await trx('shadow_values').where(key).first();
  const data = { value: JSON.stringify(row.value), note: row.note ?? null, recorded_at: now.toISOString() };
  await trx('shadow_values')
    .insert({ ...key, ...data })
    .onConflict(['assessment_id', 'indicator_id', 'trainee_id'])
    .merge(['value', 'note', 'recorded_at']);
  return { before: existing ? (JSON.parse(existing.value) as unknown) : null, after: row.value };
}

export async function shadowsOf(db: Db, assessmentId: number, traineeId?: number): Promise<ShadowValue[]> {
  const q = db('shadow_values').where({ assessment_id: assessmentId }).orderBy(['trainee_id', 'indicator_id']);
  if (traineeId !== undefined) q.andWhere({ trainee_id: traineeId });
  return (await q).map(shadowFromRow);
}

/** Indicator ids the user has recorded (own assessor/self values, or shadow values for a trainee). */
export async function recordedIndicators(db: Db, assessmentId: number, userId: number, shadow: boolean): Promise<string[]> {
  const ids = shadow
    ? await db('shadow_values').where({ assessment_id: assessmentId, trainee_id: userId }).pluck('indicator_id')
    : await db('indicator_values')
        .where({ assessment_id: assessmentId, author_id: userId })
        .whereIn('kind', ['assessor', 'self'])
        .pluck('indicator_id');
  return ids as string[];
}

/** Removes a value of one kind (an agreed value withdrawn: the lower-value rule applies again). */
export async function deleteValue(trx: Tx, assessmentId: number, indicatorId: string, kind: ValueKind): Promise<StoredValue | null> {
  const rows = await sqlOf(trx).all('delete from indicator_values where assessment_id = ? and indicator_id = ? and kind = ? returning *', [
    assessmentId,
    indicatorId,
    kind,
  ]);
  return rows.length ? valueFromRow(rows[0]) : null;
}
