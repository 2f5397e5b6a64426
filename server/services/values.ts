/**
 * Indicator values: the assessors' own values, the cluster manager's self-assessment (kept apart),
 * the agreed values of a Gold reconciliation, and the trainees' blind shadow values.
 */
import { Type } from '@sinclair/typebox';
import type { LoadedFramework } from '../../questionnaires';
import { indexFramework } from '../../scoring/framework-index';
import { validateValues } from '../../scoring/validate-values';
import { parseDate } from '../../scoring/dates';
import type { EvidenceProblem } from '../../scoring/errors';
import { notFound, valueDoesNotFit } from '../errors';
import type { Actor } from '../auth/actor';
import { authorize, may } from '../auth/policy';
import type { Db } from '../db/types';
import { shadowsOf, upsertShadow, upsertValue, valuesOf, type ShadowValue, type StoredValue } from '../repositories/values';
import { loadAssessmentFor, type Assessment } from './assessments';

export const ValueBody = Type.Object(
  { value: Type.Unknown(), note: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false, required: ['value'] },
);

export type { ValueKind } from '../repositories/values';

/** 400 unless the value fits the indicator's type (survey-based indicators cannot be recorded). */
export function checkIndicatorValue(fw: LoadedFramework, indicatorId: string, value: unknown, interviewDate: string | null): void {
  const index = indexFramework(fw.definition);
  if (!index.byId.has(indicatorId)) throw notFound({ key: 'errors.things.indicator', values: { id: indicatorId } });
  const date = parseDate(interviewDate ?? new Date().toISOString().slice(0, 10));
  const problems: EvidenceProblem[] = [];
  validateValues(index, { [indicatorId]: value }, date!, problems);
  if (problems.length) {
    throw valueDoesNotFit(indicatorId, problems);
  }
}

export type { StoredValue, ShadowValue };
export { upsertValue, valuesOf, upsertShadow, shadowsOf };

/**
 * The values the actor may read (GET /api/assessments/:id/values): all of them for the admin and the
 * assessors, its own self-assessment for the cluster manager, none for a trainee (403: blind until
 * the decision).
 */
export async function readValues(db: Db, actor: Actor, assessmentId: number | null): Promise<{ version: number; values: StoredValue[] }> {
  const { a, rel } = await loadAssessmentFor(db, actor, assessmentId, 'read');
  if (rel.has('admin') || rel.has('lead') || rel.has('co')) return { version: a.version, values: await valuesOf(db, a.id) };
  // a manager sees its own self-assessment, never the assessors' values
  if (rel.has('manager')) return { version: a.version, values: await valuesOf(db, a.id, ['self']) };
  authorize(actor, a, 'readValues'); // a trainee: 403
  return { version: a.version, values: [] };
}

/**
 * The cluster manager's self-assessment beside the assessors' work: its value and note per indicator
 * (the latest, should two managers have recorded one), for those who may read values (`readValues`:
 * the admin, the lead and the co-assessor); null for everyone else (a trainee scores blind).
 */
export async function selfAssessmentsFor(db: Db, actor: Actor, a: Assessment): Promise<Map<string, StoredValue> | null> {
  if (!may(actor, a, 'readValues')) return null;
  const latest = new Map<string, StoredValue>();
  for (const v of await valuesOf(db, a.id, ['self'])) {
    const seen = latest.get(v.indicatorId);
    if (!seen || v.recordedAt > seen.recordedAt) latest.set(v.indicatorId, v);
  }
  return latest;
}

/** The trainee's own shadow values (GET /api/assessments/:id/shadow). */
export async function readOwnShadows(db: Db, actor: Actor, assessmentId: number | null): Promise<ShadowValue[]> {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readOwnShadow');
  return shadowsOf(db, a.id, actor.id);
}
