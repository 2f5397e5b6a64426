import { expect } from 'chai';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { migrateDownAll, migrateLatest } from '../../server/db/knex';
import { integrityCheck } from '../../server/db/dialect';
import { migrationSource } from '../../server/db/migrations';

const TABLES = [
  'users',
  'clusters',
  'frameworks',
  'assessments',
  'assessment_trainees',
  'indicator_values',
  'shadow_values',
  'blobs',
  'documents',
  'survey_links',
  'survey_responses',
  'improvement_areas',
  'decision_confirmations',
  'decisions',
  'labels',
  'audit_log',
  'sessions',
  'login_attempts',
  'benchmark_records',
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

  /** Rolls the migrations back until `name` is no longer applied (those after it go first). */
  async function downTo(name: string) {
    for (;;) {
      const [done] = (await db.knex.migrate.list({ migrationSource })) as [{ name: string }[] | string[], unknown];
      const names = done.map((d) => (typeof d === 'string' ? d : d.name));
      if (!names.includes(name)) return;
      await db.knex.migrate.down({ migrationSource });
    }
  }

  it('count the responses of survey links made before the count (003), and make one survey per assessment from them (004)', async () => {
    await downTo('003_survey_response_count');
    expect(await db.knex.schema.hasColumn('survey_links', 'responses')).to.equal(false);
    expect(await db.knex.schema.hasTable('surveys')).to.equal(false);
    const now = new Date().toISOString();
    const [u] = await db
      .knex('users')
      .insert({ email: 'lead@m.example', name: 'Lead', password_hash: 'x', role: 'benchmarker', created_at: now })
      .returning(['id']);
    const [c] = await db
      .knex('clusters')
      .insert({ name: 'Migration Cluster', country: 'NO', sector: 'Maritime', founded_year: 2011, created_at: now })
      .returning(['id']);
    const [f] = await db
      .knex('frameworks')
      .insert({ key: 'm', version: '1', hash: 'h'.repeat(64), title: 'M', definition: '{}', created_at: now })
      .returning(['id']);
    const assessment = async () =>
      (
        await db
          .knex('assessments')
          .insert({
            cluster_id: c.id,
            framework_id: f.id,
            framework_hash: 'h'.repeat(64),
            requested_label: 'bronze',
            state: 'interview',
            lead_id: u.id,
            created_by: u.id,
            created_at: now,
            updated_at: now,
          })
          .returning(['id'])
      )[0].id;
    const a = await assessment();
    // the broken state of issue 14: the newest link says 2 invited, the answers of both links are 4
    const b = await assessment();
    const link = async (assessmentId: number, invited: number, closed: boolean) =>
      (
        await db
          .knex('survey_links')
          .insert({
            assessment_id: assessmentId,
            token_hash: `t${assessmentId}-${invited}`,
            invited,
            created_by: u.id,
            created_at: now,
            closed_at: closed ? now : null,
          })
          .returning(['id'])
      )[0].id;
    const links = [await link(a, 5, true), await link(a, 9, false)];
    for (let i = 0; i < 3; i++) await db.knex('survey_responses').insert({ survey_link_id: links[1], answers: '{}', submitted_at: now });
    const bLinks = [await link(b, 40, true), await link(b, 2, false)];
    for (const l of bLinks)
      for (let i = 0; i < 2; i++) await db.knex('survey_responses').insert({ survey_link_id: l, answers: '{}', submitted_at: now });
    await migrateLatest(db.knex);
    const counts = await db.knex('survey_links').whereIn('id', links).orderBy('invited').pluck('responses');
    expect(counts.map(Number)).to.deep.equal([0, 3]);
    const surveys = await db.knex('surveys').orderBy('assessment_id').select('assessment_id', 'invited', 'responses', 'closed_at');
    expect(surveys.map((x) => [Number(x.assessment_id), Number(x.invited), Number(x.responses), x.closed_at])).to.deep.equal([
      [Number(a), 9, 3, null],
      [Number(b), 4, 4, null],
    ]);
    const answers = await db.knex('survey_responses').count({ n: '*' }).first();
    expect(Number(answers!.n), 'no answer lost on the way').to.equal(7);
  });

  it('enforce foreign keys', async () => {
    let error: unknown = null;
    try {
      await db.knex('users').insert({
        email: 'x@y.z',
        name: 'x',
        password_hash: 'x',
        role: 'cluster_manager',
        cluster_id: 999,
        created_at: new Date().toISOString(),
      });
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
