/**
 * The web pages: server-rendered with nunjucks (autoescaping), a little vanilla script, chart.js in
 * the browser. Mounted after the JSON API; the pages call the same services and the same policy.
 */
import path from 'node:path';
import express, { Router, type ErrorRequestHandler } from 'express';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { EvidenceError } from '../../scoring/errors';
import { pickLang, render, webDir } from './render';
import { texts, type Lang } from './i18n';
import { authPages } from './pages/auth';
import { accountPages } from './pages/account';
import { notificationPages } from './pages/notifications';
import { dashboardPages } from './pages/dashboard';
import { assessmentPages } from './pages/assessment';
import { interviewPages } from './pages/interview';
import { checklistPages } from './pages/checklist';
import { surveyPages } from './pages/survey';
import { surveyManagePages } from './pages/surveyManage';
import { scorePages } from './pages/score';
import { calibrationPages } from './pages/calibration';
import { improvementAreaPages } from './pages/improvementAreas';
import { eligibilityPages } from './pages/eligibility';
import { narrativePages } from './pages/narrative';
import { teamPages } from './pages/team';
import { clusterPages } from './pages/cluster';
import { reconciliationPages } from './pages/reconciliation';
import { decisionPages } from './pages/decision';

const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

/** Static files: our CSS and scripts, and chart.js from its package. */
export function staticFiles(): Router {
  const r = Router();
  r.get('/favicon.ico', (_req, res) => res.type('image/svg+xml').sendFile(path.join(webDir('static'), 'favicon.svg'), { maxAge: '1d' }));
  r.get('/static/vendor/chart.umd.js', (_req, res) => res.sendFile(CHART_JS, { maxAge: '1d' }));
  r.use('/static', express.static(webDir('static'), { maxAge: '1h', index: false, fallthrough: true }));
  return r;
}

export function webRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use((req, res, next) => {
    if (req.path.startsWith('/api/') || req.path.startsWith('/static/')) return next();
    res.locals.lang = pickLang(req, res);
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  for (const pages of [
    authPages,
    accountPages,
    notificationPages,
    dashboardPages,
    assessmentPages,
    interviewPages,
    checklistPages,
    surveyPages,
    surveyManagePages,
    scorePages,
    calibrationPages,
    improvementAreaPages,
    eligibilityPages,
    narrativePages,
    reconciliationPages,
    decisionPages,
    teamPages,
    clusterPages,
  ])
    r.use(pages(ctx));

  // an unknown page (not the API's paths, which keep their JSON 404)
  r.use((req, res, next) => {
    if (req.method !== 'GET' || req.path.startsWith('/api/') || req.path.startsWith('/static/') || !req.accepts('html')) return next();
    render(req, res, 'error.njk', { title: texts(res.locals.lang as Lang).notFoundTitle, message: null }, { status: 404 });
  });

  // Errors on pages become pages: 401 sends to sign-in, others show a page in the user's language.
  const pageErrors: ErrorRequestHandler = (err, req, res, next) => {
    if (req.path.startsWith('/api/') || res.headersSent) return next(err);
    const lang = (res.locals.lang as Lang | undefined) ?? 'en';
    const t = texts(lang);
    const e = err instanceof AppError ? err : null;
    if (e?.status === 401) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    // evidence the engine refuses: the problems named, on any page that scores (a state, not a fault)
    if (err instanceof EvidenceError)
      return render(
        req,
        res,
        'error.njk',
        { title: t.evidenceProblemsTitle, message: t.evidenceProblemsIntro, problems: err.errors },
        { status: 409 },
      );
    if (!e) req.log?.error({ err }, 'unhandled error on a page');
    const status = e?.status ?? (typeof err?.status === 'number' && err.status < 500 ? err.status : 500);
    const title =
      status === 404 ? t.notFoundTitle : status === 403 ? (e?.code === 'csrf_failed' ? t.errorTitle : t.forbiddenTitle) : t.errorTitle;
    const message = e?.code === 'csrf_failed' ? t.csrfFailed : status < 500 ? (e?.localized(lang) ?? null) : null;
    const sessionless = req.path.startsWith('/survey/');
    render(req, res, 'error.njk', { title, message }, { status, sessionless });
  };
  r.use(pageErrors);
  return r;
}
