/**
 * The check page links the expert's narrative only where the assessment page does (web/data.ts
 * linksNarrative): for those who may read it, from the interview on; not in preparation.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, goldInReview, suiteWithCast } from '../support/flow';

describe(`the check page's link to the narrative (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  it('is not there in preparation, on the check page nor on the assessment page', async () => {
    const id = await createGoldAssessment(suite.cast);
    const check = await expectStatus(suite.cast.agents.lead.get(`/assessments/${id}/check`), 200);
    expect(check.text).not.to.contain('id="narrative-link"');
    const page = await expectStatus(suite.cast.agents.lead.get(`/assessments/${id}`), 200);
    expect(page.text).not.to.contain(`href="/assessments/${id}/narrative"`);
  });

  it('is there in review, for the lead and the co-assessor, as on the assessment page', async () => {
    const { id } = await goldInReview(suite.cast);
    for (const who of ['lead', 'co'] as const) {
      const check = await expectStatus(suite.cast.agents[who].get(`/assessments/${id}/check`), 200);
      expect(check.text, who).to.contain(`<a href="/assessments/${id}/narrative" id="narrative-link">`);
      const page = await expectStatus(suite.cast.agents[who].get(`/assessments/${id}`), 200);
      expect(page.text, who).to.contain(`href="/assessments/${id}/narrative"`);
    }
  });
});
