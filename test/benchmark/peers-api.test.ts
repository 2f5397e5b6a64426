import { expect } from 'chai';
import request from 'supertest';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { qualityIndicators } from '../../server/features/benchmark/scores';

/** A valid import row whose values all lie mid-range; `values` overrides single indicators. */
function row(ref: string, over: Record<string, unknown> = {}, values: Record<string, number | null> = {}) {
  const base: Record<string, number | null> = {};
  for (const i of qualityIndicators())
    base[i.id] = i.valueType === 'scale' ? 3 : i.valueType === 'survey_mean' ? 3.5 : i.valueType === 'fte' ? 1.5 : 10;
  return {
    ref,
    country: 'DE',
    sector: 'Photonics',
    foundedYear: 2015,
    assessedOn: '2025-03-01',
    values: { ...base, 'MGT-01': 10, ...values },
    ...over,
  };
}

describe(`peer benchmark API (${testDialect})`, () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['agent']>>;
  const STR03 = [150, 15, 20, 120, 20, 30, 100, 40, 50, 80, 60, 70]; // sorted: 15 20 20 30 40 50 60 70 80 100 120 150

  before(async () => {
    t = await testApp();
    await t.user({ email: 'admin@b.test', role: 'admin' });
    await t.user({ email: 'manager@b.test', role: 'trainee' });
    admin = await t.agent('admin@b.test');
  });
  after(() => t.close());

  it('shows nothing while the whole pool has fewer than 10 clusters', async () => {
    const res = await admin.get('/api/benchmark').query({ indicator: 'STR-03', value: '20' }).expect(200);
    expect(res.body).to.include({ shown: false, count: 0, percentile: null, quartiles: null });
    expect(res.body.group.filter).to.equal(null);
    expect(res.body.group.notes.join(' ')).to.contain('has 0 clusters, fewer than 10');
  });

  it('loads the hand-made peer set', async () => {
    const rows = [
      ...STR03.map((v, i) =>
        row(`ph-${i}`, i < 11 ? { label: 'gold', labelValidUntil: '2027-03-31' } : { label: 'bronze', labelValidUntil: '2027-03-31' }, {
          'STR-03': v,
        }),
      ),
      ...[1, 2, 3, 4].map((i) => row(`tx-${i}`, { country: 'SE', sector: 'Textiles', foundedYear: 2024 }, { 'STR-03': 25, 'MGT-01': 1 })),
    ];
    const res = await admin.post('/api/benchmark/import').send(rows).expect(200);
    expect(res.body).to.include({ imported: 16 });
  });

  it('gives quartiles (type 7) and the mid-rank percentile of a value, as computed by hand', async () => {
    // n = 12; q1: h = 11 × 0.25 = 2.75 → 20 + 0.75 × (30 − 20) = 27.5; median: h = 5.5 → 50 + 0.5 × 10 = 55;
    // q3: h = 8.25 → 80 + 0.25 × (100 − 80) = 85. Percentile of 20: (1 below + 0.5 × 2 equal) / 12 = 16.7;
    // of 50: (5 + 0.5) / 12 = 45.8; of 10: 0; of 200: 100.
    const res = await admin.get('/api/benchmark').query({ indicator: 'STR-03', sector: 'Photonics', value: '20' }).expect(200);
    expect(res.body).to.include({ metric: 'STR-03', shown: true, count: 12, value: 20, percentile: 16.7 });
    expect(res.body.quartiles).to.deep.equal({ min: 15, q1: 27.5, median: 55, q3: 85, max: 150 });
    expect(res.body.group).to.include({ fellBack: false, clusters: 12, label: 'sector Photonics' });
    const pct = async (value: string) =>
      (await admin.get('/api/benchmark').query({ indicator: 'STR-03', sector: 'Photonics', value }).expect(200)).body.percentile;
    expect([await pct('50'), await pct('10'), await pct('200'), await pct('15')]).to.deep.equal([45.8, 0, 100, 4.2]);
  });

  it('gives area and total distributions', async () => {
    const area = await admin.get('/api/benchmark').query({ area: 'STR', country: 'DE' }).expect(200);
    expect(area.body).to.include({ metric: 'area:STR', count: 12, shown: true });
    const total = await admin.get('/api/benchmark').query({ sector: 'Photonics' }).expect(200);
    expect(total.body).to.include({ metric: 'total', count: 12 });
  });

  it('falls back from a sector of 4 clusters to all clusters and says so', async () => {
    const res = await admin.get('/api/benchmark').query({ indicator: 'STR-03', sector: 'Textiles', value: '25' }).expect(200);
    expect(res.body.group).to.include({ fellBack: true, clusters: 16, label: 'all clusters' });
    expect(res.body.group.notes).to.deep.equal([
      'The group sector Textiles has 4 clusters, fewer than 10, so it is not shown; the next wider group, all clusters, is used instead.',
    ]);
    expect(res.body.count).to.equal(16);
    // 25 among 15 20 20 25 25 25 25 30 …: 3 below, 4 equal → (3 + 2) / 16 = 31.25 → 31.3
    expect(res.body.percentile).to.equal(31.3);
  });

  it('widens a country to its European region, then to all clusters', async () => {
    const res = await admin.get('/api/benchmark').query({ indicator: 'STR-03', country: 'SE' }).expect(200);
    expect(res.body.group.notes).to.have.length(2);
    expect(res.body.group.notes[0]).to.contain('country SE has 4 clusters');
    expect(res.body.group.notes[1]).to.contain('European region nordic has 4 clusters');
    expect(res.body.group).to.include({ label: 'all clusters', clusters: 16 });
  });

  it('widens an age band to all clusters', async () => {
    const res = await admin.get('/api/benchmark').query({ indicator: 'STR-03', ageBand: '0-2' }).expect(200);
    expect(res.body.group).to.include({ fellBack: true, clusters: 16 });
    const kept = await admin.get('/api/benchmark').query({ indicator: 'STR-03', ageBand: '6-10' }).expect(200);
    expect(kept.body.group).to.include({ fellBack: false, clusters: 12 });
  });

  it('uses the excellence group of valid Gold labels, and widens it when they have expired', async () => {
    const gold = await admin.get('/api/benchmark').query({ indicator: 'STR-03', excellence: 'gold', asOf: '2026-01-01' }).expect(200);
    expect(gold.body.group).to.include({ fellBack: false, clusters: 11 });
    const later = await admin.get('/api/benchmark').query({ indicator: 'STR-03', excellence: 'gold', asOf: '2027-04-01' }).expect(200);
    expect(later.body.group.notes).to.have.length(2);
    expect(later.body.group).to.include({ label: 'all clusters', fellBack: true });
  });

  it('lets any signed-in user read distributions, but not anonymous callers', async () => {
    const manager = await t.agent('manager@b.test');
    await manager.get('/api/benchmark').query({ indicator: 'STR-01' }).expect(200);
    const res = await request(t.app).get('/api/benchmark').expect(401);
    expect(res.body.error.code).to.equal('unauthorized');
  });

  for (const [query, why] of [
    [{ indicator: 'XYZ-99' }, 'an unknown indicator'],
    [{ indicator: 'STR-06' }, 'a profile indicator'],
    [{ indicator: 'STR-01', area: 'STR' }, 'an indicator and an area together'],
    [{ area: 'ABC' }, 'an unknown area'],
    [{ value: 'abc' }, 'a value that is not a number'],
    [{ country: 'Norway' }, 'a country that is not a code'],
    [{ ageBand: '99' }, 'an unknown age band'],
    [{ asOf: '2026-02-30' }, 'a date that does not exist'],
    [{ colour: 'red' }, 'an unknown parameter'],
    ['indicator=STR-01&indicator=STR-02', 'a repeated parameter'],
  ] as const) {
    it(`answers 400 for ${why}`, async () => {
      const res = await admin.get('/api/benchmark').query(query).expect(400);
      expect(res.body.error.code).to.equal('invalid_input');
    });
  }
});
