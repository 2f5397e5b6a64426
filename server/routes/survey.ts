import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { inTransaction } from '../db/transaction';
import { getAssessment, requireOpen } from '../services/assessments';
import { frameworkByHash } from '../services/frameworks';
import { appendAudit } from '../services/audit';
import { checkAnswers, linkForAnswer, newToken, storeResponse, surveyOf, tokenHash } from '../services/survey';
import { summariseSurvey } from '../services/evidence';
import { conflict, notFound, tooManyRequests } from '../errors';

const CreateBody = Type.Object({ invited: Type.Integer({ minimum: 1, maximum: 100000 }) }, { additionalProperties: false });
const AnswerBody = Type.Object(
  { answers: Type.Record(Type.String({ maxLength: 8 }), Type.Union([Type.Integer(), Type.Boolean(), Type.String({ maxLength: 2000 })]), { maxProperties: 40 }) },
  { additionalProperties: false },
);

export function surveyRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: ctx.config.surveyRateLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(tooManyRequests('Too many survey submissions from this address. Try again in a minute.')),
  });

  r.post('/api/assessments/:id/survey', async (req, res) => {
    const actor = requireActor(req);
    const { invited } = check(CreateBody, req.body);
    const out = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      authorize(actor, a, 'createSurvey');
      requireOpen(a);
      const token = newToken();
      // a new link replaces the old one: the old token stops working, its responses stay
      await trx('survey_links').where({ assessment_id: a.id }).whereNull('closed_at').update({ closed_at: new Date().toISOString() });
      const [ins] = await trx('survey_links').insert({ assessment_id: a.id, token_hash: tokenHash(token), invited, created_by: actor.id, created_at: new Date().toISOString() }).returning(['id']);
      await appendAudit(trx, { actorId: actor.id, action: 'survey.create', entity: 'assessment', entityId: a.id, after: { surveyLinkId: Number(ins.id), invited } });
      return { token, url: `${ctx.config.baseUrl}/survey/${token}`, invited };
    });
    res.status(201).json(out);
  });

  r.get('/api/assessments/:id/survey', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    const rel = authorize(actor, a, 'read');
    const survey = await surveyOf(knex, a.id);
    if (!survey) return void res.json({ exists: false });
    const base = { exists: true, invited: survey.invited, responses: survey.responses.length, closed: survey.closed };
    if (rel.has('admin') || rel.has('lead') || rel.has('co')) {
      const fw = await frameworkByHash(knex, a.frameworkHash);
      return void res.json({ ...base, summary: summariseSurvey(fw, survey) });
    }
    authorize(actor, a, rel.has('manager') ? 'read' : 'readSurveyResults');
    res.json(base);
  });

  async function linkFor(token: string) {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) throw notFound('Survey');
    const link = await knex('survey_links').where({ token_hash: tokenHash(token) }).first();
    if (!link) throw notFound('Survey');
    return link;
  }

  r.get('/api/survey/:token', async (req, res) => {
    const link = await linkFor(req.params.token);
    const a = await getAssessment(knex, Number(link.assessment_id));
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const cluster = await knex('clusters').where({ id: a.clusterId }).first('name');
    res.json({ cluster: cluster?.name ?? null, open: link.closed_at === null, survey: fw.definition.survey });
  });

  r.post('/api/survey/:token', limiter, async (req, res) => {
    const { answers } = check(AnswerBody, req.body);
    await inTransaction(knex, async (trx) => {
      const token = /^[A-Za-z0-9_-]{16,64}$/.test(String(req.params.token)) ? String(req.params.token) : '';
      const link = await linkForAnswer(trx, token);
      if (!link) throw notFound('Survey');
      // a closed survey says so before its answers are judged
      if (link.closed_at !== null) throw conflict('This survey is closed.', null, 'survey_closed');
      const a = await getAssessment(trx, Number(link.assessment_id));
      checkAnswers(await frameworkByHash(trx, a.frameworkHash), answers);
      const out = await storeResponse(trx, link, answers);
      if (out.stored) return;
      if (out.reason === 'not_found') throw notFound('Survey');
      if (out.reason === 'closed') throw conflict('This survey is closed.', null, 'survey_closed');
      // One response per invited organisation (FRAMEWORK.md §3.2, D-14: N ≤ N_inv).
      throw conflict('Every invited organisation has answered already; the survey takes no more responses.', null, 'survey_full');
    });
    res.status(201).json({ received: true });
  });
  return r;
}
