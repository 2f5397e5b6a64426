/**
 * The score page: label checks, the area chart against peers (the report's own chart.js
 * configuration, drawn by chart.js in the browser), every indicator with the explanation of its
 * points, recommendations, the path to the next label and what-if inputs re-scored live (without
 * JavaScript the what-if form is sent to this page, which shows the re-scored total and label).
 */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { may } from '../../auth/policy';
import { routeId } from '../../http/params';
import { frameworkByHash } from '../../services/frameworks';
import { reportInputFor } from '../../services/reportInput';
import { readScore, scoreWhatIf } from '../../services/scoring';
import { selfAssessmentsFor } from '../../services/values';
import { noteText } from '../../services/noteText';
import { AppError } from '../../errors';
import { areaChartConfig, buildReportModel, formatValue, progressChartConfig } from '../../../reports';
import { percent } from '../../../scoring/decimal';
import { isSurveyBased } from '../../../scoring/framework-index';
import { render } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { certificateOf, clusterRef, loc } from '../data';

/** A what-if input's starting value: the number the bands were applied to. */
function editable(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A self-assessed value as the score reads it: a ratio as its rounded percentage. */
function asScored(value: unknown): unknown {
  const o = value as { numerator?: unknown; denominator?: unknown } | null;
  if (o && typeof o === 'object' && typeof o.numerator === 'number' && typeof o.denominator === 'number')
    return o.denominator === 0 ? 0 : percent(o.numerator, o.denominator);
  return value;
}

export function scorePages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/score', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const { a, ...current } = await readScore(knex, actor, routeId(req));
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const { frozen, score } = current;
    const input = await reportInputFor(knex, a, fw, score, ctx.config.baseUrl);
    const model = buildReportModel(input, lang);
    const chart = areaChartConfig(model);
    // the progress since the last benchmarking (null without a previous cycle: nothing shows)
    const progressChart = progressChartConfig(model);
    const byId = new Map(score.indicators.map((i) => [i.id, i]));
    const defs = new Map(fw.definition.indicators.map((i) => [i.id, i]));
    // the what-if form sent without JavaScript: the numbers that differ from the evidence, as the script reads them
    const whatIfAllowed = may(actor, a, 'readValues');
    const asked: Record<string, string> = {};
    const wanted: Record<string, number> = {};
    if (whatIfAllowed) {
      for (const [id, v] of Object.entries(req.query)) {
        const s = byId.get(id);
        if (typeof v !== 'string' || !s || s.kind !== 'quality' || isSurveyBased(defs.get(id)!)) continue;
        asked[id] = v;
        const raw = v.trim().replace(',', '.');
        if (raw === '' || !Number.isFinite(Number(raw)) || Number(raw) === editable(s.value)) continue;
        wanted[id] = Number(raw);
      }
    }
    let whatIfText: string | null = null;
    if (Object.keys(wanted).length) {
      const t = texts(lang);
      try {
        const w = scoreWhatIf(fw, current, wanted);
        whatIfText = fill(t.whatIfResult, { points: w.total.points, label: w.label.awarded ? t.labels[w.label.awarded] : t.noLabel });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        whatIfText = e.localized(lang);
      }
    }
    const areas = model.areas.map((ar) => ({
      ...ar,
      indicators: ar.indicators.map((row) => {
        const s = byId.get(row.id)!;
        const d = defs.get(row.id)!;
        const whatIf = s.kind === 'quality' && !isSurveyBased(d) ? editable(s.value) : null;
        return {
          ...row,
          statusKey: s.status,
          scale: d.valueType === 'scale',
          whatIf,
          whatIfValue: asked[row.id] ?? whatIf,
          decimals: d.valueType === 'percent' ? 1 : d.valueType === 'fte' ? 2 : 0,
        };
      }),
    }));
    // the cluster's self-assessment against the final values, for those who may read values
    const selfValues = await selfAssessmentsFor(knex, actor, a);
    const rows = areas.flatMap((ar) => ar.indicators);
    const selfRows = selfValues
      ? rows
          .filter((row) => selfValues.has(row.id))
          .map((row) => {
            const entry = selfValues.get(row.id)!;
            const self = formatValue(asScored(entry.value), defs.get(row.id)?.valueType, lang);
            const assessed = byId.get(row.id)!.status === 'missing' ? null : row.value;
            return {
              id: row.id,
              name: row.name,
              self,
              note: noteText(entry.note),
              assessed,
              differs: assessed !== null && assessed !== self,
            };
          })
      : [];
    const cluster = await clusterRef(knex, a);
    const label = await certificateOf(knex, a);
    render(req, res, 'score.njk', {
      a,
      cluster,
      frozen,
      score,
      model,
      areas,
      chart,
      progressChart,
      label,
      whatIf: whatIfAllowed,
      whatIfText,
      selfRows,
      canReport: may(actor, a, 'readReport'),
      frameworkTitle: loc(fw.definition.title, lang),
    });
  });
  return r;
}
