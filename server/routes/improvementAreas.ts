import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { inTransaction } from '../db/transaction';
import { bumpVersion, getAssessment, requireOpen } from '../services/assessments';
import { frameworkByHash } from '../services/frameworks';
import { appendAudit } from '../services/audit';
import { improvementAreasOf } from '../services/evidence';
import { badRequest, notFound } from '../errors';

const NewArea = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.String({ minLength: 1, maxLength: 20000 }),
    indicators: Type.Array(Type.String({ maxLength: 16 }), { minItems: 1, maxItems: 10, uniqueItems: true }),
    documents: Type.Array(Type.String({ maxLength: 8 }), { maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
const Mark = Type.Object({ changeDescribed: Type.Boolean() }, { additionalProperties: false });

export function improvementAreaRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/assessments/:id/improvement-areas', async (req, res) => {
    const actor = requireActor(req);
    const body = check(NewArea, req.body);
    const out = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      authorize(actor, a, 'addImprovementArea');
      requireOpen(a);
      const def = (await frameworkByHash(trx, a.frameworkHash)).definition;
      const problems = [
        ...body.indicators.filter((id) => !def.indicators.some((i) => i.id === id && i.kind === 'quality')).map((id) => ({ path: '/indicators', message: `${id} is not a quality indicator` })),
        ...body.documents.filter((id) => !def.checklist.some((c) => c.id === id)).map((id) => ({ path: '/documents', message: `${id} is not a checklist item` })),
      ];
      if (problems.length) throw badRequest('The improvement area names unknown indicators or documents.', problems);
      const row = { assessment_id: a.id, title: body.title, description: body.description, indicators: JSON.stringify(body.indicators), documents: JSON.stringify(body.documents), change_described: false, created_by: actor.id, created_at: new Date().toISOString() };
      await bumpVersion(trx, a, { ifMatch: null, change: { action: 'improvement_area.create', actorId: actor.id, subject: body.title.slice(0, 100) } });
      const [ins] = await trx('improvement_areas').insert(row).returning(['id']);
      await appendAudit(trx, { actorId: actor.id, action: 'improvement_area.create', entity: 'improvement_area', entityId: Number(ins.id), after: body });
      return { id: Number(ins.id), ...body, changeDescribed: false };
    });
    res.status(201).json(out);
  });

  r.get('/api/assessments/:id/improvement-areas', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'read');
    res.json(await improvementAreasOf(knex, a.id));
  });

  r.patch('/api/assessments/:id/improvement-areas/:iaId', async (req, res) => {
    const actor = requireActor(req);
    const body = check(Mark, req.body);
    const out = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      authorize(actor, a, 'markImprovementArea');
      requireOpen(a);
      const before = await trx('improvement_areas').where({ id: routeId(req, 'iaId') ?? -1, assessment_id: a.id }).first();
      if (!before) throw notFound('Improvement area');
      await bumpVersion(trx, a, { ifMatch: null, change: { action: 'improvement_area.mark', actorId: actor.id, subject: String(before.title).slice(0, 100) } });
      await trx('improvement_areas').where({ id: before.id }).update({ change_described: body.changeDescribed });
      await appendAudit(trx, { actorId: actor.id, action: 'improvement_area.mark', entity: 'improvement_area', entityId: Number(before.id), before: { changeDescribed: Boolean(before.change_described) }, after: body });
      return { id: Number(before.id), changeDescribed: body.changeDescribed };
    });
    res.json(out);
  });
  return r;
}
