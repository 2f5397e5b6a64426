import { Router } from 'express';
import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { routeId } from '../http/params';
import { requireActor, requireRole, type Actor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { createCluster, publicCluster } from '../services/clusters';
import { labelsVisibleTo } from '../services/labels';
import { notFound } from '../errors';

/** Admins and benchmarkers see every cluster; a manager its own; a trainee those it shadows. */
export async function maySeeCluster(knex: Knex, actor: Actor, clusterId: number): Promise<boolean> {
  if (actor.role === 'admin' || actor.role === 'benchmarker') return true;
  if (actor.role === 'cluster_manager') return actor.clusterId === clusterId;
  const row = await knex('assessment_trainees as t').join('assessments as a', 'a.id', 't.assessment_id').where({ 't.user_id': actor.id, 'a.cluster_id': clusterId }).first('a.id');
  return Boolean(row);
}

export function clusterRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/clusters', async (req, res) => {
    const actor = requireRole(req, 'admin', 'benchmarker');
    res.status(201).json(await inTransaction(knex, (trx) => createCluster(trx, req.body, actor)));
  });

  r.get('/api/clusters', async (req, res) => {
    const actor = requireActor(req);
    const q = knex('clusters').orderBy('name');
    if (actor.role === 'cluster_manager') q.where({ id: actor.clusterId ?? -1 });
    else if (actor.role === 'trainee') q.whereIn('id', knex('assessment_trainees as t').join('assessments as a', 'a.id', 't.assessment_id').where('t.user_id', actor.id).select('a.cluster_id'));
    res.json((await q).map(publicCluster));
  });

  r.get('/api/clusters/:id', async (req, res) => {
    const actor = requireActor(req);
    const id = routeId(req);
    const row = id === null ? null : await knex('clusters').where({ id }).first();
    if (!row || !(await maySeeCluster(knex, actor, Number(row.id)))) throw notFound('Cluster');
    // the labels this actor may know: released ones, and unreleased ones only for their assessors and the admin
    const labels = await labelsVisibleTo(knex, actor, Number(row.id));
    res.json({
      ...publicCluster(row),
      labels: labels.map((l) => ({ label: l.label, issued: l.issued, validUntil: l.validUntil, certificateCode: l.certificateCode, state: l.state, supersededBy: l.supersededBy })),
    });
  });
  return r;
}
