import { Router } from 'express';
import type { AppContext } from '../context';
import { healthRoutes } from './health';
import { authRoutes } from './auth';
import { userRoutes } from './users';
import { clusterRoutes } from './clusters';
import { frameworkRoutes } from './frameworks';
import { assessmentRoutes } from './assessments';
import { valueRoutes } from './values';
import { reconciliationRoutes } from './reconciliation';
import { documentRoutes } from './documents';
import { surveyRoutes } from './survey';
import { improvementAreaRoutes } from './improvementAreas';
import { eligibilityRoutes } from './eligibility';
import { scoreRoutes } from './score';
import { verifyRoutes } from './verify';
import { benchmarkRoutes } from '../features/benchmark';
import { whatIfRoutes } from './whatIf';
import { reportRoutes } from './reports';
import { narrativeRoutes } from './narrative';
import { notificationRoutes } from './notifications';

export function apiRouter(ctx: AppContext): Router {
  const r = Router();
  for (const routes of [
    healthRoutes,
    authRoutes,
    userRoutes,
    clusterRoutes,
    frameworkRoutes,
    assessmentRoutes,
    valueRoutes,
    reconciliationRoutes,
    documentRoutes,
    surveyRoutes,
    improvementAreaRoutes,
    eligibilityRoutes,
    scoreRoutes,
    verifyRoutes,
    benchmarkRoutes,
    reportRoutes,
    whatIfRoutes,
    narrativeRoutes,
    notificationRoutes,
  ]) {
    r.use(routes(ctx));
  }
  return r;
}
