/**
 * The team and the interview date of an assessment, changed before the interview: the same service as
 * PATCH /api/assessments/:id (services/assessments.ts: who may, 409 once the interview started, the
 * team rules, the audit), with the team check's warnings as the form has them (admin.js renews them on
 * every change). The lead changes the co-assessor and the trainees; the admin also the lead.
 */
import express, { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor, type Actor } from '../../auth/actor';
import { may } from '../../auth/policy';
import type { Db } from '../../db/types';
import { routeId } from '../../http/params';
import { check } from '../../http/validate';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { AssessmentPatch, loadAssessmentFor, updateAssessment, type Assessment } from '../../services/assessments';
import { teamCheck, TeamCheckInput, teamCheckInputOf } from '../../services/teamCheck';
import { activeUsersByName } from '../../services/users';
import { checkFormCsrf } from '../csrf';
import { redirectAfterPost, render, setFlash } from '../render';
import { texts, type Lang } from '../i18n';
import { people } from '../data';
import { keepForm, takeForm } from '../formState';

const form = [express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 30 }), checkFormCsrf];
const str = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined);
const int = (x: unknown) => (str(x) !== undefined && /^\d{1,10}$/.test(String(x).trim()) ? Number(String(x).trim()) : undefined);

/** The form's fields as strings: what was sent and refused, else the assessment as it is. */
function formValues(a: Assessment): Record<string, string | string[]> {
  return {
    leadId: String(a.leadId),
    coAssessorId: a.coAssessorId === null ? '' : String(a.coAssessorId),
    traineeIds: a.traineeIds.map(String),
    interviewDate: a.interviewDate ?? '',
    onSite: a.onSite ? 'on' : '',
  };
}

/** The warnings of the team the form shows (none once the interview started: nothing can change then). */
async function warningsFor(knex: Db, actor: Actor, a: Assessment, values: Record<string, unknown>, lang: Lang) {
  if (a.state !== 'preparation') return [];
  try {
    const input = check(TeamCheckInput, teamCheckInputOf({ ...values, assessmentId: String(a.id) }), 'query');
    return (await teamCheck(knex, actor, input, lang)).warnings;
  } catch (e) {
    if (e instanceof AppError) return []; // a refused form: its errors say what is wrong
    throw e;
  }
}

export function teamPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/team', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const { a } = await loadAssessmentFor(knex, actor, routeId(req), 'changeTeam');
    const kept = takeForm(req);
    const f = kept?.id === 'team' ? kept : null;
    const values = f?.values ?? formValues(a);
    const users = await activeUsersByName(knex);
    render(req, res, 'team.njk', {
      a,
      who: await people(knex, a),
      f,
      v: { ...values, traineeIds: ([] as string[]).concat(values.traineeIds ?? []) },
      benchmarkers: users.filter((u) => u.role === 'benchmarker'),
      traineeUsers: users.filter((u) => u.role === 'trainee'),
      open: a.state === 'preparation',
      mayChangeLead: may(actor, a, 'changeLead'),
      teamWarnings: await warningsFor(knex, actor, a, values, lang),
    });
  });

  r.post('/assessments/:id/team', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const b = req.body as Record<string, unknown>;
    const id = routeId(req);
    try {
      const trainees = ([] as unknown[]).concat(b.traineeIds ?? []).map(int);
      const patch = check(AssessmentPatch, {
        ...(b.leadId !== undefined ? { leadId: int(b.leadId) ?? b.leadId } : {}),
        coAssessorId: int(b.coAssessorId) ?? (str(b.coAssessorId) ? b.coAssessorId : null),
        traineeIds: trainees,
        ...(str(b.interviewDate) ? { interviewDate: str(b.interviewDate) } : {}),
        onSite: b.onSite === 'on',
      });
      // the version the form was made from: a change made meanwhile is not overwritten unseen (409)
      await inTransaction(knex, (trx) => updateAssessment(trx, actor, id, patch, int(b.version) ?? null));
      setFlash(req, 'ok', t.teamSaved);
      return void (await redirectAfterPost(req, res, `/assessments/${id}`));
    } catch (e) {
      keepForm(req, 'team', e);
    }
    await redirectAfterPost(req, res, `/assessments/${id}/team`);
  });
  return r;
}
