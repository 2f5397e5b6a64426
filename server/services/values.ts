/**
 * Indicator values: the assessors' own values, the cluster manager's self-assessment (kept apart),
 * the agreed values of a Gold reconciliation, and the trainees' blind shadow values.
 */
import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { LoadedFramework } from '../../questionnaires';
import { indexFramework } from '../../scoring/framework-index';
import { validateValues } from '../../scoring/validate-values';
import { parseDate } from '../../scoring/dates';
import type { EvidenceProblem } from '../../scoring/errors';
import { notFound, valueDoesNotFit } from '../errors';
import { sqlOf } from '../db/sql';

export const ValueBody = Type.Object(
  { value: Type.Unknown(), note: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false, required: ['value'] },
);
export const AgreedBody = Type.Object({ value: Type.Unknown() }, { additionalProperties: false, required: ['value'] });

export type ValueKind = 'assessor' | 'self' | 'agreed';

/** 400 unless the value fits the indicator's type (survey-based indicators cannot be recorded). */
export function checkIndicatorValue(fw: LoadedFramework, indicatorId: string, value: unknown, interviewDate: string | null): void {
  const index = indexFramework(fw.definition);
  if (!index.byId.has(indicatorId)) throw notFound(`Indicator ${indicatorId}`);
  const date = parseDate(interviewDate ?? new Date().toISOString().slice(0, 10));
  const problems: EvidenceProblem[] = [];
  validateValues(index, { [indicatorId]: value }, date!, problems);
  if (problems.length) {
    throw valueDoesNotFit(indicatorId, problems);
  }
}

export interface StoredValue {
  indicatorId: string;
  kind: ValueKind;
  authorId: number;
  value: unknown;
  note: string | null;
  recordedAt: string;
}

const fromRow = (r: Record<string, any>): StoredValue => ({
  indicatorId: r.indicator_id,
  kind: r.kind,
  authorId: Number(r.author_id),
  value: JSON.parse(r.value),
  note: r.note ?? null,
  recordedAt: r.recorded_at,
});

export async function upsertValue(
  trx: Knex.Transaction,
  row: { assessmentId: number; indicatorId: string; kind: ValueKind; authorId: number; value: unknown; note?: string | null },
  now = new Date(),
): Promise<{ before: StoredValue | null; after: StoredValue }> {
  const key = { assessment_id: row.assessmentId, indicator_id: row.indicatorId, kind: row.kind, author_id: row.authorId };
  const data = { value: JSON.stringify(row.value), note: row.note ?? null, recorded_at: now.toISOString() };
  // plain SQL (sql.ts): the interview's autosave runs this for every value typed
  const sql = sqlOf(trx);
  const keyParams = [key.assessment_id, key.indicator_id, key.kind, key.author_id];
  const existing = await sql.get('select * from indicator_values where assessment_id = ? and indicator_id = ? and kind = ? and author_id = ?', keyParams);
  // an atomic upsert: two concurrent first writes of the same key cannot both insert
  await sql.run(
    'insert into indicator_values (assessment_id, indicator_id, kind, author_id, value, note, recorded_at) values (?, ?, ?, ?, ?, ?, ?)' +
      ' on conflict (assessment_id, indicator_id, kind, author_id) do update set value = excluded.value, note = excluded.note, recorded_at = excluded.recorded_at',
    [...keyParams, data.value, data.note, data.recorded_at],
  );
  return { before: existing ? fromRow(existing) : null, after: fromRow({ ...key, ...data }) };
}

export async function valuesOf(knex: Knex, assessmentId: number, kinds?: ValueKind[]): Promise<StoredValue[]> {
  // plain SQL (sql.ts): every score read and every page of the interview reads the values
  const kindFilter = kinds ? ` and kind in (${kinds.map(() => '?').join(', ')})` : '';
  const rows = await sqlOf(knex).all(`select * from indicator_values where assessment_id = ?${kindFilter} order by indicator_id, kind, author_id`, [assessmentId, ...(kinds ?? [])]);
  return rows.map(fromRow);
}

export async function upsertShadow(
  trx: Knex.Transaction,
  row: { assessmentId: number; indicatorId: string; traineeId: number; value: unknown; note?: string | null },
  now = new Date(),
) {
  const key = { assessment_id: row.assessmentId, indicator_id: row.indicatorId, trainee_id: row.traineeId };
  const existing = await trx('shadow_values').where(key).first();
  const data = { value: JSON.stringify(row.value), note: row.note ?? null, recorded_at: now.toISOString() };
  await trx('shadow_values').insert({ ...key, ...data }).onConflict(['assessment_id', 'indicator_id', 'trainee_id']).merge(['value', 'note', 'recorded_at']);
  return { before: existing ? JSON.parse(existing.value) : null, after: row.value };
}

export async function shadowsOf(knex: Knex, assessmentId: number, traineeId?: number) {
  const q = knex('shadow_values').where({ assessment_id: assessmentId }).orderBy(['trainee_id', 'indicator_id']);
  if (traineeId !== undefined) q.andWhere({ trainee_id: traineeId });
  return (await q).map((r: Record<string, any>) => ({
    indicatorId: r.indicator_id as string, traineeId: Number(r.trainee_id), value: JSON.parse(r.value) as unknown, note: (r.note ?? null) as string | null, recordedAt: r.recorded_at as string,
  }));
}
