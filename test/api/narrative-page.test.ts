/**
 * Issue 18, item 1: the narrative's page. The lead writes by the form (stored by the API's service):
 * strengths one per line, a comment per area, the recommendations put in order by their order fields, a
 * drop refused without a reason (flashed in the reader's language, nothing stored); the co-assessor
 * comments; the page reads in bokmål without English; the assessment page links it.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { pageText } from '../support/decided';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn, flashIn } from '../support/pages';

describe(`the narrative's page (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast();
  let id: number;
  const page = () => `/assessments/${id}/narrative`;
  before(async () => {
    id = await createGoldAssessment(suite.cast);
    await expectStatus(suite.cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
  });

  async function post(agent: request.Agent, action: string, fields: Record<string, string>, lang = 'en') {
    const html = (await expectStatus(agent.get(`${page()}?lang=${lang}`), 200)).text;
    const body = new URLSearchParams({ _csrf: tokenIn(html), ...fields });
    const res = await expectStatus(agent.post(action).type('form').send(body.toString()), 303);
    return flashIn((await agent.get(res.headers.location)).text);
  }

  it('shows the lead a form seeded with the engine’s recommendations; the assessment page links it', async () => {
    const { agents } = suite.cast;
    const html = (await expectStatus(agents.lead.get(`${page()}?lang=en`), 200)).text;
    expect(html).to.contain('id="narrative-form"').and.contain('name="area_STR"').and.contain('name="rec_text_1"');
    const api = (await agents.lead.get(`/api/assessments/${id}/narrative`)).body;
    expect(pageText(html)).to.contain(api.engine[0].text.slice(0, 40));
    expect(pageText(html)).to.contain('No narrative has been written');
    expect((await agents.lead.get(`/assessments/${id}`)).text).to.contain(`href="/assessments/${id}/narrative"`);
  });

  it('stores the form in the lead’s order; a drop without a reason is refused in bokmål and stores nothing', async () => {
    const { agents } = suite.cast;
    const fields = {
      version: '0',
      summary: 'A young cluster.\n\nIt needs a broader funding base.',
      strengths: 'Committed members\n\n  Clear strategy  ',
      weaknesses: 'Thin funding',
      area_STR: 'The core is regional.',
      area_FIN: '',
      'ind_STR-04': 'Half the members sit outside the region.',
      'ind_STR-05': '  ',
      rec_text_1: 'First engine one',
      rec_indicator_1: 'STR-01',
      rec_order_1: '2',
      rec_text_2: 'Our own, to be first',
      rec_indicator_2: '',
      rec_order_2: '1',
      rec_text_3: 'Not for now',
      rec_indicator_3: 'MGT-01',
      rec_order_3: '3',
      rec_drop_3: '1',
      rec_reason_3: '',
      rec_text_4: '',
      rec_order_4: '4',
    };
    expect(await post(agents.lead, page(), fields, 'nb')).to.deep.equal([
      'error',
      'Anbefaling 3 er fjernet uten begrunnelse: skriv hvorfor den fjernes.',
    ]);
    expect(await suite.t.db.knex('assessment_narratives').where({ assessment_id: id })).to.have.length(0);
    expect(await post(agents.lead, page(), { ...fields, rec_reason_3: 'Already planned.' })).to.deep.equal(['ok', 'Saved.']);
    const n = (await agents.lead.get(`/api/assessments/${id}/narrative`)).body;
    expect(n.version).to.equal(1);
    expect(n.narrative).to.deep.equal({
      summary: 'A young cluster.\n\nIt needs a broader funding base.',
      strengths: ['Committed members', 'Clear strategy'],
      weaknesses: ['Thin funding'],
      areas: { STR: 'The core is regional.' },
      indicators: { 'STR-04': 'Half the members sit outside the region.' },
      recommendations: [
        { indicator: null, text: 'Our own, to be first' },
        { indicator: 'STR-01', text: 'First engine one' },
        { indicator: 'MGT-01', text: 'Not for now', dropped: { reason: 'Already planned.' } },
      ],
    });
    // a post on the old version is refused: someone saved in between
    expect(await post(agents.lead, page(), { ...fields, rec_reason_3: 'x' })).to.deep.equal([
      'error',
      'Someone else saved the narrative in the meantime. Reload the page to see it; your change was not saved.',
    ]);
  });

  it('lets the co-assessor comment beside a read-only narrative; the manager does not read it before release', async () => {
    const { agents } = suite.cast;
    const html = (await expectStatus(agents.co.get(`${page()}?lang=en`), 200)).text;
    expect(html).to.not.contain('id="narrative-form"');
    expect(html).to.contain('only the lead assessor writes it');
    expect(pageText(html)).to.contain('Our own, to be first').and.contain('Already planned.').and.contain('Half the members sit outside');
    expect(await post(agents.co, `${page()}/comment`, { version: '1', comment: 'Mention the survey.' })).to.deep.equal(['ok', 'Saved.']);
    expect(pageText((await agents.lead.get(page())).text)).to.contain('Mention the survey.');
    await expectStatus(agents.manager.get(page()), 403);
    await expectStatus(agents.trainee.get(page()), 403);
  });

  it('reads in bokmål without English', async () => {
    const { agents } = suite.cast;
    for (const who of ['lead', 'co'] as const) {
      const nb = pageText((await expectStatus(agents[who].get(`${page()}?lang=nb`), 200)).text);
      expect(nb).to.contain('Rapportens vurderingstekst').and.contain('Sammendrag for ledelsen').and.contain('Medbedømmerens kommentar');
      for (const en of ['Narrative', 'Summary', 'Strengths', 'Weaknesses', 'Recommendation', 'Save', 'Drop', 'Indicator', 'comment'])
        expect(nb, `${who}: ${en}`).not.to.contain(en);
    }
  });
});
