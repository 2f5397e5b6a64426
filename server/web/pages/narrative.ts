/**
 * The expert's narrative in the browser (issue 18, item 1): the lead's form (summary, strengths and
 * weaknesses one per line, a comment per area, the recommendations with their order, a drop with its
 * reason), the co-assessor's comment, read-only for the rest and from the decision on. Stored by the
 * same service as PUT /api/assessments/:id/narrative. The form posts without JavaScript;
 * static/js/narrative.js autosaves it through the JSON API after a pause (version-checked).
 */
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { commentNarrative, NarrativeComment, NarrativePutSchema, readNarrative, saveNarrative } from '../../services/narrative';
import { requireActor, type Actor } from '../../auth/actor';
import type { Tx } from '../../db/types';
import { inTransaction } from '../../db/transaction';
import { check } from '../../http/validate';
import { routeId } from '../../http/params';
import { AppError } from '../../errors';
import { checkFormCsrf } from '../csrf';
import { redirectAfterPost, render, setFlash } from '../render';
import { texts, type Lang } from '../i18n';
import { loc } from '../data';

const form = [express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 400 }), checkFormCsrf];

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const lines = (v: unknown) =>
  str(v)
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
const int = (v: unknown) => (/^-?[0-9]{1,9}$/.test(str(v).trim()) ? Number(str(v).trim()) : Number.NaN);

/**
 * The form as the API's body: `rec_text_N`, `rec_indicator_N`, `rec_order_N`, `rec_owner_N`, `rec_due_N`
 * (the action plan's owner and due date, YYYY-MM-DD), `rec_drop_N`, `rec_reason_N` per row (a row with an empty text is removed), `area_STR` …, `summary`, `strengths` and `weaknesses`
 * one per line, `version`. The rows are put in the order of their order fields (ties: as listed).
 */
export function narrativeFromForm(body: Record<string, unknown>) {
  const rows = Object.keys(body)
    .map((k) => /^rec_text_([0-9]{1,3})$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map((n, i) => ({ n, i, order: int(body[`rec_order_${n}`]) }))
    .filter(({ n }) => str(body[`rec_text_${n}`]).trim() !== '')
    .sort((x, y) => (Number.isNaN(x.order) ? x.i : x.order) - (Number.isNaN(y.order) ? y.i : y.order) || x.i - y.i);
  const areas: Record<string, string> = {};
  for (const k of Object.keys(body)) {
    const code = /^area_([A-Z]{2,5})$/.exec(k)?.[1];
    if (code && str(body[k]).trim() !== '') areas[code] = str(body[k]);
  }
  const indicators: Record<string, string> = {};
  for (const k of Object.keys(body)) {
    const id = /^ind_([A-Z]{2,5}-[0-9]{1,3})$/.exec(k)?.[1];
    if (id && str(body[k]).trim() !== '') indicators[id] = str(body[k]);
  }
  return {
    version: int(body.version),
    summary: str(body.summary),
    strengths: lines(body.strengths),
    weaknesses: lines(body.weaknesses),
    areas,
    indicators,
    recommendations: rows.map(({ n }) => {
      const indicator = str(body[`rec_indicator_${n}`]);
      const owner = str(body[`rec_owner_${n}`]).trim();
      const due = str(body[`rec_due_${n}`]).trim();
      return {
        indicator: indicator === '' ? null : indicator,
        text: str(body[`rec_text_${n}`]),
        ...(owner !== '' ? { owner } : {}),
        ...(due !== '' ? { due } : {}),
        ...(body[`rec_drop_${n}`] ? { dropped: { reason: str(body[`rec_reason_${n}`]) } } : {}),
      };
    }),
  };
}

/** A refusal in the reader's words (403 and 404 answer as the API does: rethrown). */
function formErrorText(e: unknown, lang: Lang): string {
  if (!(e instanceof AppError) || e.status >= 500 || e.status === 403 || e.status === 404) throw e;
  if (e.code === 'version_conflict') return texts(lang).narrativeConflict;
  return e.localized(lang);
}

export function narrativePages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/narrative', async (req, res) => {
    const lang = res.locals.lang as Lang;
    const view = await readNarrative(knex, requireActor(req), routeId(req), lang);
    const n = view.narrative;
    render(req, res, 'narrative.njk', {
      a: { id: view.assessmentId, state: view.state },
      cluster: view.cluster,
      view,
      summaryParagraphs: n.summary.split(/\n\s*\n/).filter((p) => p.trim() !== ''),
      areas: view.areas.map((x) => ({
        code: x.code,
        name: loc(x.name, lang),
        comment: n.areas[x.code] ?? '',
        indicators: x.indicators.map((i) => ({ id: i.id, name: loc(i.name, lang), comment: n.indicators?.[i.id] ?? '' })),
      })),
      recs: n.recommendations.map((x, i) => ({ ...x, n: i + 1 })),
      // a free row to add one (without JavaScript)
      blank: n.recommendations.length + 1,
      indicators: view.engine.map((e) => e.indicator),
      decided: ['decided', 'released'].includes(view.state),
    });
  });

  /** A form's save: `save` runs in a transaction; the outcome is the page's flash, in the reader's language. */
  const saving =
    (save: (trx: Tx, actor: Actor, id: number | null, b: Record<string, unknown>, lang: Lang) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      const actor = requireActor(req);
      const lang = res.locals.lang as Lang;
      try {
        await inTransaction(knex, (trx) => save(trx, actor, routeId(req), req.body as Record<string, unknown>, lang));
        setFlash(req, 'ok', texts(lang).narrativeSaved);
      } catch (e) {
        setFlash(req, 'error', formErrorText(e, lang));
      }
      await redirectAfterPost(req, res, `/assessments/${routeId(req) ?? ''}/narrative`);
    };

  r.post(
    '/assessments/:id/narrative',
    ...form,
    saving((trx, actor, id, b, lang) => saveNarrative(trx, actor, id, check(NarrativePutSchema, narrativeFromForm(b)), lang)),
  );
  r.post(
    '/assessments/:id/narrative/comment',
    ...form,
    saving((trx, actor, id, b, lang) =>
      commentNarrative(trx, actor, id, check(NarrativeComment, { comment: str(b.comment), version: int(b.version) }), lang),
    ),
  );
  return r;
}
