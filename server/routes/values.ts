import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { inTransaction } from '../db/transaction';
import { bumpVersion, getAssessment, parseIfMatch, requireOpen } from '../services/assessments';
import { frameworkByHash } from '../services/frameworks';
import { appendAudit } from '../services/audit';
import { AgreedBody, checkIndicatorValue, shadowsOf, upsertValue, ValueBody, valuesOf } from '../services/values';
import { recordShadow, recordValue } from '../services/recording';
import { conflict } from '../errors';


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

  r.put('/api/assessments/:id/agreed/:indicatorId', async (req, res) => {
    const actor = requireActor(req);
    const { value } = check(AgreedBody, req.body);
    const ifMatch = parseIfMatch(req.get('If-Match'));
    const out = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      authorize(actor, a, 'agreeValue');
      requireOpen(a);
      if (a.requestedLabel !== 'gold') throw conflict('Agreed values belong to the Gold reconciliation; this is not a Gold assessment.', null, 'not_gold');
      const fw = await frameworkByHash(trx, a.frameworkHash);
      checkIndicatorValue(fw, req.params.indicatorId, value, a.interviewDate);
      const version = await bumpVersion(trx, a, { ifMatch, change: { action: 'value.agreed', actorId: actor.id, subject: req.params.indicatorId } });
      const change = await upsertValue(trx, { assessmentId: a.id, indicatorId: req.params.indicatorId, kind: 'agreed', authorId: actor.id, value });
      await appendAudit(trx, { actorId: actor.id, action: 'value.agreed', entity: 'assessment', entityId: `${a.id}/${req.params.indicatorId}`, before: change.before, after: change.after });
      return { version, indicatorId: req.params.indicatorId, kind: 'agreed' };
    });
    res.json(out);
  });

  r.get('/api/assessments/:id/values', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    const rel = authorize(actor, a, 'read');
    if (rel.has('admin') || rel.has('lead') || rel.has('co')) {
      res.json({ version: a.version, values: await valuesOf(knex, a.id) });
    } else if (rel.has('manager')) {
      // a manager sees its own self-assessment, never the assessors' values
      res.json({ version: a.version, values: await valuesOf(knex, a.id, ['self']) });
    } else {
      authorize(actor, a, 'readValues'); // a trainee: 403, blind until the decision
    }
  });

  r.put('/api/assessments/:id/shadow/:indicatorId', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ValueBody, req.body);
    res.json(await inTransaction(knex, (trx) => recordShadow(trx, actor, routeId(req), req.params.indicatorId, body)));
  });

  r.get('/api/assessments/:id/shadow', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'readOwnShadow');
    res.json({ values: await shadowsOf(knex, a.id, actor.id) });
  });
  return r;
}
