/**
 * The interview runner's screen of a survey-based indicator shows the current survey value only to those
 * the policy lets read the survey results (readSurveyResults: admin, lead, co-assessor), as the API's
 * GET /api/assessments/:id/survey does; the cluster manager and the trainee see neither.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, EXAMPLE_1, expectStatus, suiteWithCast } from '../support/flow';
import { isValidResponse, pageText } from '../support/decided';

describe(`survey figures on the interview runner follow the survey API's rule (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let id: number;
  before(async () => {
    const { agents } = suite.cast;
    id = await createGoldAssessment(suite.cast);
    const survey = await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 20 }), 201);
    for (const answers of EXAMPLE_1.survey.responses.filter(isValidResponse).slice(0, 3))
      await expectStatus(agents.anonymous.post(`/api/survey/${survey.body.token}`).send({ answers }), 201);
  });

  const runner = async (agent: request.Agent) =>
    pageText((await expectStatus(agent.get(`/assessments/${id}/interview?i=SRV-09&lang=en`), 200)).text);
  const surveyApi = async (agent: request.Agent) => (await agent.get(`/api/assessments/${id}/survey`)).body;

  it('shows the lead and the co-assessor the survey value, as the API gives them the summary', async () => {
    for (const who of ['lead', 'co'] as const) {
      expect(await surveyApi(suite.cast.agents[who]), who).to.have.property('summary');
      const text = await runner(suite.cast.agents[who]);
      expect(text, who).to.contain('This indicator is computed from the participant survey');
      expect(text, who).to.match(/Current survey value: [\d.,]+ \(3 valid answers\)/);
    }
  });

  it('shows the cluster manager in preparation and the trainee no survey figures, as the API gives them no summary', async () => {
    for (const who of ['manager', 'trainee'] as const) {
      expect(await surveyApi(suite.cast.agents[who]), who).not.to.have.property('summary');
      const text = await runner(suite.cast.agents[who]);
      expect(text, who).to.contain('This indicator is computed from the participant survey');
      expect(text, who).not.to.contain('Current survey value');
      expect(text, who).not.to.contain('valid answers');
    }
  });

  it("keeps the trainee's runner free of survey figures in the interview too", async () => {
    await expectStatus(suite.cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    const nb = pageText((await expectStatus(suite.cast.agents.trainee.get(`/assessments/${id}/interview?i=SRV-09&lang=nb`), 200)).text);
    expect(nb).to.contain('Denne indikatoren beregnes fra deltakerundersøkelsen');
    expect(nb).not.to.contain('Nåværende verdi fra undersøkelsen');
    expect(await runner(suite.cast.agents.co)).to.contain('Current survey value');
  });
});
