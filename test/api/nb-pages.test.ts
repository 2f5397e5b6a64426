/**
 * Every page in bokmål, the nb report and the nb certificate carry no message of the English
 * catalogue: each role signs in over HTTP and opens each page it may see with ?lang=nb. A message
 * counts when it is longer than three words and differs from its Norwegian counterpart; a template
 * counts by its literal stretches of four words or more.
 */
import { expect } from 'chai';
import request from 'supertest';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { decideExample1, pageText, release } from '../support/decided';
import { createGoldAssessment, expectStatus, makeCast, pdf, type Cast } from '../support/flow';
import { pdfText } from '../reports/poppler';
import { englishIn } from '../support/english';

describe(`every page in bokmål carries no English catalogue message (${testDialect})`, function () {
  this.timeout(180_000);
  let t: TestApp;
  let cast: Cast;
  let decided: number;
  let open: number;
  let token: string;
  let code: string;
  before(async () => {
    t = await testApp({ SURVEY_RATE_LIMIT: '1000000' });
    cast = await makeCast(t);
    const made = await decideExample1(cast);
    decided = made.id;
    code = made.code;
    await release(cast, decided);
    // an assessment still open: the forms, the upload, the survey link
    open = await createGoldAssessment(cast);
    await expectStatus(
      cast.agents.manager.post(`/api/assessments/${open}/documents`).field('item', 'D-01').attach('file', pdf('nb-pages'), 'D-01.pdf'),
      201,
    );
    token = (await expectStatus(cast.agents.manager.post(`/api/assessments/${open}/survey`).send({ invited: 20 }), 201)).body.token;
  });
  after(() => t?.close());

  it('finds the English of a page in English (the check itself works)', async () => {
    const page = pageText((await expectStatus(cast.agents.lead.get(`/assessments/${decided}/score?lang=en`), 200)).text);
    expect(englishIn(page)).not.to.be.empty;
  });

  const pages = (): [string, string, number[]][] => [
    ['anonymous', '/login', [200]],
    ['anonymous', '/verify', [200]],
    ['anonymous', `/survey/${token}`, [200]],
    ['anonymous', '/no-such-page', [404]],
    ['anonymous', `/verify/${code}`, [200]],
    ['anonymous', '/verify/CM-NONE-NONE-NONE', [404]],
    ['admin', '/dashboard', [200]],
    ['admin', `/assessments/${decided}`, [200]],
    ['admin', `/assessments/${decided}/score`, [200]],
    ['lead', '/dashboard', [200]],
    ['lead', `/assessments/${decided}`, [200]],
    ['lead', `/assessments/${decided}/score`, [200]],
    ['lead', `/assessments/${decided}/checklist`, [200]],
    ['lead', `/assessments/${decided}/interview`, [200, 409]],
    ['lead', `/assessments/${decided}/calibration`, [200]],
    ['lead', `/assessments/${open}`, [200]],
    ['lead', `/assessments/${open}/checklist`, [200]],
    ['lead', `/assessments/${open}/interview`, [200]],
    ['lead', `/assessments/${open}/score`, [200]],
    ['co', '/dashboard', [200]],
    ['co', `/assessments/${decided}/score`, [200]],
    ['trainee', '/dashboard', [200]],
    ['trainee', `/assessments/${decided}/calibration`, [200]],
    ['trainee', `/assessments/${open}/interview`, [200]],
    ['manager', '/dashboard', [200]],
    ['manager', `/assessments/${decided}`, [200]],
    ['manager', `/assessments/${decided}/score`, [200]],
    ['manager', `/assessments/${open}`, [200]],
    ['manager', `/assessments/${open}/checklist`, [200]],
    ['manager', `/assessments/${open}/interview`, [200]],
    ['manager', `/assessments/${open}/improvement-areas`, [200]],
    ['lead', `/assessments/${open}/improvement-areas`, [200]],
    ['trainee', `/assessments/${open}/improvement-areas`, [200]],
    ['other', `/assessments/${decided}`, [403, 404]],
  ];

  it('renders each page of each role in bokmål without English', async () => {
    const found: Record<string, string[]> = {};
    for (const [who, path, statuses] of pages()) {
      const agent = cast.agents[who as keyof Cast['agents']];
      const res = await agent.get(`${path}${path.includes('?') ? '&' : '?'}lang=nb`);
      expect(statuses, `${who} ${path}: ${res.status}`).to.include(res.status);
      expect(res.text, `${who} ${path}`).to.match(/<html[^>]+lang="nb"/);
      const english = englishIn(pageText(res.text), 2);
      if (english.length) found[`${who} ${path}`] = english;
    }
    expect(found).to.deep.equal({});
  });

  it('names the problems of evidence the engine refuses in bokmål', async () => {
    // a value stored before its check, as an older version might have: the score page explains
    const broken = await createGoldAssessment(cast);
    await t.db.knex('indicator_values').insert({
      assessment_id: broken,
      indicator_id: 'STR-01',
      kind: 'assessor',
      author_id: cast.ids.lead,
      value: JSON.stringify('eighty'),
      note: null,
      recorded_at: new Date().toISOString(),
    });
    const res = await cast.agents.lead.get(`/assessments/${broken}/score?lang=nb`);
    expect(res.status).to.equal(409);
    const page = pageText(res.text);
    expect(page).to.include('Grunnlaget kan ikke poengsettes').and.include('STR-01 må være en prosent (tall 0–100)');
    expect(englishIn(page, 2)).to.deep.equal([]);
  });

  it('verifies a certificate in bokmål: the label, the date and the verdict from the catalogue', async () => {
    const page = pageText((await expectStatus(cast.agents.anonymous.get(`/verify/${code}?lang=nb`).set('Accept', 'text/html'), 200)).text);
    expect(page).to.include('Gyldig merke').and.include('GULL').and.include('31. mars 2028');
    const en = pageText((await expectStatus(cast.agents.anonymous.get(`/verify/${code}?lang=en`).set('Accept', 'text/html'), 200)).text);
    expect(en).to.include('Valid label').and.include('GOLD').and.include('31 March 2028');
  });

  it('flashes the upload type error and the value error in bokmål, and answers the API in bokmål', async () => {
    const bad = await cast.agents.manager
      .post(`/api/assessments/${open}/documents`)
      .set('Cookie', 'cm.lang=nb')
      .field('item', 'D-02')
      .attach('file', Buffer.from('plain text'), 'notes.pdf');
    expect(bad.status).to.equal(415);
    expect(bad.body.error.code).to.equal('unsupported_type');
    expect(bad.body.error.message).to.match(/^Denne filtypen godtas ikke/);
    const en = await cast.agents.manager
      .post(`/api/assessments/${open}/documents?lang=en`)
      .field('item', 'D-02')
      .attach('file', Buffer.from('plain text'), 'notes.pdf');
    expect(en.body.error.message).to.match(/^This file type is not accepted/);
    const value = await cast.agents.lead.put(`/api/assessments/${open}/values/STR-01?lang=nb`).send({ value: 'eighty' });
    expect(value.status).to.equal(400);
    expect(value.body.error).to.deep.include({
      code: 'invalid_input',
      message: 'Verdien passer ikke til STR-01: må være en prosent (tall 0–100) eller {numerator, denominator}.',
    });
    expect(value.body.error.details[0].message).to.equal('STR-01 must be a percentage (number 0–100) or {numerator, denominator}');
    const byCookie = await cast.agents.lead.put(`/api/assessments/${open}/values/STR-01`).send({ value: 101 });
    // the cm.lang cookie the pages set (?lang=nb above) holds for the API too
    expect(byCookie.body.error.message).to.equal('Verdien passer ikke til STR-01: prosenten 101 er utenfor området 0–100.');
    const byBrowser = await request(t.app).get('/api/no-such-thing').set('Accept-Language', 'nb-NO,nb;q=0.9');
    expect(byBrowser.body.error).to.deep.equal({ code: 'not_found', message: 'Ingen rute for GET /api/no-such-thing.' });
  });

  it("flashes the upload form's type error in bokmål on the nb checklist (no JavaScript)", async () => {
    const agent = cast.agents.manager;
    const page = await expectStatus(agent.get(`/assessments/${open}/checklist?lang=nb`), 200);
    const token = /name="_csrf" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
    const res = await agent
      .post(`/assessments/${open}/checklist/upload`)
      .field('_csrf', token)
      .field('item', 'D-02')
      .attach('file', Buffer.from('plain text, not a PDF'), 'notes.pdf');
    expect(res.status).to.equal(303);
    const next = pageText((await agent.get(res.headers.location)).text);
    expect(next).to.include('Denne filtypen godtas ikke: last opp PDF, PNG, JPEG eller et kontordokument');
    expect(englishIn(next)).to.deep.equal([]);
  });

  it('prints the nb report and the nb certificate without English', async () => {
    for (const doc of ['report.pdf', 'certificate.pdf']) {
      const res = await cast.agents.lead
        .get(`/api/assessments/${decided}/${doc}?lang=nb`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status, doc).to.equal(200);
      const text = pdfText(res.body as Buffer).replace(/\s+/g, ' ');
      expect(text, doc).to.match(/[æøå]/);
      expect(englishIn(text, 2), doc).to.deep.equal([]);
    }
  });
});
