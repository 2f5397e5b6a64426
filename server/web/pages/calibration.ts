/**
 * The trainees' calibration: blind shadow values against the final values, after the decision (the
 * admin and the lead see it live before). Every compared indicator with the lead's value and note,
 * in the reader's number format; what was not compared listed apart, with why.
 */
import { Router } from 'express';
import type { Indicator } from '../../../questionnaires';
import type { CalibrationValue } from '../../../scoring';
import { formatValue } from '../../../reports';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { routeId } from '../../http/params';
import { calibration } from '../../services/scoring';
import { render } from '../render';
import { fill, texts, type Lang, type Texts } from '../i18n';
import { clusterRef, loc } from '../data';

/** A calibration value as the reader reads it: "83,9 %", "L4", "Not applicable", "—" for none. */
function shown(v: CalibrationValue | null, def: Indicator | undefined, t: Texts, lang: Lang): string {
  return v === 'not_applicable' ? t.notApplicable : formatValue(v, def?.valueType, lang);
}

/** The points a value gives, with its band's lower bound in the reader's format: "4 pt · ≥ 80,0 %" (a level names itself). */
function pointsText(points: number, band: string | null, def: Indicator | undefined, t: Texts, lang: Lang): string {
  const min = band?.match(/^≥(-?[\d.]+):/)?.[1];
  const pts = fill(t.calPoints, { points });
  return min === undefined ? pts : `${pts} · ≥ ${formatValue(Number(min), def?.valueType, lang)}`;
}

export function calibrationPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/calibration', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const t = texts(lang);
    const { a, fw, decided, trainees: all } = await calibration(knex, actor, routeId(req));
    const defs = new Map(fw.definition.indicators.map((i) => [i.id, i]));
    const name = (id: string) => loc(defs.get(id)?.name, lang);
    const trainees = all.map((cal) => ({
      name: cal.name ?? '',
      own: cal.traineeId === actor.id,
      compared: cal.compared,
      exactAgreement: cal.exactAgreement,
      withinOneBand: cal.withinOneBand,
      kappa: cal.kappa,
      disagreements: cal.rows.filter((row) => row.difference !== 0).length,
      rows: cal.rows.map((row) => {
        const def = defs.get(row.indicator);
        return {
          id: row.indicator,
          name: name(row.indicator),
          shadow: shown(row.shadowValue, def, t, lang),
          lead: shown(row.leadValue, def, t, lang),
          final: shown(row.finalValue, def, t, lang),
          shadowBand: pointsText(row.shadowPoints, row.shadowBand, def, t, lang),
          finalBand: pointsText(row.finalPoints, row.finalBand, def, t, lang),
          difference: row.difference,
          note: row.leadNote,
        };
      }),
      notCompared: cal.notCompared.map((n) => {
        const def = defs.get(n.indicator);
        return {
          id: n.indicator,
          name: name(n.indicator),
          shadow: shown(n.shadowValue, def, t, lang),
          final: shown(n.finalValue, def, t, lang),
          why: fill(t.calReasons[n.reason], { documents: n.documents.join(', ') }),
        };
      }),
    }));
    const cluster = await clusterRef(knex, a);
    render(req, res, 'calibration.njk', { a, cluster, decided, trainees });
  });
  return r;
}
