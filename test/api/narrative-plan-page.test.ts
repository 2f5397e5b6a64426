/**
 * Issue 18, item 2: the action plan's owner and due date on the narrative's page. Posted with the form
 * (rec_owner_N, rec_due_N), stored by the API's service and shown again in the form; a due date that is
 * no day of the calendar is refused in the reader's language and stores nothing.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn, flashIn } from '../support/pages';

describe(`the narrative's page: owner and due date of a recommendation (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast();
  let id: number;
  const page = () => `/assessments/${id}/narrative`;
  before(async () => {
    id = await createGoldAssessment(suite.cast);
    await expectStatus(suite.cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
  });

  async function post(agent: request.Agent, fields: Record<string, string>, lang = 'en') {
    const html = (await expectStatus(agent.get(`${page()}?lang=${lang}`), 200)).text;
    const body = new URLSearchParams({ _csrf: tokenIn(html), ...fields });
    const res = await expectStatus(agent.post(page()).type('form').send(body.toString()), 303);
    return flashIn((await agent.get(res.headers.location)).text);
  }

  it('stores the owner and due date, shows them again, and refuses a day that does not exist', async () => {
    const { agents } = suite.cast;
    const fields = {
      version: '0',
      summary: '',
      strengths: '',
      weaknesses: '',
      rec_text_1: 'Meet every member once a year',
      rec_indicator_1: 'STR-01',
      rec_order_1: '1',
      rec_owner_1: '  Kari Nordmann  ',
      rec_due_1: '2027-02-30',
      rec_text_2: 'Our own',
      rec_indicator_2: '',
      rec_order_2: '2',
      rec_owner_2: '',
      rec_due_2: '',
    };
    expect(await post(agents.lead, fields, 'nb')).to.deep.equal([
      'error',
      'Anbefaling 1 har en frist som ikke finnes (2027-02-30): skriv den som ÅÅÅÅ-MM-DD.',
    ]);
    expect(await suite.t.db.knex('assessment_narratives').where({ assessment_id: id })).to.have.length(0);
    expect(await post(agents.lead, { ...fields, rec_due_1: '2027-02-28' })).to.deep.equal(['ok', 'Saved.']);
    const n = (await agents.lead.get(`/api/assessments/${id}/narrative`)).body;
    expect(n.narrative.recommendations).to.deep.equal([
      { indicator: 'STR-01', text: 'Meet every member once a year', owner: 'Kari Nordmann', due: '2027-02-28' },
      { indicator: null, text: 'Our own' },
    ]);
    const html = (await expectStatus(agents.lead.get(`${page()}?lang=en`), 200)).text;
    expect(html).to.match(/name="rec_owner_1"[^>]*value="Kari Nordmann"/);
    expect(html).to.match(/name="rec_due_1" value="2027-02-28"/);
  });
});
