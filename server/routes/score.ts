import { Router } from 'express';
import type { AppContext } from '../context';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { inTransaction } from '../db/transaction';
import { getAssessment, type Assessment } from '../services/assessments';
import { frameworkByHash } from '../services/frameworks';
import { assembleEvidence } from '../services/evidence';
import { decide, decisionStatus, frozenDecision } from '../services/decision';
import { shadowsOf } from '../services/values';
import { calibrate, score as scoreEvidence } from '../../scoring';
import type { Knex } from 'knex';

export const today = () => new Date().toISOString().slice(0, 10);

/** The frozen score of a decided assessment, else the live score of the evidence so far. */
export async function currentScore(knex: Knex, a: Assessment) {
  const frozen = await frozenDecision(knex, a.id);
  if (frozen) return { frozen: true, score: frozen.score, evidence: frozen.evidence };
  const fw = await frameworkByHash(knex, a.frameworkHash);
  const evidence = await assembleEvidence(knex, a, fw, today());
  return { frozen: false, score: scoreEvidence(fw, evidence, { asOf: today() }), evidence };
}

export function scoreRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/api/assessments/:id/score', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'readScore');
    const { frozen, score } = await currentScore(knex, a);
    res.json({ ...score, frozen, state: a.state, version: a.version });
  });

  r.post('/api/assessments/:id/decision', async (req, res) => {
    const actor = requireActor(req);
    const out = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      const rel = authorize(actor, a, 'decide');
      return decide(trx, a, actor, rel, today());
    });
    if (!out.decided) return void res.status(202).json({ waitingFor: out.waitingFor });
    res.json({ label: out.label, validUntil: out.validUntil, certificateCode: out.certificateCode, total: out.score.total, state: 'decided' });
  });

  // where a Gold decision stands: the confirmations and the change that last withdrew them
  r.get('/api/assessments/:id/decision', async (req, res) => {
    res.json(await decisionStatus(knex, requireActor(req), routeId(req)));
  });

  r.get('/api/assessments/:id/calibration', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    const rel = authorize(actor, a, 'readCalibration');
    const frozen = await frozenDecision(knex, a.id);
    const final = frozen ? (frozen.evidence.values as Record<string, unknown>) : (await currentScore(knex, a)).evidence.values;
    const interviewDate = frozen ? (frozen.evidence.interviewDate as string) : a.interviewDate ?? today();
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const traineeIds = rel.has('admin') || rel.has('lead') ? a.traineeIds : [actor.id];
    const trainees = [];
    for (const traineeId of traineeIds) {
      const shadows = await shadowsOf(knex, a.id, traineeId);
      const shadow = Object.fromEntries(shadows.map((s) => [s.indicatorId, s.value]));
      const user = await knex('users').where({ id: traineeId }).first('name', 'email');
      trainees.push({ traineeId, name: user?.name ?? null, recorded: shadows.length, final: Boolean(frozen), ...calibrate(fw, { shadow, final, interviewDate }) });
    }
    res.json({ assessmentId: a.id, decided: Boolean(frozen), trainees });
  });
  return r;
}
