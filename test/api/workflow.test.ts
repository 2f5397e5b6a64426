import { expect } from 'chai';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { createGoldAssessment, EXAMPLE_1, expectStatus, makeCast, pdf, type Cast, VALID_ANSWERS, JUSTIFIED } from '../support/flow';
import { verifyAudit } from '../../server/services/audit';
import { execFileSync } from 'node:child_process';

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

describe(`the assessment workflow over HTTP (${testDialect}): FRAMEWORK.md example 1 end to end`, function () {
  this.timeout(60_000);
  let t: TestApp;
  let cast: Cast;
  let id: number;
  let surveyToken: string;
  before(async () => {
    t = await testApp({ SURVEY_RATE_LIMIT: '1000' });
    cast = await makeCast(t);
    id = await createGoldAssessment(cast);
  });
  after(() => t.close());

  it('starts in preparation with version 1 and the framework hash pinned', async () => {
    const res = await expectStatus(cast.agents.manager.get(`/api/assessments/${id}`), 200);
    expect(res.body).to.include({ state: 'preparation', version: 1, requestedLabel: 'gold', clusterId: cast.clusterId });
    expect(res.body.frameworkHash).to.match(/^[0-9a-f]{64}$/);
  });

  it('lets the cluster manager upload every checklist document', async () => {
    for (const item of Object.keys(EXAMPLE_1.documents)) {
      const res = await expectStatus(
        cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', item).attach('file', pdf(item), `${item}.pdf`),
        201,
      );
      expect(res.body.sha256).to.match(/^[0-9a-f]{64}$/);
      expect(res.body.size).to.equal(pdf(item).length);
    }
    const list = await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/documents`), 200);
    expect(list.body).to.have.length(18);
  });

  it('serves a document back byte for byte to the assessment participants', async () => {
    const list = await cast.agents.lead.get(`/api/assessments/${id}/documents`);
    const doc = list.body.find((d: { item: string }) => d.item === 'D-04');
    const res = await cast.agents.trainee
      .get(`/api/assessments/${id}/documents/${doc.id}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).to.equal(200);
    expect(Buffer.compare(res.body, pdf('D-04'))).to.equal(0);
  });

  it('opens the survey and takes the anonymous answers', async () => {
    const res = await expectStatus(
      cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: EXAMPLE_1.survey.invited }),
      201,
    );
    surveyToken = res.body.token;
    expect(res.body.url).to.contain(`/survey/${surveyToken}`);
    const page = await expectStatus(cast.agents.anonymous.get(`/api/survey/${surveyToken}`), 200);
    expect(page.body.survey.questions.map((q: { id: string }) => q.id)).to.include('Q7');
    // Example 1 holds two responses with fewer than four of Q7–Q13 (§3.3.1): the form would not send
    // them, and the API takes none either, by the same rule; they would never have counted as valid
    let refused = 0;
    for (const answers of EXAMPLE_1.survey.responses) {
      const res = await cast.agents.anonymous.post(`/api/survey/${surveyToken}`).send({ answers });
      if (res.status === 400) {
        refused++;
        expect(res.body.error.details.map((d: { code: string }) => d.code)).to.include('too_few_statements');
      } else expect(res.status).to.equal(201);
    }
    expect(refused).to.equal(2);
    const summary = await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/survey`), 200);
    expect(summary.body.responses).to.equal(EXAMPLE_1.survey.responses.length - 2);
    expect(summary.body.summary.valid).to.equal(34);
    expect(summary.body.summary.responseRate).to.equal(26.2);
  });

  it('moves to the interview, where lead and co-assessor record their values independently', async () => {
    let version = (await cast.agents.lead.get(`/api/assessments/${id}`)).body.version;
    const moved = await expectStatus(
      cast.agents.lead.post(`/api/assessments/${id}/transitions`).set('If-Match', String(version)).send({ to: 'interview' }),
      200,
    );
    expect(moved.body.state).to.equal('interview');
    version = moved.body.version;
    for (const [indicator, value] of Object.entries(EXAMPLE_1.values)) {
      const res = await expectStatus(
        cast.agents.lead
          .put(`/api/assessments/${id}/values/${indicator}`)
          .set('If-Match', String(version))
          .send({ value, note: `lead note on ${indicator}` }),
        200,
      );
      expect(res.body.version).to.equal(version + 1);
      version = res.body.version;
      // the co-assessor's write moves the version on as well
      version = (await expectStatus(cast.agents.co.put(`/api/assessments/${id}/values/${indicator}`).send({ value }), 200)).body.version;
    }
  });

  it('keeps the trainee blind while it shadows', async () => {
    await expectStatus(cast.agents.trainee.put(`/api/assessments/${id}/shadow/STR-02`).send({ value: 3 }), 200);
    await expectStatus(cast.agents.trainee.put(`/api/assessments/${id}/shadow/MGT-02`).send({ value: 2.5 }), 200);
    await expectStatus(cast.agents.trainee.get(`/api/assessments/${id}/values`), 403);
    await expectStatus(cast.agents.trainee.get(`/api/assessments/${id}/score`), 403);
    await expectStatus(cast.agents.trainee.get(`/api/assessments/${id}/calibration`), 403);
    const own = await expectStatus(cast.agents.trainee.get(`/api/assessments/${id}/shadow`), 200);
    expect(own.body.values).to.have.length(2);
  });

  it('reviews the documents and scores exactly 120 points before the decision', async () => {
    await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
    const docs = (await cast.agents.lead.get(`/api/assessments/${id}/documents`)).body;
    for (const d of docs)
      await expectStatus(cast.agents.co.post(`/api/assessments/${id}/documents/${d.id}/review`).send({ status: 'accepted' }), 200);
    const score = await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/score`), 200);
    expect(score.body.total.points).to.equal(120);
    expect(score.body.frozen).to.equal(false);
  });

  it('decides Gold on the second assessor confirmation, and only then', async () => {
    const first = await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    expect(first.body.waitingFor).to.deep.equal(['co@test.example']);
    expect((await cast.agents.lead.get(`/api/assessments/${id}`)).body.state).to.equal('review');
    const second = await expectStatus(cast.agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 200);
    expect(second.body).to.include({ label: 'gold', validUntil: '2028-03-31', state: 'decided' });
    expect(second.body.certificateCode).to.match(/^CM-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const again = await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 409);
    expect(again.body.error.code).to.equal('invalid_state');
    // the label is public only from the release (DESIGN.md, lifecycle)
    await expectStatus(cast.agents.anonymous.get(`/verify/${second.body.certificateCode}`).set('Accept', 'application/json'), 404);
  });

  it('is read-only once decided, and the survey is closed', async () => {
    const res = await expectStatus(cast.agents.lead.put(`/api/assessments/${id}/values/STR-02`).send({ value: 5 }), 409);
    expect(res.body.error.code).to.equal('read_only');
    const closed = await expectStatus(
      cast.agents.anonymous.post(`/api/survey/${surveyToken}`).send({ answers: { ...VALID_ANSWERS, Q7: 5 } }),
      409,
    );
    expect(closed.body.error.code).to.equal('survey_closed');
    const score = await expectStatus(cast.agents.admin.get(`/api/assessments/${id}/score`), 200);
    expect(score.body.frozen).to.equal(true);
    expect(score.body.label.awarded).to.equal('gold');
  });

  it('shows the trainee its calibration after the decision', async () => {
    const res = await expectStatus(cast.agents.trainee.get(`/api/assessments/${id}/calibration`), 200);
    expect(res.body.trainees).to.have.length(1);
    const c = res.body.trainees[0];
    expect(c.compared).to.equal(2);
    expect(c.exactAgreement).to.equal(50);
    expect(c.deviations[0]).to.include({ indicator: 'STR-02', difference: -1 });
  });

  it('releases the report to the cluster manager', async () => {
    await expectStatus(cast.agents.manager.get(`/api/assessments/${id}/score`), 403);
    await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'released' }), 200);
    const score = await expectStatus(cast.agents.manager.get(`/api/assessments/${id}/score`), 200);
    expect(score.body.total.points).to.equal(120);
    const code = (await t.db.knex('labels').where({ assessment_id: id }).first('certificate_code')).certificate_code;
    const verify = await expectStatus(cast.agents.anonymous.get(`/verify/${code}`).set('Accept', 'application/json'), 200);
    expect(verify.body).to.include({ valid: true, label: 'gold', cluster: 'Isarsensor Cluster', validUntil: '2028-03-31' });
  });

  it('serves the report and the certificate as PDFs, the same bytes every time', async () => {
    const binary = (r: import('supertest').Test) =>
      r.buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const nb = await binary(cast.agents.manager.get(`/api/assessments/${id}/report.pdf?lang=nb`));
    expect(nb.status).to.equal(200);
    expect(nb.headers['content-type']).to.equal('application/pdf');
    const text = pdfText(nb.body);
    expect(text).to.contain('Isarsensor Cluster');
    expect(text).to.match(/Gull/);
    const again = await binary(cast.agents.lead.get(`/api/assessments/${id}/report.pdf?lang=nb`));
    expect(Buffer.compare(nb.body, again.body)).to.equal(0);
    const cert = await binary(cast.agents.manager.get(`/api/assessments/${id}/certificate.pdf`));
    expect(cert.status).to.equal(200);
    const code = (await t.db.knex('labels').where({ assessment_id: id }).first('certificate_code')).certificate_code;
    expect(pdfText(cert.body)).to.contain(code);
    await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/report.pdf?lang=de`), 400);
  });

  it('has written an intact audit chain of everything', async () => {
    const verdict = await verifyAudit(t.db.knex);
    expect(verdict.ok).to.equal(true);
    const actions = await t.db.knex('audit_log').distinct('action').pluck('action');
    expect(actions).to.include.members([
      'assessment.create',
      'document.upload',
      'document.review',
      'value.assessor',
      'value.shadow',
      'survey.response',
      'decision.confirm',
      'decision.decide',
    ]);
  });
});
