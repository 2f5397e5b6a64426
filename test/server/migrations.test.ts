import { expect } from 'chai';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { migrateDownAll, migrateLatest } from '../../server/db/knex';
import { integrityCheck } from '../../server/db/dialect';

const TABLES = [
  'users', 'clusters', 'frameworks', 'assessments', 'assessment_trainees', 'indicator_values', 'shadow_values',
  'blobs', 'documents', 'survey_links', 'survey_responses', 'improvement_areas', 'decision_confirmations',
  'decisions', 'labels', 'audit_log', 'sessions', 'login_attempts', 'benchmark_records',
];

describe(`migrations (${testDialect})`, () => {
  let db: TestDatabase;
  before(async () => {
    db = await freshDatabase({ migrate: false });
  });
  after(() => db.drop());

  it('create every table of the data model', async () => {
    await migrateLatest(db.knex);
    for (const t of TABLES) expect(await db.knex.schema.hasTable(t), t).to.equal(true);
    expect(await integrityCheck(db.knex, db.dialect)).to.deep.equal([]);
  });

  it('roll all the way down and up again', async () => {
    await migrateDownAll(db.knex);
    for (const t of TABLES) expect(await db.knex.schema.hasTable(t), t).to.equal(false);
    await migrateLatest(db.knex);
    for (const t of TABLES) expect(await db.knex.schema.hasTable(t), t).to.equal(true);
  });

  it('enforce foreign keys', async () => {
    let error: unknown = null;
    try {
      await db.knex('users').insert({ email: 'x@y.z', name: 'x', password_hash: 'x', role: 'cluster_manager', cluster_id: 999, created_at: new Date().toISOString() });
    } catch (e) {
      error = e;
    }
    expect(error, 'insert with a dangling cluster id').to.not.equal(null);
  });

  if (testDialect === 'sqlite') {
    it('run SQLite in WAL mode with durable commits and a busy timeout', async () => {
      const mode = await db.knex.raw('PRAGMA journal_mode');
      expect(mode[0].journal_mode).to.equal('wal');
      const sync = await db.knex.raw('PRAGMA synchronous');
      expect(sync[0].synchronous).to.equal(2); // FULL
      const fk = await db.knex.raw('PRAGMA foreign_keys');
      expect(fk[0].foreign_keys).to.equal(1);
      const busy = await db.knex.raw('PRAGMA busy_timeout');
      expect(busy[0].timeout).to.equal(5000);
    });
  }
});
