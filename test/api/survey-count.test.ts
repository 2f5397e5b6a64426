/**
 * One survey per assessment (issue "Trust in the label", hole 2): one invited count that can change but
 * never below the answers in, a new link keeps it, and evidence the engine refuses is a named 409 on
 * the score, the score page, the report and the decision, never a 500. And one rule for a response,
 * for the API and the form (hole 8).
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, goldInReview, suiteWithCast, VALID_ANSWERS, JUSTIFIED } from '../support/flow';

describe(`one survey per assessment (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  it('keeps the invited count and every answer when a new link replaces the old one', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const first = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 40 }), 201)).body;
    expect(first).to.include({ invited: 40, responses: 0 });
    for (let i = 0; i < 3; i++)
      await expectStatus(agents.anonymous.post(`/api/survey/${first.token}`).send({ answers: { ...VALID_ANSWERS } }), 201);
    // the attack: a new link with 2 invited, below the 3 answers in
    const low = await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 2 }), 409);
    expect(low.body.error.code).to.equal('invited_below_responses');
    expect(low.body.error.details).to.deep.equal({ responses: 3, invited: 2 });
    // a new link without a count keeps the survey's count and its answers
    const second = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({}), 201)).body;
    expect(second).to.include({ invited: 40, responses: 3 });
    expect(second.token).to.not.equal(first.token);
    expect(
      (await expectStatus(agents.anonymous.post(`/api/survey/${first.token}`).send({ answers: { ...VALID_ANSWERS } }), 409)).body.error
        .code,
    ).to.equal('survey_closed');
    await expectStatus(agents.anonymous.post(`/api/survey/${second.token}`).send({ answers: { ...VALID_ANSWERS } }), 201);
    const survey = (await expectStatus(agents.lead.get(`/api/assessments/${id}/survey`), 200)).body;
    expect(survey).to.include({ invited: 40, responses: 4 });
    expect(survey.summary.valid).to.equal(4);
    expect(survey.summary.responseRate).to.equal(10);
    // the count changes without a new link, never below the answers in
    expect((await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ invited: 3 }), 409)).body.error.code).to.equal(
      'invited_below_responses',
    );
    expect((await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ invited: 4 }), 200)).body).to.deep.equal({
      invited: 4,
      responses: 4,
    });
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ invited: 0 }), 400);
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ invited: '5' }), 400);
    expect(
      (await expectStatus(agents.anonymous.post(`/api/survey/${second.token}`).send({ answers: { ...VALID_ANSWERS } }), 409)).body.error
        .code,
    ).to.equal('survey_full');
    await expectStatus(agents.lead.get(`/api/assessments/${id}/score`), 200);
    await expectStatus(agents.otherManager.patch(`/api/assessments/${id}/survey`).send({ invited: 50 }), 404);
    await expectStatus(agents.trainee.patch(`/api/assessments/${id}/survey`).send({ invited: 50 }), 403);
  });

  it('asks for the invited count when there is no survey yet', async () => {
    const id = await createGoldAssessment(suite.cast);
    const res = await expectStatus(suite.cast.agents.manager.post(`/api/assessments/${id}/survey`).send({}), 400);
    expect(res.body.error.details[0].path).to.equal('/invited');
    await expectStatus(suite.cast.agents.manager.patch(`/api/assessments/${id}/survey`).send({ invited: 5 }), 404);
  });

  it('names evidence the engine refuses: 409 on the score, the report and the decision, a problem list on the score page', async () => {
    const { agents } = suite.cast;
    const { id } = await goldInReview(suite.cast);
    // a state no request can reach any more, made directly: fewer invited than answers
    await suite.t.db.knex('surveys').where({ assessment_id: id }).update({ invited: 2 });
    for (const [agent, path] of [
      [agents.lead, `/api/assessments/${id}/score`],
      [agents.lead, `/api/assessments/${id}/report.pdf`],
      [agents.co, `/api/assessments/${id}/decision`],
    ] as const) {
      const res = await (path.endsWith('/decision') ? agent.post(path).send(JUSTIFIED) : agent.get(path));
      expect(res.status, path).to.equal(409);
      expect(res.body.error.code, path).to.equal('evidence_invalid');
      expect(res.body.error.message, path).to.match(/exceed/);
      expect(res.body.error.details[0].path, path).to.match(/^\/survey/);
    }
    const page = await agents.lead.get(`/assessments/${id}/score?lang=nb`);
    expect(page.status).to.equal(409);
    expect(page.text).to.contain('Grunnlaget kan ikke poengsettes');
    expect(page.text).to.match(/<code>\/survey[^<]*<\/code>/);
    expect((await agents.lead.get(`/api/assessments/${id}`)).body.state).to.equal('review');
  });

  it('takes a response by one rule on the API and the form: the organisation type and four of Q7–Q13', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const { token } = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 10 }), 201)).body;
    const api = await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { Q15: 'hello' } }), 400);
    expect(api.body.error.details.map((d: { path: string; code: string }) => `${d.path} ${d.code}`).sort()).to.deep.equal([
      '/answers/Q1 required',
      '/answers/Q7 too_few_statements',
    ]);
    await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { Q1: 'companies', Q7: 4, Q8: 4, Q9: 4 } }), 400);
    const form = await agents.anonymous.post(`/survey/${token}`).type('form').send({ Q15: 'hello' });
    expect(form.status).to.equal(400);
    expect((await expectStatus(agents.lead.get(`/api/assessments/${id}/survey`), 200)).body.responses).to.equal(0);
    await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS, Q15: 'hello' } }), 201);
    await expectStatus(
      agents.anonymous.post(`/survey/${token}`).type('form').send({ Q1: 'companies', Q7: '4', Q8: '4', Q9: '4', Q10: '4' }),
      303,
    );
    expect((await expectStatus(agents.lead.get(`/api/assessments/${id}/survey`), 200)).body.responses).to.equal(2);
  });
});
