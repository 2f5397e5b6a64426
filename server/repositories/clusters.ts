/** The clusters table: the only code that reads or writes it, and where its rows become PublicCluster. */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';

export interface PublicCluster {
  id: number;
  name: string;
  country: string;
  sector: string;
  foundedYear: number;
  region: string | null;
  website: string | null;
  members: number | null;
  benchmarkConsent: boolean;
}

export function publicCluster(row: Record<string, any>): PublicCluster {
  return {
    id: Number(row.id),
    name: row.name,
    country: row.country,
    sector: row.sector,
    foundedYear: Number(row.founded_year),
    region: row.region ?? null,
    website: row.website ?? null,
    members: row.members == null ? null : Number(row.members),
    benchmarkConsent: Boolean(row.benchmark_consent),
  };
}

export type NewClusterRow = Omit<PublicCluster, 'id'>;

export async function clusterExists(db: Db | Tx, id: number): Promise<boolean> {
  return Boolean(await db('clusters').where({ id }).first('id'));
}

export async function clusterById(db: Db | Tx, id: number): Promise<PublicCluster | undefined> {
  const row = await db('clusters').where({ id }).first();
  return row ? publicCluster(row) : undefined;
}

/** How many clusters there are (the demo seeds only an empty database). */
export async function countClusters(db: Db): Promise<number> {
  const { n } = (await db('clusters').count({ n: '*' }).first()) as { n: number | string };
  return Number(n);
}

/** The id and name of every cluster of a country. */
export async function clusterNamesOf(db: Db | Tx, country: string): Promise<{ id: number; name: string }[]> {
  const rows = await db('clusters').where({ country }).select('id', 'name');
  return rows.map((r: { id: number | string; name: string }) => ({ id: Number(r.id), name: r.name }));
}

/** Inserts a cluster; the unique index on (lower(name), country) may refuse it (the caller translates). */
export async function insertCluster(trx: Tx, c: NewClusterRow, createdAt: string): Promise<number> {
  const row = {
    name: c.name,
    country: c.country,
    sector: c.sector,
    founded_year: c.foundedYear,
    region: c.region,
    website: c.website,
    members: c.members,
    benchmark_consent: c.benchmarkConsent,
    created_at: createdAt,
  };
  return Number((await trx('clusters').insert(row).returning(['id']))[0].id);
}

/** Which clusters a user sees: all, one (a manager's), or those of the assessments a trainee shadows. */
export type ClusterScope = { all: true } | { clusterId: number } | { traineeId: number };

export async function listClusters(db: Db, scope: ClusterScope): Promise<PublicCluster[]> {
  const q = db('clusters').orderBy('name');
  if ('clusterId' in scope) q.where({ id: scope.clusterId });
  else if ('traineeId' in scope)
    q.whereIn(
      'id',
      db('assessment_trainees as t')
        .join('assessments as a', 'a.id', 't.assessment_id')
        .where('t.user_id', scope.traineeId)
        .select('a.cluster_id'),
    );
  return (await q).map(publicCluster);
}

/** Whether the trainee shadows an assessment of the cluster. */
export async function traineeShadowsCluster(db: Db, traineeId: number, clusterId: number): Promise<boolean> {
  const row = await db('assessment_trainees as t')
    .join('assessments as a', 'a.id', 't.assessment_id')
    .where({ 't.user_id': traineeId, 'a.cluster_id': clusterId })
    .first('a.id');
  return Boolean(row);
}

// ── a cluster as an assessment's evidence, pages and report read it ──

export interface ClusterInfo {
  id: number;
  name: string;
  country: string;
  sector: string;
  foundedYear: number;
  region: string | null;
  benchmarkConsent: boolean;
}

function clusterFromRow(r: Record<string, any>): ClusterInfo {
  return {
    id: Number(r.id),
    name: r.name,
    country: r.country,
    sector: r.sector,
    foundedYear: Number(r.founded_year),
    region: r.region ?? null,
    benchmarkConsent: Boolean(r.benchmark_consent),
  };
}

/** The assessment's cluster (plain SQL: every score read assembles the evidence from it). */
export async function clusterOf(db: Db, clusterId: number): Promise<ClusterInfo | null> {
  const row = await sqlOf(db).get('select * from clusters where id = ?', [clusterId]);
  return row ? clusterFromRow(row) : null;
}

/** The cluster's name (a page's breadcrumb), or null. */
export async function clusterName(db: Db, clusterId: number): Promise<string | null> {
  const row = await db('clusters').where({ id: clusterId }).first('name');
  return row ? (row.name as string) : null;
}
