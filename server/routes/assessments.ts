import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor, requireRole } from '../auth/actor';
import { requestLang } from '../http/lang';
import { inTransaction } from '../db/transaction';
import {
  AssessmentPatch,
  createAssessment,
  listAssessmentsFor,
  loadAssessmentFor,
  NewAssessment,
  parseIfMatch,
  TransitionBody,
  updateAssessment,
} from '../services/assessments';
import { changeAssessmentState } from '../services/stateChange';
import { teamCheck, TeamCheckInput, teamCheckInputOf } from '../services/teamCheck';

export function assessmentRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/assessments', async (req, res) => {
    const actor = requireRole(req, 'admin', 'benchmarker');
    const input = check(NewAssessment, req.body);
    const a = await inTransaction(knex, (trx) => createAssessment(trx, input, actor));
    res.status(201).json(a);
  });

  // the warning while a team is composed (G4, S1, S2 before any value): the new-assessment form and the team page ask it
  r.get('/api/team-check', async (req, res) => {
    const actor = requireRole(req, 'admin', 'benchmarker');
    const input = check(TeamCheckInput, teamCheckInputOf(req.query as Record<string, unknown>), 'query');
    res.json(await teamCheck(knex, actor, input, requestLang(req)));
  });

  r.get('/api/assessments', async (req, res) => {
    const actor = requireActor(req);
    res.json(await listAssessmentsFor(knex, actor));
  });

  r.get('/api/assessments/:id', async (req, res) => {
    const { a } = await loadAssessmentFor(knex, requireActor(req), routeId(req), 'read');
    res.setHeader('ETag', `"${a.version}"`);
    res.json(a);
  });

  r.patch('/api/assessments/:id', async (req, res) => {
    const actor = requireActor(req);
    const patch = check(AssessmentPatch, req.body);
    const ifMatch = parseIfMatch(req.get('If-Match'));
    res.json(await inTransaction(knex, (trx) => updateAssessment(trx, actor, routeId(req), patch, ifMatch)));
  });

  r.post('/api/assessments/:id/transitions', async (req, res) => {
    const actor = requireActor(req);
    const { to } = check(TransitionBody, req.body);
    const ifMatch = parseIfMatch(req.get('If-Match'));
    res.json(
      await changeAssessmentState(knex, actor, routeId(req), to, ifMatch, {
        baseUrl: ctx.config.baseUrl,
        onStoreError: (err) => req.log.error({ err }, 'released documents not stored at release'),
      }),
    );
  });
  return r;
}
