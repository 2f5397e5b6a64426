/** The assessment overview: team, state changes, survey link, decision, downloads. */
import express, { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { may } from '../../auth/policy';
import { routeId } from '../../http/params';
import { inTransaction } from '../../db/transaction';
import { loadAssessmentFor, TransitionBody, OPEN_STATES, TRANSITIONS } from '../../services/assessments';
import { frameworkByHash } from '../../services/frameworks';
import { changeAssessmentState } from '../../services/stateChange';
import { decisionStatus } from '../../services/decision';
import { outcomeFor } from '../../services/labels';
import { mayReadClusterHistory } from '../../services/clusterHistory';
import { eligibilityState } from '../../services/eligibilityGate';
import { createSurveyLink, MAX_INVITED } from '../../services/survey';
import { teamWarningsOf } from '../../services/teamCheck';
import { check } from '../../http/validate';
import { AppError } from '../../errors';
import { checkFormCsrf } from '../csrf';
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { checklistCounts, checklistRows, documentsOf, linksNarrative, people, recordable, recordedBy, surveyState } from '../data';

const form = [express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), checkFormCsrf];

/** The moves a lead or admin can offer from each state: the lifecycle's (the server still checks every rule). */
const MOVES = TRANSITIONS;

export function assessmentPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const { a, rel } = await loadAssessmentFor(knex, actor, routeId(req), 'read');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const who = await people(knex, a);
    const counts = checklistCounts(checklistRows(fw, await documentsOf(knex, a.id), lang));
    // the decided label and its certificate, for those who may know it yet (services/labels.ts)
    const { label, decision } = await outcomeFor(knex, actor, a);
    const shadow = rel.has('trainee') && !rel.has('lead') && !rel.has('co');
    const runner =
      OPEN_STATES.includes(a.state) &&
      (rel.has('lead') || rel.has('co') || rel.has('trainee') || (rel.has('manager') && a.state === 'preparation'));
    const recorded = runner ? (await recordedBy(knex, a.id, actor.id, shadow)).size : 0;
    const surveyUrl = req.session.surveyUrl?.assessmentId === a.id ? req.session.surveyUrl.url : null;
    if (surveyUrl) delete req.session.surveyUrl;
    // a Gold decision's confirmations, and the change that last withdrew them, for both assessors
    const fourEyes =
      a.requestedLabel === 'gold' && a.state === 'review' && may(actor, a, 'readDecisionStatus')
        ? await decisionStatus(knex, actor, a.id)
        : null;
    // the eligibility checklist's count, where the framework version has one (1.1.0) and the actor reads it
    const eligibility =
      fw.definition.eligibility !== undefined && may(actor, a, 'readEligibility') ? await eligibilityState(knex, a) : null;
    render(req, res, 'assessment.njk', {
      a,
      fw: fw.definition,
      who,
      counts,
      label,
      decision,
      survey: await surveyState(knex, a.id),
      surveyUrl,
      fourEyes,
      // what the team and the cluster's history will fail (G4, S1, S2), for whoever may still change the team
      teamWarnings: await teamWarningsOf(knex, actor, a, lang),
      moves: may(actor, a, 'transition') ? MOVES[a.state] : [],
      can: {
        runner,
        shadow,
        self: rel.has('manager') && !rel.has('lead'),
        checklist: may(actor, a, 'readDocument'),
        score: may(actor, a, 'readScore'),
        // the expert's narrative, written from the interview on (services/narrative.ts)
        narrative: linksNarrative(actor, a),
        calibration: may(actor, a, 'readCalibration') && a.traineeIds.length > 0,
        report: may(actor, a, 'readReport') && (a.state === 'decided' || a.state === 'released'),
        survey: may(actor, a, 'createSurvey') && OPEN_STATES.includes(a.state),
        decide: may(actor, a, 'decide') && a.state === 'review',
        reconcile: a.requestedLabel === 'gold' && may(actor, a, 'readReconciliation'),
        changeTeam: may(actor, a, 'changeTeam') && a.state === 'preparation',
        // the cluster's labels and cycles (/clusters/:id), for whoever may read them
        clusterHistory: await mayReadClusterHistory(knex, actor, a.clusterId),
        // the eligibility checklist before the interview, where the framework version has one (1.1.0)
        eligibility: eligibility !== null,
      },
      recorded,
      recordable: recordable(fw).length,
      eligibilityCount: eligibility && {
        met: eligibility.criteria.length - eligibility.failed.length,
        total: eligibility.criteria.length,
      },
    });
  });

  r.post('/assessments/:id/transition', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      const { to } = check(TransitionBody, { to: req.body.to });
      await changeAssessmentState(knex, actor, routeId(req), to, null, {
        baseUrl: ctx.config.baseUrl,
        onStoreError: (err) => req.log.error({ err }, 'released documents not stored at release'),
      });
      setFlash(req, 'ok', fill(t.stateChanged, { state: t.states[to] }));
    } catch (e) {
      flashFormError(req, e);
    }
    await redirectAfterPost(req, res, `/assessments/${routeId(req)}`);
  });

  r.post('/assessments/:id/survey', ...form, async (req, res) => {
    const actor = requireActor(req);
    const raw = String(req.body.invited ?? '').trim();
    try {
      // empty: a new link for the survey there is, keeping its count
      const invited = raw === '' ? undefined : /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
      if (invited !== undefined && !(invited >= 1 && invited <= MAX_INVITED))
        throw new AppError(400, 'invalid_input', {
          key: 'errors.invitedRange',
          values: { field: { key: 'surveyInvited' }, max: MAX_INVITED },
        });
      const { url } = await inTransaction(knex, (trx) =>
        createSurveyLink(trx, actor, routeId(req), invited, ctx.config.baseUrl, ctx.sessionSecret),
      );
      req.session.surveyUrl = { assessmentId: routeId(req)!, url };
    } catch (e) {
      flashFormError(req, e);
    }
    await redirectAfterPost(req, res, `/assessments/${routeId(req)}#survey`);
  });
  return r;
}
