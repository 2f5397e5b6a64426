/**
 * What happens before the server answers: migrations, the default framework, the first admin from
 * ADMIN_EMAIL/ADMIN_PASSWORD when there are no users, and the demo data when DEMO=1 on an empty database.
 */
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/knex';
import { migrateLatest } from './db/knex';
import { inTransaction } from './db/transaction';
import { bundledFrameworks } from '../questionnaires';
import { registerFramework } from './services/frameworks';
import { countUsers, createUser } from './services/users';
import { seedDemo } from './demo';
import { resolveSessionSecret } from './secrets';
import { openAudit } from './services/audit';

export async function bootstrap(db: Database, config: Config, logger: Logger): Promise<void> {
  await migrateLatest(db.knex);
  // the audit key and chain head before anything appends to the audit log
  await openAudit(db, config, logger);
  // the default framework first (1.0.0), then its later versions (1.1.0: the eligibility checklist)
  for (const fw of bundledFrameworks()) await registerFramework(db.knex, fw);
  if ((await countUsers(db.knex)) === 0 && config.adminEmail && config.adminPassword) {
    await inTransaction(db.knex, (trx) =>
      createUser(trx, { email: config.adminEmail!, name: 'Administrator', password: config.adminPassword!, role: 'admin' }, null),
    );
    logger.info({ email: config.adminEmail }, 'created the first admin');
  }
  if (config.demo) {
    const seeded = await seedDemo(db, logger, resolveSessionSecret(config));
    if (seeded) logger.info('seeded the demo data (see README for the demo accounts)');
  }
}
