import { expect } from 'chai';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { inTransaction } from '../../server/db/transaction';
import { addDecidedAssessmentToPool } from '../../server/features/benchmark';
import { seedPeers } from '../../server/demo';
import { generatePeers } from '../../fixtures/peers/generator';
import type { Score } from '../../scoring/types';

/** A decision's score with the given values as scored indicators (enough for the pool). */
function scoreFrom(seedIndex: number, issued: string, label: 'bronze' | 'gold' | null): Score {
  const r = generatePeers({ count: 1, seed: 1000 + seedIndex, asOf: issued })[0];
  return {
    framework: { id: 'esca-default', version: '1.0.0', hash: 'x' },
    asOf: issued,
    indicators: Object.entries(r.indicatorValues).map(([id, value]) => ({
      id,
      area: id.slice(0, 3),
      kind: 'quality',
      value,
      points: r.indicatorPoints[id],
      status: value == null ? 'missing' : 'scored',
    })),
    areas: Object.entries(r.areaPercents).map(([code, percent]) => ({ code, points: 0, maxPoints: 0, percent })),
    total: { points: r.totalPoints, maxPoints: 150, percent: 0 },
    label: { requested: 'bronze', awarded: label, checks: [], issued, validUntil: null },
  } as unknown as Score;
}

describe(`benchmark pool and portfolio (${testDialect})`, () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['agent']>>;
  let clusterId: number;
  const asOf = '2026-01-15';

  before(async () => {
    t = await testApp();
    const a = await t.user({ email: 'admin@p.test', role: 'admin' });
    await t.user({ email: 'trainee@p.test', role: 'trainee' });
    admin = await t.agent('admin@p.test');
    const now = new Date().toISOString();
    const [c] = await t.db
      .knex('clusters')
      .insert({
        name: 'Fjordtech Ocean Cluster',
        country: 'NO',
        sector: 'Ocean technology',
        founded_year: 2014,
        benchmark_consent: false,
        created_at: now,
      })
      .returning(['id']);
    clusterId = Number(c.id);
    const fw = await t.db.knex('frameworks').first('id', 'hash');
    for (const date of ['2023-03-10', '2025-04-02']) {
      await t.db.knex('assessments').insert({
        cluster_id: clusterId,
        framework_id: fw.id,
        framework_hash: fw.hash,
        requested_label: 'bronze',
        state: 'decided',
        lead_id: a.id,
        created_by: a.id,
        interview_date: date,
        created_at: now,
        updated_at: now,
      });
    }
  });
  after(() => t.close());

  it('seeds the synthetic peers once per seed', async () => {
    const n = await seedPeers(t.db.knex, { count: 400, seed: 7, asOf });
    expect(n).to.be.greaterThan(400);
    expect(await seedPeers(t.db.knex, { count: 400, seed: 7, asOf })).to.equal(0);
  });

  it('keeps a decided assessment with its label and expiry, and pools it only with consent', async () => {
    const poolSize = async () => (await admin.get('/api/benchmark').query({ asOf }).expect(200)).body.count;
    const before = await poolSize();
    const ids: number[] = (await t.db.knex('assessments').orderBy('id').select('id')).map((r: { id: number }) => Number(r.id));
    const cluster = await t.db.knex('clusters').where({ id: clusterId }).first();
    const added = await inTransaction(t.db.knex, (trx) =>
      addDecidedAssessmentToPool(trx, {
        score: scoreFrom(1, '2023-03-10', 'bronze'),
        cluster,
        assessmentId: ids[0],
        label: 'bronze',
        validUntil: '2025-03-31',
      }),
    );
    expect(added).to.deep.equal({ ref: `assessment:${ids[0]}`, inPool: false, created: true });
    await inTransaction(t.db.knex, (trx) =>
      addDecidedAssessmentToPool(trx, {
        score: scoreFrom(2, '2025-04-02', 'bronze'),
        cluster,
        assessmentId: ids[1],
        label: 'bronze',
        validUntil: '2027-04-30',
      }),
    );
    const again = await inTransaction(t.db.knex, (trx) =>
      addDecidedAssessmentToPool(trx, {
        score: scoreFrom(2, '2025-04-02', 'bronze'),
        cluster,
        assessmentId: ids[1],
        label: 'bronze',
        validUntil: '2027-04-30',
      }),
    );
    expect(again.created).to.equal(false);
    const rec = await t.db.knex('benchmark_records').where({ assessment_id: ids[1] }).first();
    expect(rec).to.include({ label: 'bronze', label_valid_until: '2027-04-30', source: 'assessment', peer_key: `cluster:${clusterId}` });
    expect(await poolSize()).to.equal(before);
    await t.db.knex('clusters').where({ id: clusterId }).update({ benchmark_consent: true });
    expect(await poolSize()).to.equal(before + 1); // the latest of its two assessments
  });

  it('gives a programme owner the portfolio of a country', async () => {
    const res = await admin.get('/api/portfolio').query({ country: 'NO', asOf, renewalMonths: '6' }).expect(200);
    const p = res.body;
    expect(p.clusters).to.be.greaterThan(10);
    expect(Object.values(p.labels as Record<string, number>).reduce((s, n) => s + n, 0)).to.equal(p.clusters);
    expect(p.heatMap.areas).to.deep.equal(['STR', 'MGT', 'FIN', 'SRV', 'INT', 'ACH']);
    expect(p.heatMap.rows.reduce((s: number, r: { clusters: number }) => s + r.clusters, 0)).to.equal(p.clusters);
    // the synthetic pattern: Norway's clusters are weakest in communication
    expect(p.weakestAreas[0].area).to.equal('INT');
    expect(p.weaknesses.slice(0, 3).map((w: { indicator: string }) => w.indicator)).to.include.members(['INT-04']);
    for (const e of p.expiring) expect(e.validUntil >= '2025-01-15' && e.validUntil <= '2026-07-15', e.validUntil).to.equal(true);
    const mine = p.progress.find((x: { clusterId: number | null }) => x.clusterId === clusterId);
    expect(mine).to.include({ name: 'Fjordtech Ocean Cluster' });
    expect(mine.from.assessedOn).to.equal('2023-03-10');
    expect(mine.to.assessedOn).to.equal('2025-04-02');
    expect(mine.change.totalPoints).to.equal(mine.to.totalPoints - mine.from.totalPoints);
  });

  it('allows admins and benchmarkers only, and validates the query', async () => {
    const trainee = await t.agent('trainee@p.test');
    await trainee.get('/api/portfolio').query({ country: 'NO' }).expect(403);
    await admin.get('/api/portfolio').expect(400);
    await admin.get('/api/portfolio').query({ country: 'NO', renewalMonths: '99' }).expect(400);
  });
});
