/**
 * Issue 18, items 3 and 5 and the nb fixes of item 2: the certificate of a released Gold (both
 * assessors sign, the issuing body, the signature lines with the date, the framework by its title),
 * the Norwegian report and certificate without English, and the released documents kept byte for byte
 * (content-addressed in `blobs`, recorded in `released_files` by the release itself) whatever changes later.
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { expectStatus, suiteWithCast } from '../support/flow';
import { decideExample1, release } from '../support/decided';
import { binary } from '../support/office';
import { englishIn } from '../support/english';
import { sha256 } from '../../server/repositories/blobs';
import { formatPercent } from '../../messages';

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
const flat = (pdf: Buffer) => pdfText(pdf).replace(/\s+/g, ' ');

const DOCS = [
  ['report.pdf', 'en'],
  ['report.pdf', 'nb'],
  ['certificate.pdf', 'en'],
  ['certificate.pdf', 'nb'],
  ['report.docx', 'en'],
  ['report.docx', 'nb'],
] as const;

/** The documents a labelled release stores, as `kind:lang` in the order of released_files by kind and lang. */
const STORED = DOCS.map(([kind, lang]) => `${kind}:${lang}`).sort();

describe(`the released report and certificate, kept byte for byte (${testDialect})`, function () {
  this.timeout(180_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let id: number;
  let code: string;
  const names = { lead: '', co: '' };
  const get = async (kind: string, lang: string, agent = suite.cast.agents.manager) =>
    (await expectStatus(binary(agent.get(`/api/assessments/${id}/${kind}?lang=${lang}`)), 200)).body as Buffer;
  const all = async () => {
    const out: Record<string, Buffer> = {};
    for (const [kind, lang] of DOCS) out[`${kind}:${lang}`] = await get(kind, lang);
    return out;
  };

  before(async () => {
    ({ id, code } = await decideExample1(suite.cast));
    await release(suite.cast, id);
    const knex = suite.t.db.knex;
    names.lead = (await knex('users').where({ id: suite.cast.ids.lead }).first('name')).name;
    names.co = (await knex('users').where({ id: suite.cast.ids.co }).first('name')).name;
  });

  const atRelease = new Map<string, string>();

  it('stores every released document at the release itself, before anyone has asked for one', async () => {
    const rows = await suite.t.db.knex('released_files').where({ assessment_id: id }).orderBy(['kind', 'lang']);
    expect(rows.map((r) => `${r.kind}:${r.lang}`)).to.deep.equal(STORED);
    for (const r of rows) atRelease.set(`${r.kind}:${r.lang}`, String(r.sha256));
  });

  it('the Gold certificate: both assessors sign with the date, the issuing body, the framework by its title', async () => {
    const en = flat(await get('certificate.pdf', 'en'));
    expect(en).to.contain(code);
    expect(en).to.match(new RegExp(`${names.lead}\\b.*${names.co}\\b`));
    expect(en).to.match(/Lead assessor · signed \d{1,2} \w+ \d{4}/);
    expect(en).to.match(/Co-assessor · signed \d{1,2} \w+ \d{4}/);
    expect(en).to.contain('Issuing body ClusterMark');
    expect(en).to.contain('Assessed under the framework “Default assessment framework for ESCA-style cluster labels”, version 1.0.0');
    expect(en).not.to.contain('esca-default');

    const nb = flat(await get('certificate.pdf', 'nb'));
    expect(nb).to.match(/Hovedassessor · signert \d{1,2}\. \p{L}+ \d{4}/u);
    expect(nb).to.match(/Medassessor · signert \d{1,2}\. \p{L}+ \d{4}/u);
    expect(nb).to.contain('Utstedt av ClusterMark');
    expect(nb).to.contain('«Standard vurderingsrammeverk for klyngemerker etter ESCA-modell», versjon 1.0.0');
    expect(nb).not.to.contain('esca-default');
  });

  it('the Norwegian report and certificate show no English (catalogue phrases, the badge, the role, the peer source)', async () => {
    for (const kind of ['report.pdf', 'certificate.pdf']) {
      const text = pdfText(await get(kind, 'nb'));
      expect(englishIn(text), kind).to.deep.equal([]);
      for (const english of [
        'EXCELLENCE',
        'Excellence Label',
        'Lead assessor',
        'Co-assessor',
        'benchmark database',
        ' clusters,',
        'signed ',
      ]) {
        expect(text, `${kind}: ${english}`).not.to.contain(english);
      }
    }
    expect(pdfText(await get('report.pdf', 'nb'))).to.match(
      /Kilde for sammenligningsdata: benchmarkdatabasen, \d+ klynger?, \d{1,2}\. \p{L}+ \d{4}/u,
    );
  });

  it('a percentage never breaks before its sign (a no-break space)', () => {
    expect(formatPercent(90, 'nb')).to.equal('90,0\u00a0%');
    expect(formatPercent(83.94, 'en')).to.equal('83.9\u00a0%');
  });

  it('serves the stored bytes: their SHA-256 is the key they are stored under', async () => {
    const knex = suite.t.db.knex;
    const docs = await all();
    const rows = await knex('released_files').where({ assessment_id: id }).orderBy(['kind', 'lang']);
    expect(rows.map((r) => `${r.kind}:${r.lang}`)).to.deep.equal(STORED);
    for (const r of rows) {
      const served = docs[`${r.kind}:${r.lang}`];
      expect(sha256(served), `${r.kind}:${r.lang}`).to.equal(r.sha256);
      const blob = await knex('blobs').where({ sha256: r.sha256 }).first('content', 'size');
      expect(Buffer.compare(Buffer.from(blob.content), served), `${r.kind}:${r.lang} blob`).to.equal(0);
      expect(Number(blob.size)).to.equal(served.length);
    }
  });

  it('the same bytes after a co-assessor certification change, new peers and even a changed print', async () => {
    const before = await all();
    for (const [key, bytes] of Object.entries(before))
      expect(sha256(bytes), `${key} as stored at the release`).to.equal(atRelease.get(key));
    await expectStatus(
      suite.cast.agents.admin.patch(`/api/users/${suite.cast.ids.co}`).send({ certification: 'gold', country: 'SE' }),
      200,
    );
    const peers = Array.from({ length: 12 }, (_, i) => ({
      ref: `frozen-peer-${i}`,
      country: 'DE',
      sector: 'Sensors',
      foundedYear: 2005 + i,
      assessedOn: '2024-06-01',
      values: { 'STR-01': 40 + i * 5, 'STR-02': 1 + (i % 5) },
    }));
    await expectStatus(suite.cast.agents.admin.post('/api/benchmark/import').send(peers), 200);
    // what the documents are drawn from changes too (as new code would draw it differently): the stored bytes are served
    const knex = suite.t.db.knex;
    const row = await knex('releases').where({ assessment_id: id }).first('print');
    await knex('releases')
      .where({ assessment_id: id })
      .update({ print: String(row.print).split('Isarsensor Cluster').join('Redrawn Cluster') });
    const after = await all();
    for (const key of Object.keys(before)) {
      expect(Buffer.compare(after[key], before[key]), key).to.equal(0);
      if (key.includes('.pdf')) expect(pdfText(after[key]), key).not.to.contain('Redrawn Cluster');
    }
    // (a document drawn now would say so: the check above is not vacuous)
    const drawn = await knex('releases').where({ assessment_id: id }).first('print');
    expect(String(drawn.print)).to.contain('Redrawn Cluster');
    // every reader gets the same stored bytes (the lead, in English)
    expect(Buffer.compare(await get('report.pdf', 'en', suite.cast.agents.lead), before['report.pdf:en'])).to.equal(0);
  });
});
