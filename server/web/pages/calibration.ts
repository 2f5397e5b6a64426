/** The trainee's calibration: blind shadow values against the final values, after the decision. */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { authorize } from '../../auth/policy';
import { routeId } from '../../http/params';
import { getAssessment } from '../../services/assessments';
import { frameworkByHash } from '../../services/frameworks';
import { frozenDecision } from '../../services/decision';
import { shadowsOf } from '../../services/values';
import { currentScore, today } from '../../routes/score';
import { calibrate } from '../../../scoring';
import { render } from '../render';
import type { Lang } from '../i18n';
import { loc } from '../data';

export function calibrationPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/calibration', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const a = await getAssessment(knex, routeId(req));
    const rel = authorize(actor, a, 'readCalibration');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const frozen = await frozenDecision(knex, a.id);
    const final = frozen ? (frozen.evidence.values as Record<string, unknown>) : ((await currentScore(knex, a)).evidence.values as Record<string, unknown>);
    const interviewDate = frozen ? (frozen.evidence.interviewDate as string) : a.interviewDate ?? today();
    const names = new Map(fw.definition.indicators.map((i) => [i.id, loc(i.name, lang)]));
    const ids = rel.has('admin') || rel.has('lead') ? a.traineeIds : [actor.id];
    const trainees = [];
    for (const id of ids) {
      const shadows = await shadowsOf(knex, a.id, id);
      const user = await knex('users').where({ id }).first('name');
      const cal = calibrate(fw, { shadow: Object.fromEntries(shadows.map((s) => [s.indicatorId, s.value])), final, interviewDate });
      trainees.push({ name: user?.name ?? '', recorded: shadows.length, ...cal, deviations: cal.deviations.map((d) => ({ ...d, name: names.get(d.indicator) ?? d.indicator })) });
    }
    const cluster = await knex('clusters').where({ id: a.clusterId }).first('name');
    render(req, res, 'calibration.njk', { a, cluster, decided: Boolean(frozen), trainees });
  });
  return r;
}
