import { Router } from 'express';
import type { AppContext } from '../context';
import { routeId } from '../http/params';
import { requireActor, requireRole } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { clustersVisibleTo, clusterWithLabels, createCluster } from '../services/clusters';
import { clusterHistory } from '../services/clusterHistory';

export { maySeeCluster } from '../services/clusters';

export function clusterRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/clusters', async (req, res) => {
    const actor = requireRole(req, 'admin', 'benchmarker');
    res.status(201).json(await inTransaction(knex, (trx) => createCluster(trx, req.body, actor)));
  });

  r.get('/api/clusters', async (req, res) => {
    res.json(await clustersVisibleTo(knex, requireActor(req)));
  });

  r.get('/api/clusters/:id', async (req, res) => {
    res.json(await clusterWithLabels(knex, requireActor(req), routeId(req)));
  });

  // the cluster across its cycles: labels as a timeline, every cycle's assessments, the renewal window (services/clusterHistory.ts)
  r.get('/api/clusters/:id/history', async (req, res) => {
    res.json(await clusterHistory(knex, requireActor(req), routeId(req)));
  });
  return r;
}
