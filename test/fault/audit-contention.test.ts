/**
 * Found by the crash test on PostgreSQL: under many concurrent writers, appends to the audit chain
 * collided on its tail until a transaction ran out of retries and answered 500. Appends now wait for
 * the tail, so every concurrent write succeeds and the chain stays one line.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, suiteWithCast, VALID_ANSWERS } from '../support/flow';
import { verifyAudit } from '../../server/services/audit';

describe(`audit chain under concurrent writers (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000000' });

  it('answers 240 concurrent value writes and survey answers with 2xx and keeps one chain', async () => {
    const id = await createGoldAssessment(suite.cast);
    const { token } = (await suite.cast.agents.lead.post(`/api/assessments/${id}/survey`).send({ invited: 1000 })).body;
    const results = await Promise.all(
      Array.from({ length: 240 }, (_, i) =>
        i % 2
          ? suite.cast.agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS, Q15: `answer ${i}` } })
          : suite.cast.agents[i % 4 ? 'lead' : 'co'].put(`/api/assessments/${id}/values/STR-03`).send({ value: i, note: `write ${i}` }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s >= 300)).to.deep.equal([]);
    expect((await suite.cast.agents.lead.get(`/api/assessments/${id}`)).body.version).to.equal(121);
    expect((await verifyAudit(suite.t.db.knex)).ok).to.equal(true);
  });
});
