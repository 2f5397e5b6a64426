/**
 * Reading the score: the frozen score of a decided assessment or the live score of the evidence so
 * far, what-if re-scoring (nothing stored) and the trainees' calibration. The JSON API
 * (routes/score.ts, routes/whatIf.ts) and the pages (web/pages/score.ts, calibration.ts) call these.
 */
import type { LoadedFramework } from '../../questionnaires';
import { calibrate, EvidenceError, score as scoreEvidence, type Score } from '../../scoring';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/types';
import { badRequest } from '../errors';
import { personById, type Assessment } from '../repositories/assessments';
import { frozenDecision } from '../repositories/decisions';
import { shadowsOf, valuesOf } from '../repositories/values';
import { loadAssessmentFor } from './assessments';
import { assembleEvidence } from './evidence';
import { frameworkByHash } from './frameworks';
import { progressOf } from './reportInput';
import { noteText } from './noteText';

export const today = () => new Date().toISOString().slice(0, 10);

/** The frozen score of a decided assessment, else the live score of the evidence so far. */
export async function currentScore(db: Db, a: Assessment) {
  const frozen = await frozenDecision(db, a.id);
  if (frozen) return { frozen: true, score: frozen.score, evidence: frozen.evidence };
  const fw = await frameworkByHash(db, a.frameworkHash);
  const evidence = await assembleEvidence(db, a, fw, today());
  return { frozen: false, score: scoreEvidence(fw, evidence, { asOf: today() }), evidence };
}

/**
 * The service behind GET /api/assessments/:id/score and the score page: load, authorise, score. The
 * progress since the last benchmarking (null when the assessment did not start from a previous cycle)
 * is part of the score and read under the same right: whoever may read this cycle's score reads how it
 * moved from the cycle it started from (the team works from that cycle's values as a baseline anyway).
 */
export async function readScore(db: Db, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readScore');
  const current = await currentScore(db, a);
  return { a, ...current, progress: await progressOf(db, a, current.score) };
}

/**
 * The evidence as it stands (frozen for a decided assessment) with `values` replaced, scored by the
 * engine; 400 when a value does not fit its indicator. Nothing is stored. The score page's form uses
 * it too (without JavaScript).
 */
export function scoreWhatIf(
  fw: LoadedFramework,
  current: { frozen: boolean; evidence: Record<string, unknown> },
  values: Record<string, unknown>,
) {
  const changed = { ...current.evidence, values: { ...(current.evidence.values as Record<string, unknown>), ...values } };
  try {
    return scoreEvidence(fw, changed, { asOf: current.frozen ? (current.evidence.interviewDate as string) : today() });
  } catch (e) {
    if (e instanceof EvidenceError) throw badRequest({ key: 'errors.whatIfValuesDoNotFit' }, e.errors);
    throw e;
  }
}

/** The service behind POST /api/assessments/:id/what-if: lead, co-assessor and admin only (readValues). */
export async function whatIf(db: Db, actor: Actor, assessmentId: number | null, values: Record<string, unknown>) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readValues');
  const fw = await frameworkByHash(db, a.frameworkHash);
  return scoreWhatIf(fw, await currentScore(db, a), values);
}

/** The lead's own values and notes (for Gold they may differ from the final, reconciled ones). */
async function leadValues(db: Db, a: Assessment) {
  const own = (await valuesOf(db, a.id, ['assessor'])).filter((v) => v.authorId === a.leadId);
  return {
    values: Object.fromEntries(own.map((v) => [v.indicatorId, v.value])),
    notes: new Map(own.flatMap((v) => (noteText(v.note) ? [[v.indicatorId, noteText(v.note)!]] : []))),
  };
}

/**
 * One trainee's calibration against the final values and score (the frozen decision's, else the live
 * ones): every compared indicator with the lead's value and note, and what was not compared and why.
 */
export async function traineeCalibration(
  db: Db,
  a: Assessment,
  fw: LoadedFramework,
  current: { score: Score; evidence: Record<string, unknown> },
  traineeId: number,
  lead?: Awaited<ReturnType<typeof leadValues>>,
) {
  const { values, notes } = lead ?? (await leadValues(db, a));
  const shadows = await shadowsOf(db, a.id, traineeId);
  const cal = calibrate(fw, {
    shadow: Object.fromEntries(shadows.map((s) => [s.indicatorId, s.value])),
    final: current.evidence.values as Record<string, unknown>,
    lead: values,
    score: current.score,
    interviewDate: current.evidence.interviewDate as string,
  });
  const withNote = <R extends { indicator: string }>(r: R) => ({ ...r, leadNote: notes.get(r.indicator) ?? null });
  return { ...cal, recorded: shadows.length, rows: cal.rows.map(withNote), deviations: cal.deviations.map(withNote) };
}

/**
 * The trainees' calibration (blind shadow values against the final values): every trainee's for the
 * admin and the lead, the trainee's own for a trainee, who may read it only from the decision on
 * (readCalibration) and so never sees the lead's values while it shadows. The API and the calibration
 * page both read it.
 */
export async function calibration(db: Db, actor: Actor, assessmentId: number | null) {
  const { a, rel } = await loadAssessmentFor(db, actor, assessmentId, 'readCalibration');
  const current = await currentScore(db, a);
  const fw = await frameworkByHash(db, a.frameworkHash);
  const lead = await leadValues(db, a);
  const traineeIds = rel.has('admin') || rel.has('lead') ? a.traineeIds : [actor.id];
  const trainees = [];
  for (const traineeId of traineeIds) {
    const user = await personById(db, traineeId);
    trainees.push({
      traineeId,
      name: user?.name ?? null,
      final: current.frozen,
      ...(await traineeCalibration(db, a, fw, current, traineeId, lead)),
    });
  }
  return { a, fw, decided: current.frozen, trainees };
}
