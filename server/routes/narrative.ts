import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requestLang } from '../http/lang';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { commentNarrative, NarrativeComment, NarrativePutSchema, readNarrative, saveNarrative } from '../services/narrative';

/** The expert's narrative (services/narrative.ts). */
export function narrativeRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/api/assessments/:id/narrative', async (req, res) => {
    res.json(await readNarrative(knex, requireActor(req), routeId(req), requestLang(req)));
  });

  r.put('/api/assessments/:id/narrative', async (req, res) => {
    const actor = requireActor(req);
    const body = check(NarrativePutSchema, req.body);
    res.json(await inTransaction(knex, (trx) => saveNarrative(trx, actor, routeId(req), body, requestLang(req))));
  });

  r.put('/api/assessments/:id/narrative/comment', async (req, res) => {
    const actor = requireActor(req);
    const body = check(NarrativeComment, req.body);
    res.json(await inTransaction(knex, (trx) => commentNarrative(trx, actor, routeId(req), body, requestLang(req))));
  });
  return r;
}
