import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { getAssessment } from '../services/assessments';
import { frameworkByHash } from '../services/frameworks';
import type { LoadedFramework } from '../../questionnaires';
import { EvidenceError, score as scoreEvidence } from '../../scoring';
import { badRequest } from '../errors';
import { currentScore, today } from './score';

const WhatIfBody = Type.Object(
  { values: Type.Record(Type.String({ pattern: '^[A-Z]{2,5}-[0-9]{2}$' }), Type.Unknown(), { maxProperties: 60 }) },
  { additionalProperties: false },
);

/**
 * The evidence as it stands (frozen for a decided assessment) with `values` replaced, scored by the
 * engine; 400 when a value does not fit its indicator. Nothing is stored. The score page's form uses
 * it too (without JavaScript).
 */
export function scoreWhatIf(fw: LoadedFramework, current: { frozen: boolean; evidence: Record<string, unknown> }, values: Record<string, unknown>) {
  const changed = { ...current.evidence, values: { ...(current.evidence.values as Record<string, unknown>), ...values } };
  try {
    return scoreEvidence(fw, changed, { asOf: current.frozen ? (current.evidence.interviewDate as string) : today() });
  } catch (e) {
    if (e instanceof EvidenceError) throw badRequest('Some what-if values do not fit their indicators.', e.errors);
    throw e;
  }
}

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
    const score = scoreWhatIf(fw, await currentScore(knex, a), values);
    res.json({ whatIf: true, changed: Object.keys(values), ...score });
  });
  return r;
}
