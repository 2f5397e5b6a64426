/**
 * Migration 006 on a database that has data: labels of released assessments are backfilled as
 * released (the others stay unreleased), duplicate cluster names within a country are told apart so
 * that the unique index on (lower(name), country) can be built, and the index then refuses a duplicate
 * whatever writes it. It rolls back and forward again.
 */
import { expect } from 'chai';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { migrationSource } from '../../server/db/migrations';

describe(`migration 006_label_release (${testDialect})`, () => {
  let db: TestDatabase;
  const now = '2026-05-02T10:00:00.000Z';
  before(async () => {
    db = await freshDatabase({ migrate: false });
  });
  after(() => db.drop());

  it('backfills released labels, renames duplicate clusters and builds the unique index', async () => {
    const knex = db.knex;
    // up to the migration before 006
    const nextPending = async () => ((await knex.migrate.list({ migrationSource }))[1] as [string, unknown][])[0]?.[0];
    for (let next = await nextPending(); next !== '006_label_release'; next = await nextPending()) {
      if (next === undefined) throw new Error('006_label_release is not among the pending migrations');
      await knex.migrate.up({ migrationSource });
    }
    expect(await knex.schema.hasColumn('labels', 'released_at')).to.equal(false);

    const [u] = await knex('users')
      .insert({ email: 'lead@m.example', name: 'Lead', password_hash: 'x', role: 'benchmarker', created_at: now })
      .returning(['id']);
    const cluster = async (name: string, country: string) =>
      Number(
        (await knex('clusters').insert({ name, country, sector: 'Maritime', founded_year: 2011, created_at: now }).returning(['id']))[0].id,
      );
    const first = await cluster('Dup Cluster', 'NO');
    const second = await cluster('dup cluster', 'NO');
    const abroad = await cluster('Dup Cluster', 'SE');
    const [f] = await knex('frameworks')
      .insert({ key: 'm', version: '1', hash: 'h'.repeat(64), title: 'M', definition: '{}', created_at: now })
      .returning(['id']);
    const assessment = async (state: string, updatedAt: string) =>
      Number(
        (
          await knex('assessments')
            .insert({
              cluster_id: first,
              framework_id: f.id,
              framework_hash: 'h'.repeat(64),
              requested_label: 'bronze',
              state,
              lead_id: u.id,
              created_by: u.id,
              created_at: now,
              updated_at: updatedAt,
            })
            .returning(['id'])
        )[0].id,
      );
    const released = await assessment('released', '2026-06-01T08:00:00.000Z');
    const decided = await assessment('decided', '2026-06-02T08:00:00.000Z');
    for (const [id, code] of [
      [released, 'CM-AAAA-AAAA-AAAA'],
      [decided, 'CM-BBBB-BBBB-BBBB'],
    ] as const) {
      await knex('labels').insert({
        assessment_id: id,
        cluster_id: first,
        label: 'bronze',
        issued_on: '2026-05-01',
        valid_until: '2028-05-31',
        certificate_code: code,
        created_at: now,
      });
    }

    await knex.migrate.up({ migrationSource });
    const labels = await knex('labels').orderBy('certificate_code').select('certificate_code', 'released_at');
    expect(labels).to.deep.equal([
      { certificate_code: 'CM-AAAA-AAAA-AAAA', released_at: '2026-06-01T08:00:00.000Z' },
      { certificate_code: 'CM-BBBB-BBBB-BBBB', released_at: null },
    ]);
    const names = Object.fromEntries(
      (await knex('clusters').select('id', 'name')).map((c: { id: number; name: string }) => [Number(c.id), c.name]),
    );
    expect(names).to.deep.equal({ [first]: 'Dup Cluster', [second]: `dup cluster (#${second})`, [abroad]: 'Dup Cluster' });

    let refused: unknown = null;
    try {
      await knex('clusters').insert({ name: 'DUP CLUSTER', country: 'NO', sector: 'x', founded_year: 2000, created_at: now });
    } catch (e) {
      refused = e;
    }
    expect((refused as { code?: string } | null)?.code, 'a duplicate inserted past the service').to.be.oneOf([
      '23505',
      'SQLITE_CONSTRAINT_UNIQUE',
    ]);
    expect(await knex.schema.hasTable('releases')).to.equal(true);
  });

  it('rolls back and forward again', async () => {
    const knex = db.knex;
    await knex.migrate.down({ migrationSource });
    expect(await knex.schema.hasColumn('labels', 'released_at')).to.equal(false);
    expect(await knex.schema.hasTable('releases')).to.equal(false);
    await knex('clusters').insert({ name: 'DUP CLUSTER', country: 'SE', sector: 'x', founded_year: 2000, created_at: now });
    await knex.migrate.latest({ migrationSource });
    expect(await knex.schema.hasColumn('labels', 'released_at')).to.equal(true);
    expect((await knex('clusters').where({ country: 'SE' }).orderBy('id').pluck('name')).map(String))
      .to.have.length(2)
      .and.to.satisfy((n: string[]) => n[1].startsWith('DUP CLUSTER (#'));
  });
});
