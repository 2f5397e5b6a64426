/**
 * The checked steps: before "Move to review" and before "Decide the label" a page lists what is missing
 * or failing and previews the label the evidence gives now (services/decisionCheck.ts); deciding asks
 * for a confirmation and a short justification, kept with the decision. Cancelling asks too.
 */
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { may } from '../../auth/policy';
import { routeId } from '../../http/params';
import { inTransaction } from '../../db/transaction';
import { AppError, badRequest } from '../../errors';
import { loadAssessmentFor, transitionAssessment, TRANSITIONS } from '../../services/assessments';
import { decideAssessment, JUSTIFICATION_MAX, JUSTIFICATION_MIN } from '../../services/decision';
import { decisionCheck } from '../../services/decisionCheck';
import { frameworkByHash } from '../../services/frameworks';
import { reportInputFor } from '../../services/reportInput';
import { buildReportModel } from '../../../reports';
import { indexFramework } from '../../../scoring/framework-index';
import { checkFormCsrf } from '../csrf';
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { clusterRef, linksNarrative, loc, today } from '../data';

const form = [express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), checkFormCsrf];

export function decisionPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  /** The check page; `input` and `error` when a decision form came back refused (the input kept). */
  async function showCheck(req: Request, res: Response, input: { justification?: string; error?: string } = {}, status = 200) {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const check = await decisionCheck(knex, actor, routeId(req));
    const { a } = check;
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const byId = indexFramework(fw.definition).byId;
    const items = new Map(fw.definition.checklist.map((c) => [c.id, loc(c.item, lang)]));
    let checks: { rule: string; name: string; detail: string }[] = [];
    if (check.score) {
      const model = buildReportModel(await reportInputFor(knex, a, fw, check.score, ctx.config.baseUrl), lang);
      const failing = new Set(check.failingRules);
      checks = model.checks.filter((c) => failing.has(c.rule));
    }
    render(
      req,
      res,
      'decision-check.njk',
      {
        a,
        cluster: await clusterRef(knex, a),
        check,
        documents: check.documents.map((d) => ({ ...d, name: items.get(d.item) ?? d.item })),
        missingValues: check.missingValues.map((id) => ({ id, name: byId.get(id) ? loc(byId.get(id)!.name, lang) : id })),
        checks,
        justificationMin: JUSTIFICATION_MIN,
        justificationMax: JUSTIFICATION_MAX,
        input,
        canReconcile: a.requestedLabel === 'gold' && may(actor, a, 'readReconciliation'),
        canNarrate: linksNarrative(actor, a),
      },
      { status },
    );
  }

  r.get('/assessments/:id/check', async (req, res) => showCheck(req, res));

  r.post('/assessments/:id/decision', ...form, async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const t = texts(lang);
    const justification = typeof req.body.justification === 'string' ? req.body.justification : '';
    try {
      if (req.body.confirm !== 'yes')
        throw badRequest({ key: 'decisionCheck.confirmFirst' }, [{ path: '/confirm', message: 'is required' }]);
      if (justification.length > JUSTIFICATION_MAX)
        throw badRequest({ key: 'errors.textTooLong', values: { max: JUSTIFICATION_MAX } }, [
          { path: '/justification', message: 'is too long' },
        ]);
      const out = await inTransaction(knex, (trx) => decideAssessment(trx, actor, routeId(req), today(), justification));
      setFlash(
        req,
        'ok',
        out.decided
          ? fill(t.decided, { label: out.label ? t.labels[out.label] : t.noLabel })
          : fill(t.waitingFor, { who: out.waitingForNames.join(', ') }),
      );
      return void (await redirectAfterPost(req, res, `/assessments/${routeId(req)}`));
    } catch (e) {
      // a refused decision comes back to the check, the justification kept
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 403 || e.status === 404) throw e;
      return showCheck(req, res, { justification, error: e.localized(lang) }, e.status);
    }
  });

  r.get('/assessments/:id/cancel', async (req, res) => {
    const actor = requireActor(req);
    const { a } = await loadAssessmentFor(knex, actor, routeId(req), 'transition');
    render(req, res, 'cancel.njk', { a, cluster: await clusterRef(knex, a), canCancel: TRANSITIONS[a.state].includes('cancelled') });
  });

  r.post('/assessments/:id/cancel', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      if (req.body.confirm !== 'yes')
        throw badRequest({ key: 'decisionCheck.confirmCancel' }, [{ path: '/confirm', message: 'is required' }]);
      await inTransaction(knex, (trx) => transitionAssessment(trx, actor, routeId(req), 'cancelled', null));
      setFlash(req, 'ok', fill(t.stateChanged, { state: t.states.cancelled }));
    } catch (e) {
      flashFormError(req, e);
      return void (await redirectAfterPost(req, res, `/assessments/${routeId(req)}/cancel`));
    }
    await redirectAfterPost(req, res, `/assessments/${routeId(req)}`);
  });
  return r;
}
