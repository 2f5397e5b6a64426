import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { getAssessment } from '../services/assessments';
import { frameworkByHash } from '../services/frameworks';
import { EvidenceError, score as scoreEvidence } from '../../scoring';
import { badRequest } from '../errors';
import { currentScore, today } from './score';

const WhatIfBody = Type.Object(
  { values: Type.Record(Type.String({ pattern: '^[A-Z]{2,5}-[0-9]{2}$' }), Type.Unknown(), { maxProperties: 60 }) },
  { additionalProperties: false },
);

/**
 * What-if re-scoring: the assessment's evidence (frozen for a decided one) with some values replaced,
 * scored by the engine. Pure computation: nothing is stored. Lead, co-assessor and admin only, like
 * the assessors' values themselves.
 */
export function whatIfRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  r.post('/api/assessments/:id/what-if', async (req, res) => {
    const actor = requireActor(req);
    const { values } = check(WhatIfBody, req.body);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'readValues');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const { frozen, evidence } = await currentScore(knex, a);
    const changed = { ...evidence, values: { ...(evidence.values as Record<string, unknown>), ...values } };
    try {
      const score = scoreEvidence(fw, changed, { asOf: frozen ? evidence.interviewDate : today() });
      res.json({ whatIf: true, changed: Object.keys(values), ...score });
    } catch (e) {
      if (e instanceof EvidenceError) throw badRequest('Some what-if values do not fit their indicators.', e.errors);
      throw e;
    }
  });
  return r;
}
