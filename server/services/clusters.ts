/**
 * Clusters: creation by one rule for the API (POST /api/clusters) and the dashboard's form. A cluster
 * is known by its name within its country: a second one with the same name (case and surrounding
 * spaces ignored) in the same country is refused with 409 cluster_exists. The unique index on
 * (lower(name), country) (migration 006) holds the rule against concurrent creations too.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Db, Tx } from '../db/types';
import type { Actor } from '../auth/actor';
import { check, CountryCode } from '../http/validate';
import { isUniqueViolation } from '../db/dialect';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors';
import { appendAudit } from './audit';
import {
  clusterById,
  clusterNamesOf,
  insertCluster,
  listClusters,
  traineeShadowsCluster,
  type PublicCluster,
} from '../repositories/clusters';
import { notFound } from '../errors';
import { labelsVisibleTo } from './labels';
import { readableCycles } from './clusterHistory';

export { clusterById, listClusters, publicCluster, type PublicCluster } from '../repositories/clusters';

export const NewCluster = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    country: CountryCode(),
    sector: Type.String({ minLength: 1, maxLength: 120 }),
    foundedYear: Type.Integer({ minimum: 1900, maximum: 2100 }),
    region: Type.Optional(Type.String({ maxLength: 120 })),
    website: Type.Optional(Type.String({ maxLength: 300, pattern: '^https?://' })),
    members: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })),
    benchmarkConsent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewCluster = Static<typeof NewCluster>;

/** 409 cluster_exists, naming the cluster that has the name already */
export const clusterExists = (name: string, country: string, clusterId: number) =>
  new AppError(409, 'cluster_exists', { key: 'errors.clusterExists', values: { name, country } }, { clusterId });

/** The cluster of this country whose name equals `name` but for case, if any. */
async function sameName(knex: Db | Tx, name: string, country: string): Promise<number | null> {
  const key = name.toLowerCase();
  const hit = (await clusterNamesOf(knex, country)).find((r) => r.name.toLowerCase() === key);
  return hit ? hit.id : null;
}

/**
 * Checks `input` against NewCluster (after trimming the name), refuses a duplicate, inserts and
 * audits. The caller holds the transaction.
 */
export async function createCluster(trx: Tx, input: unknown, actor: Actor): Promise<PublicCluster> {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const c = check(NewCluster, typeof raw.name === 'string' ? { ...raw, name: raw.name.trim() } : raw);
  const existing = await sameName(trx, c.name, c.country);
  if (existing !== null) throw clusterExists(c.name, c.country, existing);
  const row = {
    name: c.name,
    country: c.country,
    sector: c.sector,
    foundedYear: c.foundedYear,
    region: c.region ?? null,
    website: c.website ?? null,
    members: c.members ?? null,
    benchmarkConsent: c.benchmarkConsent ?? false,
  };
  const createdAt = new Date().toISOString();
  let id: number;
  try {
    // in a savepoint: a concurrent creation that won the unique index leaves this transaction usable
    id = await inTransaction(trx, (sp) => insertCluster(sp, row, createdAt));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw clusterExists(c.name, c.country, (await sameName(trx, c.name, c.country)) ?? 0);
  }
  const out: PublicCluster = { id, ...row };
  await appendAudit(trx, { actorId: actor.id, action: 'cluster.create', entity: 'cluster', entityId: out.id, after: out });
  return out;
}

/** Admins and benchmarkers see every cluster; a manager its own; a trainee those it shadows. */
export async function maySeeCluster(knex: Db, actor: Actor, clusterId: number): Promise<boolean> {
  if (actor.role === 'admin' || actor.role === 'benchmarker') return true;
  if (actor.role === 'cluster_manager') return actor.clusterId === clusterId;
  return traineeShadowsCluster(knex, actor.id, clusterId);
}

/** The clusters the actor may see, by name. */
export async function clustersVisibleTo(knex: Db, actor: Actor): Promise<PublicCluster[]> {
  if (actor.role === 'cluster_manager') return listClusters(knex, { clusterId: actor.clusterId ?? -1 });
  if (actor.role === 'trainee') return listClusters(knex, { traineeId: actor.id });
  return listClusters(knex, { all: true });
}

/** One cluster with the labels the actor may know (404 for a cluster the actor may not see). */
export async function clusterWithLabels(knex: Db, actor: Actor, id: number | null) {
  const cluster = id === null ? undefined : await clusterById(knex, id);
  if (!cluster || !(await maySeeCluster(knex, actor, cluster.id))) throw notFound({ key: 'errors.things.cluster' });
  // the labels this actor may know: released ones, and unreleased ones only for their assessors and the admin
  const labels = await labelsVisibleTo(knex, actor, cluster.id);
  return {
    ...cluster,
    labels: labels.map((l) => ({
      label: l.label,
      issued: l.issued,
      validUntil: l.validUntil,
      certificateCode: l.certificateCode,
      state: l.state,
      supersededBy: l.supersededBy,
    })),
    // every cycle's assessment the actor may read (services/clusterHistory.ts)
    assessments: await readableCycles(knex, actor, cluster.id),
  };
}
