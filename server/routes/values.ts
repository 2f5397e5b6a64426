import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { parseIfMatch } from '../services/assessments';
import { readOwnShadows, readValues, ValueBody } from '../services/values';
import { recordShadow, recordValue } from '../services/recording';
import { KeepBody, keepBaseline, readBaseline } from '../services/baseline';

export function valueRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.put('/api/assessments/:id/values/:indicatorId', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ValueBody, req.body);
    const ifMatch = parseIfMatch(req.get('If-Match'));
    const out = await inTransaction(knex, (trx) => recordValue(trx, actor, routeId(req), req.params.indicatorId, body, ifMatch));
    res.setHeader('ETag', `"${out.version}"`);
    res.json(out);
  });

  // last cycle's final values and the lead's notes (an assessment started from the previous one)
  r.get('/api/assessments/:id/baseline', async (req, res) => {
    res.json(await readBaseline(knex, requireActor(req), routeId(req)));
  });

  // an assessor keeps last cycle's value for one indicator as its own (recorded and audited like any value)
  r.post('/api/assessments/:id/values/:indicatorId/keep-baseline', async (req, res) => {
    const actor = requireActor(req);
    const body = check(KeepBody, req.body ?? {});
    const ifMatch = parseIfMatch(req.get('If-Match'));
    const out = await inTransaction(knex, (trx) => keepBaseline(trx, actor, routeId(req), req.params.indicatorId, ifMatch, body.note));
    res.setHeader('ETag', `"${out.version}"`);
    res.json(out);
  });

  r.get('/api/assessments/:id/values', async (req, res) => {
    res.json(await readValues(knex, requireActor(req), routeId(req)));
  });

  r.put('/api/assessments/:id/shadow/:indicatorId', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ValueBody, req.body);
    res.json(await inTransaction(knex, (trx) => recordShadow(trx, actor, routeId(req), req.params.indicatorId, body)));
  });

  r.get('/api/assessments/:id/shadow', async (req, res) => {
    res.json({ values: await readOwnShadows(knex, requireActor(req), routeId(req)) });
  });
  return r;
}
