/** The trainee's calibration: blind shadow values against the final values, after the decision. */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { routeId } from '../../http/params';
import { calibration } from '../../services/scoring';
import { render } from '../render';
import type { Lang } from '../i18n';
import { clusterRef, loc } from '../data';

export function calibrationPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/calibration', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const { a, fw, decided, trainees: all } = await calibration(knex, actor, routeId(req));
    const names = new Map(fw.definition.indicators.map((i) => [i.id, loc(i.name, lang)]));
    const trainees = all.map(({ traineeId: _id, final: _final, name, ...cal }) => ({
      name: name ?? '',
      ...cal,
      deviations: cal.deviations.map((d) => ({ ...d, name: names.get(d.indicator) ?? d.indicator })),
    }));
    const cluster = await clusterRef(knex, a);
    render(req, res, 'calibration.njk', { a, cluster, decided, trainees });
  });
  return r;
}
