/**
 * Improvement areas (FRAMEWORK.md §5.2 S4) in the browser: the list with its links and the lead's
 * validation, the add form (manager and lead) and a validate form per area (lead), stored by the same
 * services as the JSON API (services/improvementAreas.ts), outcomes as a flash. Without JavaScript.
 */
import express, { Router, type Request } from 'express';
import type { AppContext } from '../../context';
import { addImprovementArea, listImprovementAreas, Mark, markImprovementArea, NewArea } from '../../services/improvementAreas';
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
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { clusterRef, loc } from '../data';

const form = [express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }), checkFormCsrf];

/** A checkbox group as posted: absent, one value or several. */
const picked = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/**
 * Refusals (403, 404) answer as the API does; a form's own errors go to the flash, a schema check's
 * as the form's field names in the reader's language (the API's details are English).
 */
function flashOrRefuse(req: Request, e: unknown): void {
  if (e instanceof AppError && (e.status === 403 || e.status === 404)) throw e;
  const t = texts((req.res?.locals.lang as Lang | undefined) ?? requestLang(req));
  const label: Record<string, string> = {
    title: t.iaTitle,
    description: t.iaDescription,
    indicators: t.iaIndicators,
    documents: t.iaDocuments,
  };
  // a schema check's details (flashFormError's case), not a rule's own problems (the service's words say it)
  const schema = e instanceof AppError && e.code === 'invalid_input' && /is invalid/.test(e.message) && Array.isArray(e.details);
  const details = schema ? ((e as AppError).details as { path: string }[]) : [];
  const fields = [...new Set(details.map((d) => label[d.path.replace(/^\//, '').split('/')[0]] ?? ''))];
  if (fields.length && !fields.includes('')) setFlash(req, 'error', fill(t.iaFormInvalid, { fields: fields.join(', ') }));
  else flashFormError(req, e);
}

export function improvementAreaPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const pageUrl = (req: Request) => `/assessments/${routeId(req)}/improvement-areas`;

  r.get('/assessments/:id/improvement-areas', async (req, res) => {
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
    render(req, res, 'improvement-areas.njk', {
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
    });
  });

  r.post('/assessments/:id/improvement-areas', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      const body = check(NewArea, {
        title: String(req.body.title ?? '').trim(),
        description: String(req.body.description ?? '').trim(),
        indicators: picked(req.body.indicators),
        documents: picked(req.body.documents),
      });
      const ia = await inTransaction(knex, (trx) => addImprovementArea(trx, actor, routeId(req), body));
      setFlash(req, 'ok', fill(t.iaAdded, { title: ia.title }));
      return void (await redirectAfterPost(req, res, `${pageUrl(req)}#ia-${ia.id}`));
    } catch (e) {
      flashOrRefuse(req, e);
    }
    await redirectAfterPost(req, res, `${pageUrl(req)}#add`);
  });

  r.post('/assessments/:id/improvement-areas/:iaId/validate', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      const answer = req.body.changeDescribed;
      const body = check(Mark, { changeDescribed: answer === 'yes' ? true : answer === 'no' ? false : answer });
      await inTransaction(knex, (trx) => markImprovementArea(trx, actor, routeId(req), routeId(req, 'iaId'), body));
      setFlash(req, 'ok', fill(t.iaValidated, { answer: body.changeDescribed ? 'yes' : 'no' }));
    } catch (e) {
      flashOrRefuse(req, e);
    }
    await redirectAfterPost(req, res, `${pageUrl(req)}#ia-${routeId(req, 'iaId') ?? ''}`);
  });
  return r;
}
