/**
 * The interview runner: one indicator per screen with its guide, levels and an input fitted to its
 * value type. Values are saved by the page's script through the JSON API (autosave); the page is
 * rendered from what is stored, so it can be left and resumed at any time.
 */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { authorize } from '../../auth/policy';
import { routeId } from '../../http/params';
import { getAssessment, OPEN_STATES } from '../../services/assessments';
import { frameworkByHash } from '../../services/frameworks';
import { shadowsOf, valuesOf } from '../../services/values';
import { summariseSurvey } from '../../services/evidence';
import { surveyOf } from '../../services/survey';
import { isSurveyBased } from '../../../scoring/framework-index';
import { conflict } from '../../errors';
import { render } from '../render';
import type { Lang } from '../i18n';
import { documentsOf, checklistRows, loc, recordable } from '../data';

type Mode = 'assessor' | 'self' | 'shadow';

export function interviewPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/interview', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const a = await getAssessment(knex, routeId(req));
    const rel = authorize(actor, a, 'read');
    let mode: Mode;
    if (rel.has('lead') || rel.has('co')) mode = 'assessor';
    else if (rel.has('trainee')) mode = 'shadow';
    else {
      authorize(actor, a, 'recordValue'); // a manager only during preparation (403 otherwise)
      mode = 'self';
    }
    if (!OPEN_STATES.includes(a.state)) throw conflict(`A ${a.state} assessment is read-only.`, { state: a.state }, 'read_only');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const def = fw.definition;
    const mine = mode === 'shadow'
      ? (await shadowsOf(knex, a.id, actor.id)).map((s) => ({ indicatorId: s.indicatorId, value: s.value, note: s.note }))
      : (await valuesOf(knex, a.id, [mode === 'self' ? 'self' : 'assessor'])).filter((v) => v.authorId === actor.id);
    const stored = new Map(mine.map((v) => [v.indicatorId, v]));
    const recordableIds = recordable(fw).map((i) => i.id);
    const order = def.indicators.map((i) => i.id);
    const requested = typeof req.query.i === 'string' && order.includes(req.query.i) ? req.query.i : null;
    const currentId = requested ?? recordableIds.find((id) => !stored.has(id)) ?? order[0];
    const pos = order.indexOf(currentId);
    const ind = def.indicators[pos];

    const docs = checklistRows(fw, await documentsOf(knex, a.id), lang);
    const areas = def.areas.map((ar) => {
      const ids = def.indicators.filter((i) => i.area === ar.code && !isSurveyBased(i)).map((i) => i.id);
      return { code: ar.code, name: loc(ar.name, lang), total: ids.length, done: ids.filter((id) => stored.has(id)).length, current: ar.code === ind.area };
    });
    let surveyInfo: { value: unknown; valid: number } | null = null;
    if (isSurveyBased(ind)) {
      const survey = await surveyOf(knex, a.id);
      if (survey) {
        const summary = summariseSurvey(fw, survey);
        surveyInfo = { value: summary.means[ind.id] ?? null, valid: summary.valid };
      }
    }
    const current = stored.get(ind.id);
    const endpoint = mode === 'shadow' ? `/api/assessments/${a.id}/shadow/${ind.id}` : `/api/assessments/${a.id}/values/${ind.id}`;
    const cluster = await knex('clusters').where({ id: a.clusterId }).first('name');
    render(req, res, 'interview.njk', {
      a, mode, cluster, surveyInfo,
      ind: {
        id: ind.id, number: ind.number, kind: ind.kind, type: ind.valueType, name: loc(ind.name, lang), measures: loc(ind.measures, lang), unit: loc(ind.unit, lang),
        question: loc(ind.guide.question, lang), probes: (ind.guide.probes ?? []).map((p) => loc(p, lang)),
        levels: (ind.levels ?? []).map((l) => ({ level: l.level, text: loc(l.text, lang) })),
        notApplicable: ind.notApplicable ? loc(ind.notApplicable, lang) : null,
        codes: ind.codes ?? [], maxValue: ind.maxValue ?? null,
        surveyBased: isSurveyBased(ind),
        docs: (ind.evidence.documents ?? []).map((d) => docs.find((x) => x.id === d)).filter(Boolean),
        area: loc(def.areas.find((x) => x.code === ind.area)?.name, lang),
      },
      value: current?.value ?? null, note: current?.note ?? '', saved: Boolean(current),
      endpoint, prev: pos > 0 ? order[pos - 1] : null, next: pos < order.length - 1 ? order[pos + 1] : null,
      position: pos + 1, count: order.length, areas,
      doneTotal: recordableIds.filter((id) => stored.has(id)).length, recordableTotal: recordableIds.length,
      nav: def.indicators.map((i) => ({ id: i.id, name: loc(i.name, lang), done: stored.has(i.id), survey: isSurveyBased(i), current: i.id === ind.id })),
      userId: actor.id,
    });
  });
  return r;
}
