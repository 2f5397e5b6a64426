import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { surveyRateLimit } from '../http/surveyLimit';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { DateSchema } from '../services/assessments';
import { answerSurveyOrThrow, changeSurvey, createSurveyLink, InvitedSchema, surveyForToken, surveyStatus } from '../services/survey';
import {
  addParticipants,
  loadDraft,
  ParticipantsBody,
  participantsOverview,
  saveSurveyDraft,
  ScheduleBody,
  sendReminders,
  setReminderSchedule,
} from '../services/surveyParticipants';
import { loadAssessmentFor } from '../services/assessments';

const CreateBody = Type.Object({ invited: Type.Optional(InvitedSchema) }, { additionalProperties: false });
const ChangeBody = Type.Object(
  {
    invited: Type.Optional(InvitedSchema),
    // close (false) or reopen (true) the survey; a deadline day (YYYY-MM-DD) or null for none
    open: Type.Optional(Type.Boolean()),
    deadline: Type.Optional(Type.Union([DateSchema, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
const AnswerBody = Type.Object(
  {
    answers: Type.Record(Type.String({ maxLength: 8 }), Type.Union([Type.Integer(), Type.Boolean(), Type.String({ maxLength: 2000 })]), {
      maxProperties: 40,
    }),
  },
  { additionalProperties: false },
);

export function surveyRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const limiter = surveyRateLimit(ctx);

  // a new link (the first with its invited count; later ones keep the count unless it is given)
  r.post('/api/assessments/:id/survey', async (req, res) => {
    const actor = requireActor(req);
    const { invited } = check(CreateBody, req.body ?? {});
    const out = await inTransaction(knex, (trx) =>
      createSurveyLink(trx, actor, routeId(req), invited, ctx.config.baseUrl, ctx.sessionSecret),
    );
    res.status(201).json(out);
  });

  // the invited count, open or closed, the deadline change; the link stays
  r.patch('/api/assessments/:id/survey', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ChangeBody, req.body);
    res.json(await inTransaction(knex, (trx) => changeSurvey(trx, actor, routeId(req), body)));
  });

  r.get('/api/assessments/:id/survey', async (req, res) => {
    res.json(await surveyStatus(knex, requireActor(req), routeId(req)));
  });

  // personal links (issue 19, item 2): the list, reminders now and on a schedule
  r.post('/api/assessments/:id/survey/participants', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ParticipantsBody, req.body);
    const out = await inTransaction(knex, (trx) => addParticipants(trx, actor, routeId(req), body, ctx.config.baseUrl, ctx.sessionSecret));
    res.status(201).json(out);
  });

  r.get('/api/assessments/:id/survey/participants', async (req, res) => {
    const { a } = await loadAssessmentFor(knex, requireActor(req), routeId(req), 'createSurvey');
    res.json(await participantsOverview(knex, a.id));
  });

  r.post('/api/assessments/:id/survey/reminders', async (req, res) => {
    const actor = requireActor(req);
    res.json(await inTransaction(knex, (trx) => sendReminders(trx, actor, routeId(req), ctx.config.baseUrl)));
  });

  r.put('/api/assessments/:id/survey/reminder-schedule', async (req, res) => {
    const actor = requireActor(req);
    const { everyDays } = check(ScheduleBody, req.body);
    res.json(await inTransaction(knex, (trx) => setReminderSchedule(trx, actor, routeId(req), everyDays)));
  });

  r.get('/api/survey/:token', async (req, res) => {
    const token = String(req.params.token);
    const s = await surveyForToken(knex, token);
    res.json({
      cluster: s.cluster,
      open: !s.closed && !s.full && !s.answered,
      personal: s.personal,
      answered: s.answered,
      ...(s.personal ? { draft: await loadDraft(knex, token) } : {}),
      survey: s.fw.definition.survey,
    });
  });

  // a personal link's unfinished answers, kept sealed for the next visit
  r.post('/api/survey/:token/draft', limiter, async (req, res) => {
    const { answers } = check(AnswerBody, req.body);
    res.json(await inTransaction(knex, (trx) => saveSurveyDraft(trx, String(req.params.token), answers)));
  });

  r.post('/api/survey/:token', limiter, async (req, res) => {
    const { answers } = check(AnswerBody, req.body);
    await inTransaction(knex, (trx) => answerSurveyOrThrow(trx, String(req.params.token), answers));
    res.status(201).json({ received: true });
  });
  return r;
}
