import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { whatIf } from '../services/scoring';

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
    const score = await whatIf(knex, actor, routeId(req), values);
    res.json({ whatIf: true, changed: Object.keys(values), ...score });
  });
  return r;
}
