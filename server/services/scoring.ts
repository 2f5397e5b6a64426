/**
 * Reading the score: the frozen score of a decided assessment or the live score of the evidence so
 * far, what-if re-scoring (nothing stored) and the trainees' calibration. The JSON API
 * (routes/score.ts, routes/whatIf.ts) and the pages (web/pages/score.ts, calibration.ts) call these.
 */
import type { LoadedFramework } from '../../questionnaires';
import { calibrate, EvidenceError, score as scoreEvidence } from '../../scoring';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/types';
import { badRequest } from '../errors';
import { personById, type Assessment } from '../repositories/assessments';
import { frozenDecision } from '../repositories/decisions';
import { shadowsOf } from '../repositories/values';
import { loadAssessmentFor } from './assessments';
import { assembleEvidence } from './evidence';
import { frameworkByHash } from './frameworks';

export const today = () => new Date().toISOString().slice(0, 10);

/** The frozen score of a decided assessment, else the live score of the evidence so far. */
export async function currentScore(db: Db, a: Assessment) {
  const frozen = await frozenDecision(db, a.id);
  if (frozen) return { frozen: true, score: frozen.score, evidence: frozen.evidence };
  const fw = await frameworkByHash(db, a.frameworkHash);
  const evidence = await assembleEvidence(db, a, fw, today());
  return { frozen: false, score: scoreEvidence(fw, evidence, { asOf: today() }), evidence };
}

/** The service behind GET /api/assessments/:id/score and the score page: load, authorise, score. */
export async function readScore(db: Db, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readScore');
  return { a, ...(await currentScore(db, a)) };
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

/**
 * The trainees' calibration (blind shadow values against the final values): every trainee's for the
 * admin and the lead, the trainee's own for a trainee. The API and the calibration page both read it.
 */
export async function calibration(db: Db, actor: Actor, assessmentId: number | null) {
  const { a, rel } = await loadAssessmentFor(db, actor, assessmentId, 'readCalibration');
  const frozen = await frozenDecision(db, a.id);
  const final = frozen
    ? (frozen.evidence.values as Record<string, unknown>)
    : ((await currentScore(db, a)).evidence.values as Record<string, unknown>);
  const interviewDate = frozen ? (frozen.evidence.interviewDate as string) : (a.interviewDate ?? today());
  const fw = await frameworkByHash(db, a.frameworkHash);
  const traineeIds = rel.has('admin') || rel.has('lead') ? a.traineeIds : [actor.id];
  const trainees = [];
  for (const traineeId of traineeIds) {
    const shadows = await shadowsOf(db, a.id, traineeId);
    const shadow = Object.fromEntries(shadows.map((s) => [s.indicatorId, s.value]));
    const user = await personById(db, traineeId);
    trainees.push({
      traineeId,
      name: user?.name ?? null,
      recorded: shadows.length,
      final: Boolean(frozen),
      ...calibrate(fw, { shadow, final, interviewDate }),
    });
  }
  return { a, fw, decided: Boolean(frozen), trainees };
}
