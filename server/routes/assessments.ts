import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor, requireRole } from '../auth/actor';
import { authorize } from '../auth/policy';
import { inTransaction } from '../db/transaction';
import {
  AssessmentPatch, createAssessment, getAssessment, listAssessmentsFor, NewAssessment, parseIfMatch, transition, TransitionBody, bumpVersion, requireOpen,
}  from '../services/assessments';
import { appendAudit } from '../services/audit';

export function assessmentRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/assessments', async (req, res) => {
    const actor = requireRole(req, 'admin', 'benchmarker');
    const input = check(NewAssessment, req.body);
    const a = await inTransaction(knex, (trx) => createAssessment(trx, input, actor));
    res.status(201).json(a);
  });

  r.get('/api/assessments', async (req, res) => {
    const actor = requireActor(req);
    res.json(await listAssessmentsFor(knex, actor));
  });

  r.get('/api/assessments/:id', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'read');
    res.setHeader('ETag', `"${a.version}"`);
    res.json(a);
  });

  r.patch('/api/assessments/:id', async (req, res) => {
    const actor = requireActor(req);
    const patch = check(AssessmentPatch, req.body);
    const ifMatch = parseIfMatch(req.get('If-Match'));
    const out = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      authorize(actor, a, 'update');
      requireOpen(a);
      const extra: Record<string, unknown> = {};
      if (patch.interviewDate !== undefined) extra.interview_date = patch.interviewDate;
      if (patch.onSite !== undefined) extra.on_site = patch.onSite;
      if (patch.previousLabels !== undefined) extra.previous_labels = JSON.stringify(patch.previousLabels);
      const version = await bumpVersion(trx, a, { ifMatch, extra, change: { action: 'assessment.update', actorId: actor.id, subject: Object.keys(patch).join(', ') } });
      await appendAudit(trx, { actorId: actor.id, action: 'assessment.update', entity: 'assessment', entityId: a.id, before: { interviewDate: a.interviewDate, onSite: a.onSite, previousLabels: a.previousLabels }, after: patch });
      return getAssessment(trx, a.id).then((x) => ({ ...x, version }));
    });
    res.json(out);
  });

  r.post('/api/assessments/:id/transitions', async (req, res) => {
    const actor = requireActor(req);
    const { to } = check(TransitionBody, req.body);
    const ifMatch = parseIfMatch(req.get('If-Match'));
    const out = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      authorize(actor, a, 'transition');
      return transition(trx, a, to, actor, ifMatch);
    });
    res.json(out);
  });
  return r;
}
