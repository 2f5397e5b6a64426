import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import {
  addImprovementArea,
  editImprovementArea,
  FollowUp,
  followUpImprovementArea,
  listImprovementAreas,
  Mark,
  markImprovementArea,
  NewArea,
  removeImprovementArea,
} from '../services/improvementAreas';

export function improvementAreaRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/assessments/:id/improvement-areas', async (req, res) => {
    const actor = requireActor(req);
    const body = check(NewArea, req.body);
    res.status(201).json(await inTransaction(knex, (trx) => addImprovementArea(trx, actor, routeId(req), body)));
  });

  r.get('/api/assessments/:id/improvement-areas', async (req, res) => {
    res.json(await listImprovementAreas(knex, requireActor(req), routeId(req)));
  });

  r.patch('/api/assessments/:id/improvement-areas/:iaId', async (req, res) => {
    const actor = requireActor(req);
    const body = check(Mark, req.body);
    res.json(await inTransaction(knex, (trx) => markImprovementArea(trx, actor, routeId(req), routeId(req, 'iaId'), body)));
  });

  r.put('/api/assessments/:id/improvement-areas/:iaId', async (req, res) => {
    const actor = requireActor(req);
    const body = check(NewArea, req.body);
    res.json(await inTransaction(knex, (trx) => editImprovementArea(trx, actor, routeId(req), routeId(req, 'iaId'), body)));
  });

  // the lead's follow-up of an area carried from the last cycle: achieved, partly or not, with evidence
  r.put('/api/assessments/:id/improvement-areas/:iaId/followup', async (req, res) => {
    const actor = requireActor(req);
    const body = check(FollowUp, req.body);
    res.json(await inTransaction(knex, (trx) => followUpImprovementArea(trx, actor, routeId(req), routeId(req, 'iaId'), body)));
  });

  r.delete('/api/assessments/:id/improvement-areas/:iaId', async (req, res) => {
    const actor = requireActor(req);
    res.json(await inTransaction(knex, (trx) => removeImprovementArea(trx, actor, routeId(req), routeId(req, 'iaId'))));
  });
  return r;
}
