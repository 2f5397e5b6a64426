/**
 * Clusters: creation by one rule for the API (POST /api/clusters) and the dashboard's form. A cluster
 * is known by its name within its country: a second one with the same name (case and surrounding
 * spaces ignored) in the same country is refused with 409 cluster_exists. The unique index on
 * (lower(name), country) (migration 006) holds the rule against concurrent creations too.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { check } from '../http/validate';
import { isUniqueViolation } from '../db/dialect';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors';
import { appendAudit } from './audit';

export const NewCluster = Type.Object(
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
export type NewCluster = Static<typeof NewCluster>;

export function publicCluster(row: Record<string, any>) {
  return {
    id: Number(row.id), name: row.name, country: row.country, sector: row.sector, foundedYear: Number(row.founded_year),
    region: row.region ?? null, website: row.website ?? null, members: row.members == null ? null : Number(row.members),
    benchmarkConsent: Boolean(row.benchmark_consent),
  };
}
export type PublicCluster = ReturnType<typeof publicCluster>;

/** 409 cluster_exists, naming the cluster that has the name already */
export const clusterExists = (name: string, country: string, clusterId: number) =>
  new AppError(409, 'cluster_exists', `A cluster named ${name} exists in ${country} already.`, { clusterId });

/** The cluster of this country whose name equals `name` but for case, if any. */
async function sameName(knex: Knex, name: string, country: string): Promise<number | null> {
  const key = name.toLowerCase();
  const rows = await knex('clusters').where({ country }).select('id', 'name');
  const hit = rows.find((r: { name: string }) => r.name.toLowerCase() === key);
  return hit ? Number(hit.id) : null;
}

/**
 * Checks `input` against NewCluster (after trimming the name), refuses a duplicate, inserts and
 * audits. The caller holds the transaction.
 */
export async function createCluster(trx: Knex.Transaction, input: unknown, actor: Actor): Promise<PublicCluster> {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const c = check(NewCluster, typeof raw.name === 'string' ? { ...raw, name: raw.name.trim() } : raw);
  const existing = await sameName(trx, c.name, c.country);
  if (existing !== null) throw clusterExists(c.name, c.country, existing);
  const row = {
    name: c.name, country: c.country, sector: c.sector, founded_year: c.foundedYear, region: c.region ?? null,
    website: c.website ?? null, members: c.members ?? null, benchmark_consent: c.benchmarkConsent ?? false, created_at: new Date().toISOString(),
  };
  let id: number;
  try {
    // in a savepoint: a concurrent creation that won the unique index leaves this transaction usable
    id = await inTransaction(trx, async (sp) => Number((await sp('clusters').insert(row).returning(['id']))[0].id));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw clusterExists(c.name, c.country, (await sameName(trx, c.name, c.country)) ?? 0);
  }
  const out = publicCluster({ ...row, id });
  await appendAudit(trx, { actorId: actor.id, action: 'cluster.create', entity: 'cluster', entityId: out.id, after: out });
  return out;
}
