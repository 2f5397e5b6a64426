/**
 * Across cycles: the baseline of an assessment that starts from the cluster's last decided one
 * (`previousAssessmentId`). Per indicator, last cycle's FINAL value (the previous decision's frozen
 * evidence) and the lead's note there. It shows beside the input, never as evidence: an assessor keeps
 * it for one indicator explicitly (keepBaseline), and it is then recorded through the same rules as any
 * value (services/recording.ts: checked, versioned, audited as 'value.kept_from_baseline').
 *
 * Who reads it: the admin, the lead and the co-assessor; the cluster manager only once the previous
 * assessment is released (it is then the cluster's own published result); never a trainee, who scores
 * blind (403).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import { may, relationsOf, type Relation } from '../auth/policy';
import type { Db, Tx } from '../db/types';
import { forbidden, notFound } from '../errors';
import { findAssessment } from '../repositories/assessments';
import { frozenDecision } from '../repositories/decisions';
import { valuesOf } from '../repositories/values';
import { loadAssessmentFor, OPEN_STATES, type Assessment } from './assessments';
import { recordValue } from './recording';

export interface BaselineValue {
  indicatorId: string;
  /** the final value of the last cycle */
  value: unknown;
  /** the previous lead's note on it, or null */
  note: string | null;
}

export interface Baseline {
  previousAssessmentId: number | null;
  /** when the previous assessment was decided (its evidence frozen), or null */
  decidedAt: string | null;
  values: BaselineValue[];
}

/** The keep's body: optionally the assessor's own note with it. */
export const KeepBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });
export type KeepBody = Static<typeof KeepBody>;

const NONE: Baseline = { previousAssessmentId: null, decidedAt: null, values: [] };

/** The baseline of `a` as stored (no permission check: the callers check). */
async function baselineOfAssessment(db: Db, a: Assessment): Promise<Baseline & { previousReleased: boolean }> {
  if (a.previousAssessmentId === null) return { ...NONE, previousReleased: false };
  const prev = await findAssessment(db, a.previousAssessmentId);
  const frozen = prev ? await frozenDecision(db, prev.id) : null;
  if (!prev || !frozen) return { ...NONE, previousAssessmentId: a.previousAssessmentId, previousReleased: false };
  const notes = new Map(
    (await valuesOf(db, prev.id, ['assessor'])).filter((v) => v.authorId === prev.leadId).map((v) => [v.indicatorId, v.note ?? null]),
  );
  const finals = (frozen.evidence?.values ?? {}) as Record<string, unknown>;
  return {
    previousAssessmentId: prev.id,
    decidedAt: frozen.decidedAt,
    previousReleased: prev.state === 'released',
    values: Object.entries(finals)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([indicatorId, value]) => ({ indicatorId, value, note: notes.get(indicatorId) ?? null })),
  };
}

/** Whether these relations may see the baseline: the team's assessors and the admin; the manager once the previous result is released. */
function mayRead(rel: Set<Relation>, previousReleased: boolean): boolean {
  return rel.has('admin') || rel.has('lead') || rel.has('co') || (rel.has('manager') && previousReleased);
}

/** GET /api/assessments/:id/baseline: 403 for a trainee, and for the manager before the previous assessment is released. */
export async function readBaseline(db: Db, actor: Actor, assessmentId: number | null): Promise<Baseline> {
  const { a, rel } = await loadAssessmentFor(db, actor, assessmentId, 'readBaseline');
  const b = await baselineOfAssessment(db, a);
  // without a previous assessment there is nothing to show anyone allowed to read it
  if (a.previousAssessmentId !== null && !mayRead(rel, b.previousReleased)) throw forbidden({ key: 'errors.baselineNotReleased' });
  const { previousReleased: _r, ...out } = b;
  return out;
}

/**
 * The runner's baseline box for one indicator: last cycle's value and note, and whether the actor may
 * keep it (the lead or co-assessor of an open assessment). Null when there is none or the actor may not
 * see it (a trainee never; a manager before the previous assessment is released).
 */
export async function runnerBaseline(
  db: Db,
  actor: Actor,
  a: Assessment,
  indicatorId: string,
): Promise<{ previousAssessmentId: number; value: unknown; note: string | null; mayKeep: boolean } | null> {
  if (a.previousAssessmentId === null) return null;
  const rel = relationsOf(actor, a);
  const b = await baselineOfAssessment(db, a);
  if (!mayRead(rel, b.previousReleased)) return null;
  const v = b.values.find((x) => x.indicatorId === indicatorId);
  if (!v) return null;
  return {
    previousAssessmentId: b.previousAssessmentId!,
    value: v.value,
    note: v.note,
    mayKeep: may(actor, a, 'keepBaseline') && OPEN_STATES.includes(a.state),
  };
}

/**
 * POST /api/assessments/:id/values/:indicatorId/keep-baseline (and the runner's button): the lead or
 * the co-assessor keeps last cycle's final value as its own value for this indicator. The note is the
 * one given, else the assessor's note already stored there (the previous lead's note is not copied).
 * 404 when last cycle has no value for it.
 */
export async function keepBaseline(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  indicatorId: string,
  ifMatch: number | null,
  note?: string,
) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'keepBaseline');
  const base = (await baselineOfAssessment(trx, a)).values.find((v) => v.indicatorId === indicatorId);
  if (!base) throw notFound({ key: 'errors.things.baselineValue', values: { id: indicatorId } });
  const stored = (await valuesOf(trx, a.id, ['assessor'])).find((v) => v.indicatorId === indicatorId && v.authorId === actor.id);
  const kept = note !== undefined && note.trim() !== '' ? note : (stored?.note ?? null);
  const out = await recordValue(trx, actor, a.id, indicatorId, { value: base.value, note: kept }, ifMatch, {
    auditAction: 'value.kept_from_baseline',
    auditNote: { keptFrom: a.previousAssessmentId },
  });
  return { ...out, value: base.value, keptFrom: a.previousAssessmentId };
}
