/**
 * Migration 009 on a database that has documents: every upload that a later upload of the same item
 * had replaced under the old rule ("the latest upload counts") is marked as replaced by the next one,
 * so every item keeps its status and the engine's evidence its hash; no row is lost, the rows of other
 * tables neither. It rolls back and forward again.
 */
import { expect } from 'chai';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { migrationSource } from '../../server/db/migrations';
import { documentStatuses } from '../../server/services/documentStatus';

describe(`migration 009_document_files (${testDialect})`, () => {
  let db: TestDatabase;
  const now = '2026-05-02T10:00:00.000Z';
  before(async () => {
    db = await freshDatabase({ migrate: false });
  });
  after(() => db.drop());

  it('marks the uploads the latest one replaced, keeping every item status and every row', async () => {
    const knex = db.knex;
    const nextPending = async () => ((await knex.migrate.list({ migrationSource }))[1] as [string, unknown][])[0]?.[0];
    for (let next = await nextPending(); next !== '009_document_files'; next = await nextPending()) {
      if (next === undefined) throw new Error('009_document_files is not among the pending migrations');
      await knex.migrate.up({ migrationSource });
    }
    expect(await knex.schema.hasColumn('documents', 'superseded_at')).to.equal(false);

    const [u] = await knex('users')
      .insert({ email: 'lead@m.example', name: 'Lead', password_hash: 'x', role: 'benchmarker', created_at: now })
      .returning(['id']);
    const [c] = await knex('clusters')
      .insert({ name: 'Doc Cluster', country: 'NO', sector: 'Maritime', founded_year: 2011, created_at: now })
      .returning(['id']);
    const [f] = await knex('frameworks')
      .insert({ key: 'm', version: '1', hash: 'h'.repeat(64), title: 'M', definition: '{}', created_at: now })
      .returning(['id']);
    const assessment = async () =>
      Number(
        (
          await knex('assessments')
            .insert({
              cluster_id: c.id,
              framework_id: f.id,
              framework_hash: 'h'.repeat(64),
              requested_label: 'gold',
              state: 'review',
              lead_id: u.id,
              created_by: u.id,
              created_at: now,
              updated_at: now,
            })
            .returning(['id'])
        )[0].id,
      );
    const [a1, a2] = [await assessment(), await assessment()];
    for (const sha of ['a', 'b'])
      await knex('blobs').insert({ sha256: sha.repeat(64), size: 3, content: Buffer.from(sha), created_at: now });
    // uploads in this order (ids ascending), interleaved across items and assessments
    const uploads: [number, string, string, string | null][] = [
      [a1, 'D-01', 'uploaded', null],
      [a1, 'D-02', 'rejected', 'too old'],
      [a2, 'D-01', 'accepted', null],
      [a1, 'D-01', 'accepted', null],
      [a1, 'D-02', 'uploaded', null],
      [a1, 'D-01', 'rejected', 'wrong year'],
      [a1, 'D-03', 'accepted', null],
    ];
    const ids: number[] = [];
    for (const [i, [assessmentId, item, status, comment]] of uploads.entries()) {
      const [row] = await knex('documents')
        .insert({
          assessment_id: assessmentId,
          item,
          sha256: (i % 2 ? 'a' : 'b').repeat(64),
          filename: `${item}-${i}.pdf`,
          mime: 'application/pdf',
          size: 3,
          uploaded_by: u.id,
          uploaded_at: `2026-05-0${i + 1}T10:00:00.000Z`,
          status,
          review_comment: comment,
        })
        .returning(['id']);
      ids.push(Number(row.id));
    }
    // the status each item had: its latest upload's
    const before = { [a1]: { 'D-01': 'rejected', 'D-02': 'uploaded', 'D-03': 'accepted' }, [a2]: { 'D-01': 'accepted' } };
    const counted = async () => ({
      documents: Number((await knex('documents').count({ n: '*' }).first())!.n),
      blobs: Number((await knex('blobs').count({ n: '*' }).first())!.n),
      assessments: Number((await knex('assessments').count({ n: '*' }).first())!.n),
    });
    const rows = await counted();

    await knex.migrate.up({ migrationSource });
    const marks = (await knex('documents').orderBy('id').select('id', 'superseded_by', 'superseded_at')).map((r) => ({
      id: Number(r.id),
      by: r.superseded_by === null ? null : Number(r.superseded_by),
      at: r.superseded_at,
    }));
    expect(marks).to.deep.equal([
      { id: ids[0], by: ids[3], at: '2026-05-04T10:00:00.000Z' },
      { id: ids[1], by: ids[4], at: '2026-05-05T10:00:00.000Z' },
      { id: ids[2], by: null, at: null },
      { id: ids[3], by: ids[5], at: '2026-05-06T10:00:00.000Z' },
      { id: ids[4], by: null, at: null },
      { id: ids[5], by: null, at: null },
      { id: ids[6], by: null, at: null },
    ]);
    expect(await documentStatuses(knex, a1)).to.deep.equal(before[a1]);
    expect(await documentStatuses(knex, a2)).to.deep.equal(before[a2]);
    expect(await counted()).to.deep.equal(rows);

    // down and up again: the rows stay, the marks come back the same
    const applied = async () => ((await knex.migrate.list({ migrationSource }))[0] as { name: string }[]).map((m) => m.name ?? m);
    while ((await applied()).includes('009_document_files')) await knex.migrate.down({ migrationSource });
    expect(await knex.schema.hasColumn('documents', 'superseded_at')).to.equal(false);
    expect(await counted()).to.deep.equal(rows);
    await knex.migrate.latest({ migrationSource });
    expect(await documentStatuses(knex, a1)).to.deep.equal(before[a1]);
    expect(await counted()).to.deep.equal(rows);
  });
});
