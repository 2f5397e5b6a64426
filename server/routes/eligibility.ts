import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { checkEligibility, EligibilityAnswers, readEligibility } from '../services/eligibility';

/** The eligibility checklist before the interview (services/eligibility.ts). */
export function eligibilityRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/api/assessments/:id/eligibility', async (req, res) => {
    res.json(await readEligibility(knex, requireActor(req), routeId(req)));
  });

  r.put('/api/assessments/:id/eligibility', async (req, res) => {
    const actor = requireActor(req);
    const body = check(EligibilityAnswers, req.body);
    res.json(await inTransaction(knex, (trx) => checkEligibility(trx, actor, routeId(req), body)));
  });
  return r;
}
