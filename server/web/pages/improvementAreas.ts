/**
 * Improvement areas (FRAMEWORK.md §5.2 S4) in the browser: the list with its links and the lead's
 * validation, the add form (manager and lead) and a validate form per area (lead), stored by the same
 * services as the JSON API (services/improvementAreas.ts), outcomes as a flash. Without JavaScript.
 */
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import {
  addImprovementArea,
  editImprovementArea,
  FollowUp,
  followUpImprovementArea,
  listImprovementAreas,
  Mark,
  markImprovementArea,
  NewArea,
  removeImprovementArea,
} from '../../services/improvementAreas';
import { loadAssessmentFor, OPEN_STATES } from '../../services/assessments';
import { frameworkByHash } from '../../services/frameworks';
import { readScore } from '../../services/scoring';
import { requireActor } from '../../auth/actor';
import { may } from '../../auth/policy';
import { inTransaction } from '../../db/transaction';
import { check } from '../../http/validate';
import { routeId } from '../../http/params';
import { requestLang } from '../../http/lang';
import { AppError } from '../../errors';
import { explainCheck } from '../../../reports';
import { checkFormCsrf } from '../csrf';
import { redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { clusterRef, loc } from '../data';

const form = [express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }), checkFormCsrf];

/** A checkbox group as posted: absent, one value or several. */
const picked = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/**
 * A form's error in the reader's words. Refusals (403, 404) answer as the API does (rethrown); a
 * schema check's details are named by the form's fields (the API's details are English).
 */
