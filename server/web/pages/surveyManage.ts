/**
 * The survey management page (issue 19, item 3) for the cluster manager and the lead: the open link at
 * any time with a copy button and a QR code, an invitation text, close and reopen, a deadline, the
 * invited count and the response count against the framework's minimum.
 */
import express, { Router } from 'express';
import QRCode from 'qrcode';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { routeId } from '../../http/params';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { changeInvited, MAX_INVITED, setSurveyDeadline, setSurveyOpen, surveyManagement } from '../../services/survey';
import {
  addParticipants,
  MAX_PARTICIPANTS_PER_REQUEST,
  parseAddressList,
  participantsOverview,
  SCHEDULE_DAYS,
  sendReminders,
  setReminderSchedule,
} from '../../services/surveyParticipants';
import { checkFormCsrf } from '../csrf';
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';

const form = [express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }), checkFormCsrf];
// the pasted list of addresses (2000 of them fit)
const listForm = [express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 10 }), checkFormCsrf];

export function surveyManagePages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const manage = (req: express.Request) => surveyManagement(knex, requireActor(req), routeId(req), ctx.sessionSecret, ctx.config.baseUrl);
  const back = (req: express.Request, res: express.Response) => redirectAfterPost(req, res, `/assessments/${routeId(req)}/survey`);

  r.get('/assessments/:id/survey', async (req, res) => {
    const lang = res.locals.lang as Lang;
    const t = texts(lang);
    const m = await manage(req);
    const s = m.survey;
    const url = m.url ? `${m.url}?lang=${lang}` : null;
    const deadlineDay = s?.deadline ? s.deadline.slice(0, 10) : null;
    const invitation = url
      ? fill(t.surveyManage.invitation, { cluster: m.cluster, url }) +
        (deadlineDay ? `\n\n${fill(t.surveyManage.invitationDeadline, { date: deadlineDay })}` : '')
      : null;
    const met = !!s && s.responses >= m.minimum.responses && s.rate >= m.minimum.rate;
    const personal = await participantsOverview(knex, m.a.id);
    render(req, res, 'survey-manage.njk', {
      a: m.a,
      cluster: m.cluster,
      open: m.open,
      s,
      rate: s ? Math.round(s.rate) : 0,
      met,
      minimum: m.minimum,
      links: m.url
        ? (['en', 'nb'] as const).map((l) => ({
            lang: l,
            url: `${m.url}?lang=${l}`,
            language: fill(t.surveyManage.languages, { lang: l }),
          }))
        : [],
      invitation,
      deadlineDay,
      unreadable: m.linkUnreadable,
      maxInvited: MAX_INVITED,
      personal: {
        ...personal,
        list: personal.list.map((p) => ({
          ...p,
          statusText:
            p.status === 'answered'
              ? t.surveyManage.personalStatusAnswered
              : p.status === 'reminded'
                ? fill(t.surveyManage.personalStatusReminded, { n: p.reminders })
                : t.surveyManage.personalStatusInvited,
        })),
        counts: fill(t.surveyManage.personalCounts, {
          total: personal.total,
          answered: personal.answered,
          reminded: personal.reminded,
          invited: personal.invited,
        }),
        next: personal.schedule ? personal.schedule.nextAt.slice(0, 16).replace('T', ' ') : null,
      },
      scheduleOptions: Array.from({ length: SCHEDULE_DAYS.max - SCHEDULE_DAYS.min + 1 }, (_, i) => {
        const n = SCHEDULE_DAYS.min + i;
        return { value: n, text: fill(t.surveyManage.scheduleEvery, { n }), selected: personal.schedule?.everyDays === n };
      }),
      maxParticipants: MAX_PARTICIPANTS_PER_REQUEST,
    });
  });

  // the QR code of the link (in the page's language), as an SVG image from this origin
  r.get('/assessments/:id/survey/qr.svg', async (req, res) => {
    const m = await manage(req);
    if (!m.url) throw new AppError(404, 'not_found', { key: 'errors.things.survey' });
    const svg = await QRCode.toString(`${m.url}?lang=${res.locals.lang as Lang}`, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    res.type('image/svg+xml').setHeader('Cache-Control', 'no-store');
    res.send(svg);
  });

  for (const [path, open] of [
    ['close', false],
    ['reopen', true],
  ] as const) {
    r.post(`/assessments/:id/survey/${path}`, ...form, async (req, res) => {
      const t = texts(res.locals.lang as Lang);
      try {
        await inTransaction(knex, (trx) => setSurveyOpen(trx, requireActor(req), routeId(req), open));
        setFlash(req, 'ok', open ? t.surveyManage.reopenedOk : t.surveyManage.closedOk);
      } catch (e) {
        flashFormError(req, e);
      }
      await back(req, res);
    });
  }

  r.post('/assessments/:id/survey/deadline', ...form, async (req, res) => {
    const t = texts(res.locals.lang as Lang);
    const raw = String(req.body.deadline ?? '').trim();
    try {
      const { deadline } = await inTransaction(knex, (trx) =>
        setSurveyDeadline(trx, requireActor(req), routeId(req), raw === '' ? null : raw),
      );
      setFlash(req, 'ok', deadline ? t.surveyManage.deadlineSaved : t.surveyManage.deadlineRemoved);
    } catch (e) {
      flashFormError(req, e);
    }
    await back(req, res);
  });

  r.post('/assessments/:id/survey/participants', ...listForm, async (req, res) => {
    const lang = res.locals.lang as Lang;
    const t = texts(lang);
    const listLang = req.body.lang === 'nb' ? 'nb' : req.body.lang === 'en' ? 'en' : lang;
    try {
      const emails = parseAddressList(String(req.body.addresses ?? ''));
      if (emails.length === 0) throw new AppError(400, 'invalid_input', { key: 'surveyManage.personalNoAddresses' });
      if (emails.length > MAX_PARTICIPANTS_PER_REQUEST)
        throw new AppError(400, 'invalid_input', { key: 'errors.tooManyParticipants', values: { max: MAX_PARTICIPANTS_PER_REQUEST } });
      const out = await inTransaction(knex, (trx) =>
        addParticipants(trx, requireActor(req), routeId(req), { emails, lang: listLang }, ctx.config.baseUrl, ctx.sessionSecret),
      );
      const skipped = out.skipped.map((x) =>
        fill(x.reason === 'duplicate' ? t.surveyManage.personalSkippedDuplicate : t.surveyManage.personalSkippedKnown, { email: x.email }),
      );
      setFlash(
        req,
        'ok',
        fill(t.surveyManage.personalAdded, { added: out.added }) +
          (skipped.length ? ` ${fill(t.surveyManage.personalSkipped, { list: skipped.join(', ') })}` : ''),
      );
    } catch (e) {
      flashFormError(req, e);
    }
    await back(req, res);
  });

  r.post('/assessments/:id/survey/remind', ...form, async (req, res) => {
    const t = texts(res.locals.lang as Lang);
    try {
      const { reminded } = await inTransaction(knex, (trx) => sendReminders(trx, requireActor(req), routeId(req), ctx.config.baseUrl));
      setFlash(req, 'ok', fill(t.surveyManage.remindSent, { n: reminded }));
    } catch (e) {
      flashFormError(req, e);
    }
    await back(req, res);
  });

  r.post('/assessments/:id/survey/schedule', ...form, async (req, res) => {
    const t = texts(res.locals.lang as Lang);
    const raw = String(req.body.everyDays ?? '');
    try {
      const n = /^\d{1,2}$/.test(raw) ? Number(raw) : null;
      if (raw !== '' && (n === null || n < SCHEDULE_DAYS.min || n > SCHEDULE_DAYS.max))
        throw new AppError(400, 'invalid_input', { key: 'errors.scheduleDays', values: SCHEDULE_DAYS });
      await inTransaction(knex, (trx) => setReminderSchedule(trx, requireActor(req), routeId(req), n));
      setFlash(req, 'ok', t.surveyManage.scheduleSaved);
    } catch (e) {
      flashFormError(req, e);
    }
    await back(req, res);
  });

  r.post('/assessments/:id/survey/invited', ...form, async (req, res) => {
    const t = texts(res.locals.lang as Lang);
    const raw = String(req.body.invited ?? '').trim();
    try {
      const invited = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
      if (!(invited >= 1 && invited <= MAX_INVITED))
        throw new AppError(400, 'invalid_input', {
          key: 'errors.invitedRange',
          values: { field: { key: 'surveyInvited' }, max: MAX_INVITED },
        });
      await inTransaction(knex, (trx) => changeInvited(trx, requireActor(req), routeId(req), invited));
      setFlash(req, 'ok', fill(t.surveyManage.invitedSaved, { n: invited }));
    } catch (e) {
      flashFormError(req, e);
    }
    await back(req, res);
  });
  return r;
}
