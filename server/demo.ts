/**
 * Seeds the demo data into an empty database: fictional clusters, one account per role and
 * assessments in several states. Returns false (and changes nothing) when users exist already.
 */
import type { Logger } from 'pino';
import type { Database } from './db/knex';
import { inTransaction } from './db/transaction';
import { demoClusters, demoUsers, DEMO_PASSWORD } from '../fixtures/demo';
import { createUser } from './services/users';

export async function seedDemo(db: Database, logger: Logger): Promise<boolean> {
  const { n } = (await db.knex('clusters').count({ n: '*' }).first()) as { n: number | string };
  if (Number(n) > 0) return false;
  await inTransaction(db.knex, async (trx) => {
    const now = new Date().toISOString();
    const clusterIds: Record<string, number> = {};
    for (const c of demoClusters) {
      const [row] = await trx('clusters')
        .insert({ name: c.name, country: c.country, sector: c.sector, founded_year: c.foundedYear, region: c.region, website: c.website, members: c.members, benchmark_consent: true, created_at: now })
        .returning(['id']);
      clusterIds[c.key] = Number(row.id);
    }
    for (const u of demoUsers) {
      const existing = await trx('users').where({ email: u.email }).first('id');
      if (existing) continue;
      await createUser(
        trx,
        {
          email: u.email,
          name: u.name,
          password: DEMO_PASSWORD,
          role: u.role,
          certification: 'certification' in u ? u.certification : null,
          country: 'country' in u ? u.country : null,
          clusterId: 'cluster' in u && u.cluster ? clusterIds[u.cluster] : null,
        },
        null,
      );
    }
  });
  logger.debug('demo users and clusters created');
  return true;
}