function formErrorText(req: Request, e: unknown): string {
  if (!(e instanceof AppError) || e.status >= 500 || e.status === 403 || e.status === 404) throw e;
  const lang = (req.res?.locals.lang as Lang | undefined) ?? requestLang(req);
  const t = texts(lang);
  const label: Record<string, string> = {
    title: t.iaTitle,
    description: t.iaDescription,
    indicators: t.iaIndicators,
    documents: t.iaDocuments,
    changeMade: t.iaChangeMade,
    effect: t.iaEffect,
    comment: t.iaComment,
    followup: t.iaFollowup,
    evidence: t.iaFollowupEvidence,
  };
  // a schema check's details, not a rule's own problems (the service's words say it)
  const schema = e.code === 'invalid_input' && /is invalid/.test(e.message) && Array.isArray(e.details);
  const details = schema ? (e.details as { path: string }[]) : [];
  const fields = [...new Set(details.map((d) => label[d.path.replace(/^\//, '').split('/')[0]] ?? ''))];
  if (fields.length && !fields.includes('')) return fill(t.iaFormInvalid, { fields: fields.join(', ') });
  return e.localized(lang);
}

/** The area's fields as posted (the add and the edit form). */
function areaFromForm(body: Record<string, unknown>) {
  return {
    title: String(body.title ?? '').trim(),
    description: String(body.description ?? '').trim(),
    indicators: picked(body.indicators),
    documents: picked(body.documents),
    changeMade: String(body.changeMade ?? ''),
    effect: String(body.effect ?? ''),
  };
}

/** What a refused form showed, to show it again: which form, its input and the error. */
interface Kept {
  form: 'add' | number;
  input: ReturnType<typeof areaFromForm>;
  error: string;
}

export function improvementAreaPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const pageUrl = (req: Request) => `/assessments/${routeId(req)}/improvement-areas`;

  async function showPage(req: Request, res: Response, kept: Kept | null = null) {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const t = texts(lang);
    const { a } = await loadAssessmentFor(knex, actor, routeId(req), 'read');
    const list = await listImprovementAreas(knex, actor, a.id);
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const def = fw.definition;
    const names = new Map<string, string>([
      ...def.indicators.map((i) => [i.id, loc(i.name, lang)] as [string, string]),
      ...def.checklist.map((c) => [c.id, loc(c.item, lang)] as [string, string]),
    ]);
    const required = def.labelRules.silver?.improvementAreas ?? 3;
    let summary = fill(t.iaCount, { n: list.length, required });
    if (may(actor, a, 'readScore')) {
      try {
        const s4 = (await readScore(knex, actor, a.id)).score.label.checks.find((c) => c.rule === 'S4');
        if (s4)
          summary = fill(t.iaCountWithCheck, {
            n: list.length,
            required,
            passed: s4.passed ? 'yes' : 'no',
            detail: explainCheck(s4, undefined, lang),
          });
      } catch (e) {
        // evidence the engine refuses: the score page explains it; here the count stands alone
        if (!(e instanceof AppError)) throw e;
      }
    }
    const open = OPEN_STATES.includes(a.state);
    render(
      req,
      res,
      'improvement-areas.njk',
      {
        a,
        cluster: await clusterRef(knex, a),
        summary,
        required,
        areas: list.map((ia) => ({
          ...ia,
          indicatorRefs: ia.indicators.map((id) => ({ id, name: names.get(id) ?? '' })),
          documentRefs: ia.documents.map((id) => ({ id, name: names.get(id) ?? '' })),
        })),
        indicators: def.indicators.filter((i) => i.kind === 'quality').map((i) => ({ id: i.id, name: loc(i.name, lang) })),
        documents: def.checklist.map((c) => ({ id: c.id, name: loc(c.item, lang) })),
        canAdd: open && may(actor, a, 'addImprovementArea'),
        canMark: open && may(actor, a, 'markImprovementArea'),
        kept,
        carried: list.filter((ia) => ia.carriedFrom !== null).length,
        needs: { missing: Math.max(0, required - list.length), unvalidated: list.filter((ia) => !ia.changeDescribed).length },
      },
      { status: kept ? 400 : 200 },
    );
  }

  r.get('/assessments/:id/improvement-areas', (req, res) => showPage(req, res));

  r.post('/assessments/:id/improvement-areas', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const input = areaFromForm(req.body);
    try {
      const body = check(NewArea, input);
      const ia = await inTransaction(knex, (trx) => addImprovementArea(trx, actor, routeId(req), body));
      setFlash(req, 'ok', fill(t.iaAdded, { title: ia.title }));
      return void (await redirectAfterPost(req, res, `${pageUrl(req)}#ia-${ia.id}`));
    } catch (e) {
      // the form comes back with what was typed in it
      return showPage(req, res, { form: 'add', input, error: formErrorText(req, e) });
    }
  });

  r.post('/assessments/:id/improvement-areas/:iaId/edit', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const input = areaFromForm(req.body);
    const areaId = routeId(req, 'iaId');
    try {
      const body = check(NewArea, input);
      await inTransaction(knex, (trx) => editImprovementArea(trx, actor, routeId(req), areaId, body));
      setFlash(req, 'ok', fill(t.iaSaved, { title: body.title }));
      return void (await redirectAfterPost(req, res, `${pageUrl(req)}#ia-${areaId ?? ''}`));
    } catch (e) {
      return showPage(req, res, { form: areaId ?? -1, input, error: formErrorText(req, e) });
    }
  });

  r.post('/assessments/:id/improvement-areas/:iaId/delete', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      if (req.body.confirm !== 'yes') throw new AppError(400, 'invalid_input', { key: 'iaConfirmDelete' });
      await inTransaction(knex, (trx) => removeImprovementArea(trx, actor, routeId(req), routeId(req, 'iaId')));
      setFlash(req, 'ok', t.iaDeleted);
    } catch (e) {
      setFlash(req, 'error', formErrorText(req, e));
    }
    await redirectAfterPost(req, res, `${pageUrl(req)}#ia-summary`);
  });

  r.post('/assessments/:id/improvement-areas/:iaId/validate', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      const answer = req.body.changeDescribed;
      const body = check(Mark, {
        changeDescribed: answer === 'yes' ? true : answer === 'no' ? false : answer,
        comment: typeof req.body.comment === 'string' ? req.body.comment : '',
      });
      await inTransaction(knex, (trx) => markImprovementArea(trx, actor, routeId(req), routeId(req, 'iaId'), body));
      setFlash(req, 'ok', fill(t.iaValidated, { answer: body.changeDescribed ? 'yes' : 'no' }));
    } catch (e) {
      setFlash(req, 'error', formErrorText(req, e));
    }
    await redirectAfterPost(req, res, `${pageUrl(req)}#ia-${routeId(req, 'iaId') ?? ''}`);
  });
  // the lead's follow-up of an area carried from the last cycle
  r.post('/assessments/:id/improvement-areas/:iaId/followup', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      const body = check(FollowUp, {
        followup: req.body.followup,
        evidence: typeof req.body.evidence === 'string' ? req.body.evidence : '',
      });
      await inTransaction(knex, (trx) => followUpImprovementArea(trx, actor, routeId(req), routeId(req, 'iaId'), body));
      setFlash(req, 'ok', fill(t.iaFollowupSaved, { f: body.followup }));
    } catch (e) {
      setFlash(req, 'error', formErrorText(req, e));
    }
    await redirectAfterPost(req, res, `${pageUrl(req)}#ia-${routeId(req, 'iaId') ?? ''}`);
  });
  return r;
}
