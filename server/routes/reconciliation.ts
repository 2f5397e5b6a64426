/** The Gold reconciliation record: agreed values with their reasons, and both assessors' signatures. */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { parseIfMatch } from '../services/assessments';
import { AgreedBody, readReconciliation, recordAgreed, signReconciliation, withdrawAgreed } from '../services/reconciliation';

const SignBody = Type.Object({ recordHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })) }, { additionalProperties: false });

export function reconciliationRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/api/assessments/:id/reconciliation', async (req, res) => {
    res.json(await readReconciliation(knex, requireActor(req), routeId(req)));
  });

  r.put('/api/assessments/:id/agreed/:indicatorId', async (req, res) => {
    const actor = requireActor(req);
    const body = check(AgreedBody, req.body);
    const ifMatch = parseIfMatch(req.get('If-Match'));
    res.json(await inTransaction(knex, (trx) => recordAgreed(trx, actor, routeId(req), req.params.indicatorId, body, ifMatch)));
  });

  r.delete('/api/assessments/:id/agreed/:indicatorId', async (req, res) => {
    const actor = requireActor(req);
    const ifMatch = parseIfMatch(req.get('If-Match'));
    res.json(await inTransaction(knex, (trx) => withdrawAgreed(trx, actor, routeId(req), req.params.indicatorId, ifMatch)));
  });

  r.post('/api/assessments/:id/reconciliation/signatures', async (req, res) => {
    const actor = requireActor(req);
    const body = check(SignBody, req.body ?? {});
    const record = await inTransaction(knex, (trx) => signReconciliation(trx, actor, routeId(req), body.recordHash ?? null, 'api'));
    res.status(201).json(record);
  });
  return r;
}
