import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor, requireRole, type Actor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { appendAudit } from '../services/audit';
import { notFound } from '../errors';

const NewCluster = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    sector: Type.String({ minLength: 1, maxLength: 120 }),
    foundedYear: Type.Integer({ minimum: 1900, maximum: 2100 }),
    region: Type.Optional(Type.String({ maxLength: 120 })),
    website: Type.Optional(Type.String({ maxLength: 300, pattern: '^https?://' })),
    members: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })),
    benchmarkConsent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export function publicCluster(row: Record<string, any>) {
  return {
    id: Number(row.id), name: row.name, country: row.country, sector: row.sector, foundedYear: Number(row.founded_year),
    region: row.region ?? null, website: row.website ?? null, members: row.members == null ? null : Number(row.members),
    benchmarkConsent: Boolean(row.benchmark_consent),
  };
}

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
    const c = check(NewCluster, req.body);
    const created = await inTransaction(knex, async (trx) => {
      const row = {
        name: c.name, country: c.country, sector: c.sector, founded_year: c.foundedYear, region: c.region ?? null,
        website: c.website ?? null, members: c.members ?? null, benchmark_consent: c.benchmarkConsent ?? false, created_at: new Date().toISOString(),
      };
      const [ins] = await trx('clusters').insert(row).returning(['id']);
      const out = publicCluster({ ...row, id: ins.id });
      await appendAudit(trx, { actorId: actor.id, action: 'cluster.create', entity: 'cluster', entityId: out.id, after: out });
      return out;
    });
    res.status(201).json(created);
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
    const labels = await knex('labels').where({ cluster_id: row.id }).orderBy('issued_on', 'desc').select('label', 'issued_on', 'valid_until', 'certificate_code');
    res.json({ ...publicCluster(row), labels: labels.map((l) => ({ label: l.label, issued: l.issued_on, validUntil: l.valid_until, certificateCode: l.certificate_code })) });
  });
  return r;
}
