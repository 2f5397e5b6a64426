/**
 * The eligibility checklist before the interview in the browser (issue "Across cycles", item 5): each
 * criterion of the assessment's framework version with the lead's yes/no and note, a form for the lead
 * in preparation, read-only for the rest of the team, the admin and the cluster's manager. Stored by the
 * same service as PUT /api/assessments/:id/eligibility; outcomes as a flash. Without JavaScript.
 */
import express, { Router, type Request } from 'express';
import type { AppContext } from '../../context';
import { checkEligibility, EligibilityAnswers, readEligibility } from '../../services/eligibility';
import { requireActor } from '../../auth/actor';
import { inTransaction } from '../../db/transaction';
import { check } from '../../http/validate';
import { routeId } from '../../http/params';
import { requestLang } from '../../http/lang';
import { AppError } from '../../errors';
import { checkFormCsrf } from '../csrf';
import { redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { loc } from '../data';

const form = [express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }), checkFormCsrf];

/** The answers as posted: `met_EC1` = yes | no | (empty: not checked), `note_EC1`. */
function answersFromForm(body: Record<string, unknown>) {
  return Object.keys(body)
    .map((k) => /^met_(EC[0-9]{1,2})$/.exec(k)?.[1])
    .filter((id): id is string => id !== undefined)
    .map((criterionId) => {
      const met = body[`met_${criterionId}`];
      const note = body[`note_${criterionId}`];
      return {
        criterionId,
        met: met === 'yes' ? true : met === 'no' ? false : met === '' ? null : met,
        note: typeof note === 'string' ? note : '',
      };
    });
}

/** A refusal in the reader's words (403 and 404 answer as the API does: rethrown). */
function formErrorText(req: Request, e: unknown): string {
  if (!(e instanceof AppError) || e.status >= 500 || e.status === 403 || e.status === 404) throw e;
  const lang = (req.res?.locals.lang as Lang | undefined) ?? requestLang(req);
  const t = texts(lang);
  if (e.code === 'invalid_input' && /is invalid/.test(e.message) && Array.isArray(e.details)) {
    const fields = (e.details as { path: string }[]).map((d) => (/\/note$/.test(d.path) ? t.eligNote : t.eligAnswer));
    return fill(t.eligFormInvalid, { fields: [...new Set(fields)].join(', ') });
  }
  return e.localized(lang);
}

export function eligibilityPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/eligibility', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const view = await readEligibility(knex, actor, routeId(req));
    const count = (s: string) => view.criteria.filter((c) => c.status === s).length;
    render(req, res, 'eligibility.njk', {
      a: { id: view.assessmentId, state: view.state },
      cluster: view.cluster,
      view,
      intro: loc(view.intro ?? undefined, lang),
      criteria: view.criteria.map((c) => ({ ...c, nameText: loc(c.name, lang), guideText: loc(c.guide, lang) })),
      counts: { met: count('met'), notMet: count('not_met'), unanswered: count('unanswered'), total: view.criteria.length },
    });
  });

  r.post('/assessments/:id/eligibility', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      const body = check(EligibilityAnswers, { answers: answersFromForm(req.body as Record<string, unknown>) });
      await inTransaction(knex, (trx) => checkEligibility(trx, actor, routeId(req), body));
      setFlash(req, 'ok', t.eligSaved);
    } catch (e) {
      setFlash(req, 'error', formErrorText(req, e));
    }
    await redirectAfterPost(req, res, `/assessments/${routeId(req) ?? ''}/eligibility`);
  });
  return r;
}
