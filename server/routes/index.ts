import { Router } from 'express';
import type { AppContext } from '../context';
import { healthRoutes } from './health';
import { authRoutes } from './auth';
import { userRoutes } from './users';
import { clusterRoutes } from './clusters';
import { frameworkRoutes } from './frameworks';
import { assessmentRoutes } from './assessments';
import { valueRoutes } from './values';

export function apiRouter(ctx: AppContext): Router {
  const r = Router();
  for (const routes of [healthRoutes, authRoutes, userRoutes, clusterRoutes, frameworkRoutes, assessmentRoutes, valueRoutes]) {
    r.use(routes(ctx));
  }
  return r;
}
