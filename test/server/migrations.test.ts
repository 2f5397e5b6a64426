import { expect } from 'chai';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { migrateDownAll, migrateLatest } from '../../server/db/knex';
import { integrityCheck } from '../../server/db/dialect';
import { migrationSource } from '../../server/db/migrations';

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

  it('count the responses of survey links that existed before the count did (003)', async () => {
    await db.knex.migrate.down({ migrationSource });
    expect(await db.knex.schema.hasColumn('survey_links', 'responses')).to.equal(false);
    const now = new Date().toISOString();
    const [u] = await db.knex('users').insert({ email: 'lead@m.example', name: 'Lead', password_hash: 'x', role: 'benchmarker', created_at: now }).returning(['id']);
    const [c] = await db.knex('clusters').insert({ name: 'Migration Cluster', country: 'NO', sector: 'Maritime', founded_year: 2011, created_at: now }).returning(['id']);
    const [f] = await db.knex('frameworks').insert({ key: 'm', version: '1', hash: 'h'.repeat(64), title: 'M', definition: '{}', created_at: now }).returning(['id']);
    const [a] = await db.knex('assessments').insert({ cluster_id: c.id, framework_id: f.id, framework_hash: 'h'.repeat(64), requested_label: 'bronze', state: 'interview', lead_id: u.id, created_by: u.id, created_at: now, updated_at: now }).returning(['id']);
    const links = [];
    for (const invited of [5, 9]) links.push((await db.knex('survey_links').insert({ assessment_id: a.id, token_hash: `t${invited}`, invited, created_by: u.id, created_at: now }).returning(['id']))[0].id);
    for (let i = 0; i < 3; i++) await db.knex('survey_responses').insert({ survey_link_id: links[1], answers: '{}', submitted_at: now });
    await migrateLatest(db.knex);
    const counts = await db.knex('survey_links').whereIn('id', links).orderBy('invited').pluck('responses');
    expect(counts.map(Number)).to.deep.equal([0, 3]);
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
