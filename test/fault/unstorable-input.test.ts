/**
 * Inputs the fuzz test found answered with 500 on PostgreSQL (or silently altered on both databases):
 * text with NUL or an unpaired surrogate, and row ids beyond the databases' integer range. Each is
 * now a 400 naming the field, the same on SQLite and PostgreSQL, and nothing is stored.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, suiteWithCast } from '../support/flow';

describe(`input that no database can keep as sent (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();

  for (const [what, name] of [
    ['a NUL character', 'Nul\u0000Cluster'],
    ['an unpaired high surrogate', 'x\ud800y'],
    ['an unpaired low surrogate', '\udfff'],
  ] as const) {
    it(`refuses text with ${what} with 400 and stores nothing`, async () => {
      const before = await suite.t.db.knex('clusters').count({ n: '*' }).first();
      const res = await suite.cast.agents.admin.post('/api/clusters').send({ name, country: 'NO', sector: 'Food', foundedYear: 2010 });
      expect(res.status).to.equal(400);
      expect(res.body.error.details).to.deep.include({ path: '/name', message: 'contains a NUL character or an unpaired surrogate' });
      expect(await suite.t.db.knex('clusters').count({ n: '*' }).first()).to.deep.equal(before);
    });
  }

  it('refuses NUL deep inside a value note and in a key', async () => {
    const id = await createGoldAssessment(suite.cast);
    expect((await suite.cast.agents.lead.put(`/api/assessments/${id}/values/STR-03`).send({ value: 40, note: 'a\u0000' })).status).to.equal(
      400,
    );
    const res = await suite.cast.agents.lead.put(`/api/assessments/${id}/values/STR-08`).send({ value: { micro: 1, 'sm\u0000all': 2 } });
    expect(res.status).to.equal(400);
    expect((await suite.cast.agents.lead.get(`/api/assessments/${id}`)).body.version).to.equal(1);
  });

  it('keeps paired surrogates (emoji) verbatim', async () => {
    const res = await suite.cast.agents.admin
      .post('/api/clusters')
      .send({ name: 'Rocket 🚀 𝔘', country: 'NO', sector: 'Food', foundedYear: 2010 });
    expect(res.status).to.equal(201);
    expect((await suite.cast.agents.admin.get(`/api/clusters/${res.body.id}`)).body.name).to.equal('Rocket 🚀 𝔘');
  });

  it('refuses row ids beyond the integer range with 400', async () => {
    for (const field of ['clusterId', 'frameworkId', 'leadId', 'coAssessorId']) {
      const body = {
        clusterId: suite.cast.clusterId,
        frameworkId: suite.cast.frameworkId,
        requestedLabel: 'gold',
        leadId: suite.cast.ids.lead,
        coAssessorId: suite.cast.ids.co,
        [field]: 2147483648,
      };
      const res = await suite.cast.agents.lead.post('/api/assessments').send(body);
      expect(res.status, field).to.equal(400);
      expect(res.body.error.details[0].path).to.equal(`/${field}`);
    }
    const user = await suite.cast.agents.admin
      .post('/api/users')
      .send({ email: 'big@test.example', name: 'Big', password: 'long enough password', role: 'cluster_manager', clusterId: 2 ** 40 });
    expect(user.status).to.equal(400);
  });
});

describe(`dates that do not exist (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();

  // Found by the fuzz test: 2026-02-30 passed the pattern, was stored, and the score answered 500 ever after.
  it('refuses an interview date the calendar does not have, and the score keeps answering', async () => {
    const id = await createGoldAssessment(suite.cast);
    for (const date of ['2026-02-30', '2025-02-29', '2026-04-31']) {
      expect((await suite.cast.agents.lead.patch(`/api/assessments/${id}`).send({ interviewDate: date })).status, date).to.equal(400);
      const created = await suite.cast.agents.lead.post('/api/assessments').send({
        clusterId: suite.cast.clusterId,
        frameworkId: suite.cast.frameworkId,
        requestedLabel: 'bronze',
        leadId: suite.cast.ids.lead,
        interviewDate: date,
      });
      expect(created.status, date).to.equal(400);
    }
    expect((await suite.cast.agents.lead.patch(`/api/assessments/${id}`).send({ interviewDate: '2028-02-29' })).status).to.equal(200);
    expect((await suite.cast.agents.lead.get(`/api/assessments/${id}/score`)).status).to.equal(200);
  });
});
