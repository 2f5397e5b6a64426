import { expect } from 'chai';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { qualityIndicators } from '../../server/features/benchmark/scores';

const IDS = qualityIndicators().map((i) => i.id);
const HEADER = [
  'ref',
  'peer_key',
  'country',
  'sector',
  'founded_year',
  'assessed_on',
  'label',
  'label_valid_until',
  'total_points',
  ...IDS,
].join(',');
const mid = (id: string) => {
  const i = qualityIndicators().find((x) => x.id === id)!;
  return i.valueType === 'scale' ? 3 : i.valueType === 'survey_mean' ? 3.5 : i.valueType === 'fte' ? 1.5 : 10;
};
/** One CSV line; `cells` overrides named columns. */
function line(ref: string, cells: Record<string, string | number> = {}): string {
  const base: Record<string, string | number> = {
    ref,
    peer_key: '',
    country: 'FR',
    sector: 'Energy',
    founded_year: 2012,
    assessed_on: '2024-05-10',
    label: '',
    label_valid_until: '',
    total_points: '',
  };
  for (const id of IDS) base[id] = mid(id);
  const all = { ...base, ...cells };
  return [...HEADER.split(',')].map((h) => String(all[h])).join(',');
}
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';

describe(`benchmark import and export (${testDialect})`, () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['agent']>>;
  const count = async () => Number(((await t.db.knex('benchmark_records').count({ n: '*' }).first()) as { n: unknown }).n);

  before(async () => {
    t = await testApp();
    await t.user({ email: 'admin@i.test', role: 'admin' });
    await t.user({ email: 'lead@i.test', role: 'benchmarker', certification: 'gold' });
    admin = await t.agent('admin@i.test');
  });
  after(() => t.close());

  it('imports a good CSV and computes the points from the values', async () => {
    const body = csv(
      line('good-1'),
      line('good-2', { label: 'bronze', label_valid_until: '2026-05-31', peer_key: 'c-2' }),
      line('good-3', { 'STR-01': '83.95' }),
    );
    const res = await admin.post('/api/benchmark/import').set('Content-Type', 'text/csv').send(body).expect(200);
    expect(res.body).to.deep.equal({ mode: 'all', rows: 3, imported: 3, refused: [] });
    const r = await t.db.knex('benchmark_records').where({ ref: 'good-3' }).first();
    expect(JSON.parse(r.indicator_values)['STR-01']).to.equal(84); // rounded half-up to 1 decimal (84.0)
    expect(JSON.parse(r.indicator_points)['STR-01']).to.equal(4);
    expect(r.source).to.equal('import');
    expect((await t.db.knex('benchmark_records').where({ ref: 'good-2' }).first()).peer_key).to.equal('import:c-2');
  });

  it('refuses a bad CSV row by row, every reason listed, and imports nothing', async () => {
    const before = await count();
    const body = csv(
      line('bad-1', { country: 'France' }),
      line('bad-2', { 'STR-01': 130, 'STR-02': 7, 'STR-03': 12.5 }),
      line('bad-3', { assessed_on: '2024-02-30' }),
      line('bad-4', { label: 'gold' }),
      line('bad-5', { total_points: 149 }),
      line('good-1'),
      line('bad-6', { 'MGT-02': 'lots' }),
      line('bad-6'),
      line('bad-7', { founded_year: 2030 }),
    );
    const res = await admin.post('/api/benchmark/import').set('Content-Type', 'text/csv').send(body).expect(400);
    expect(res.body.error.code).to.equal('import_refused');
    const report = res.body.error.details;
    expect(report.imported).to.equal(0);
    const byRow = Object.fromEntries(report.refused.map((r: { row: number; errors: string[] }) => [r.row, r.errors.join(' | ')]));
    expect(Object.keys(byRow).map(Number)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(byRow[1]).to.contain('/country');
    expect(byRow[2])
      .to.contain('/values/STR-01 130 is outside 0–100')
      .and.contain('/values/STR-02 7 is outside 1–5')
      .and.contain('/values/STR-03 12.5 must be a whole number');
    expect(byRow[3]).to.contain('is not a date');
    expect(byRow[4]).to.contain('/labelValidUntil is required with a label');
    expect(byRow[5]).to.match(/totalPoints 149 does not match the \d+ points/);
    expect(byRow[6]).to.contain('already in the benchmark database');
    expect(byRow[7]).to.contain('/values/MGT-02');
    expect(byRow[8]).to.contain('/ref bad-6 repeats row 7');
    expect(byRow[9]).to.contain('after the assessment');
    expect(await count()).to.equal(before);
  });

  it('with a mixed file imports nothing by default, and only the good rows with mode=valid-only', async () => {
    const body = csv(line('mix-1'), line('mix-2', { 'INT-05': 0 }), line('mix-3'));
    const before = await count();
    const all = await admin.post('/api/benchmark/import').set('Content-Type', 'text/csv').send(body).expect(400);
    expect(all.body.error.details.refused).to.have.length(1);
    expect(await count()).to.equal(before);
    const some = await admin.post('/api/benchmark/import?mode=valid-only').set('Content-Type', 'text/csv').send(body).expect(200);
    expect(some.body).to.deep.include({ mode: 'valid-only', rows: 3, imported: 2 });
    expect(some.body.refused).to.deep.equal([{ row: 2, ref: 'mix-2', errors: ['/values/INT-05 0 is outside 1–5'] }]);
    expect(await count()).to.equal(before + 2);
  });

  it('imports a JSON array, and refuses bad JSON rows with their paths', async () => {
    const good = {
      ref: 'json-1',
      country: 'IT',
      sector: 'Agri-food',
      foundedYear: 2010,
      assessedOn: '2023-09-01',
      values: { 'STR-01': 75, 'STR-02': 4 },
    };
    await admin.post('/api/benchmark/import').send([good]).expect(200);
    const res = await admin
      .post('/api/benchmark/import')
      .send([{ ...good, ref: 'json-2', extra: 1 }, { ...good, ref: 'json-3', values: { 'XYZ-01': 1 } }, 'text'])
      .expect(400);
    const errors = res.body.error.details.refused.map((r: { errors: string[] }) => r.errors.join(' '));
    expect(errors[0]).to.contain('/extra is not allowed here');
    expect(errors[1]).to.contain('/values/XYZ-01 is not allowed here');
    expect(errors[2]).to.contain('must be object');
    await admin.post('/api/benchmark/import').send({ not: 'an array' }).expect(400);
  });

  it('takes CSV and JSON files as multipart uploads', async () => {
    await admin
      .post('/api/benchmark/import')
      .attach('file', Buffer.from(csv(line('file-1'))), { filename: 'peers.csv', contentType: 'text/csv' })
      .expect(200);
    const json = JSON.stringify([
      { ref: 'file-2', country: 'PL', sector: 'Logistics', foundedYear: 2016, assessedOn: '2024-01-01', values: {} },
    ]);
    const res = await admin
      .post('/api/benchmark/import')
      .attach('file', Buffer.from(json), { filename: 'peers.json', contentType: 'application/json' })
      .expect(200);
    expect(res.body.imported).to.equal(1);
  });

  it('refuses files it cannot read as a whole with 400, and other types with 415', async () => {
    const header = await admin
      .post('/api/benchmark/import')
      .set('Content-Type', 'text/csv')
      .send('ref,country,colour\nx,FR,red\n')
      .expect(400);
    expect(header.body.error.message).to.contain('unknown columns colour').and.contain('missing columns sector');
    await admin.post('/api/benchmark/import').set('Content-Type', 'text/csv').send(`${HEADER}\n"unclosed,FR\n`).expect(400);
    await admin.post('/api/benchmark/import').set('Content-Type', 'text/csv').send(`${HEADER}\n`).expect(400);
    await admin.post('/api/benchmark/import').set('Content-Type', 'application/xml').send('<a/>').expect(415);
    await admin.post('/api/benchmark/import?mode=some').send([]).expect(400);
  });

  it('lets only admins import and export', async () => {
    const lead = await t.agent('lead@i.test');
    await lead.post('/api/benchmark/import').send([]).expect(403);
    await lead.get('/api/benchmark/export').expect(403);
  });

  it('exports anonymised records that import elsewhere unchanged', async () => {
    const res = await admin.get('/api/benchmark/export').expect(200);
    expect(res.headers['content-type']).to.contain('text/csv');
    const text: string = res.text;
    expect(text).to.not.match(/good-1|json-1|import:c-2|c-2/);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).to.equal(HEADER);
    expect(lines).to.have.length((await count()) + 1);
    expect(lines[1].split(',')[0]).to.match(/^[0-9a-f]{32}$/);

    const json = await admin.get('/api/benchmark/export').query({ format: 'json', country: 'IT' }).expect(200);
    expect(json.body).to.have.length(1);
    expect(json.body[0]).to.not.have.any.keys('assessmentId', 'clusterId', 'source');

    const other = await testApp();
    try {
      await other.user({ email: 'admin@o.test', role: 'admin' });
      const otherAdmin = await other.agent('admin@o.test');
      const imported = await otherAdmin.post('/api/benchmark/import').set('Content-Type', 'text/csv').send(text).expect(200);
      expect(imported.body.imported).to.equal(lines.length - 1);
    } finally {
      await other.close();
    }
  });
});
