import { Router } from 'express';
import type { AppContext } from '../context';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { check } from '../http/validate';
import { DecisionBody, decideAssessment, decisionStatus } from '../services/decision';
import { calibration, readScore, today } from '../services/scoring';

export function scoreRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/api/assessments/:id/score', async (req, res) => {
    const { a, frozen, score, progress } = await readScore(knex, requireActor(req), routeId(req));
    res.json({ ...score, frozen, progress, state: a.state, version: a.version });
  });

  r.post('/api/assessments/:id/decision', async (req, res) => {
    const actor = requireActor(req);
    const { justification } = check(DecisionBody, req.body ?? {});
    const out = await inTransaction(knex, (trx) => decideAssessment(trx, actor, routeId(req), today(), justification));
    if (!out.decided) return void res.status(202).json({ waitingFor: out.waitingFor });
    res.json({
      label: out.label,
      validUntil: out.validUntil,
      certificateCode: out.certificateCode,
      total: out.score.total,
      state: 'decided',
    });
  });

  // where a Gold decision stands: the confirmations and the change that last withdrew them
  r.get('/api/assessments/:id/decision', async (req, res) => {
    res.json(await decisionStatus(knex, requireActor(req), routeId(req)));
  });

  r.get('/api/assessments/:id/calibration', async (req, res) => {
    const { a, decided, trainees } = await calibration(knex, requireActor(req), routeId(req));
    res.json({ assessmentId: a.id, decided, trainees });
  });
  return r;
}
