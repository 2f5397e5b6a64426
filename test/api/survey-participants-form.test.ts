/**
 * Issue 19, item 2 on the survey management page: addresses pasted (or a CSV read into the field)
 * are added through the same service as the API's; a CSV that cannot be read is refused in the
 * reader's language and adds no one.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn, flashIn } from '../support/pages';

describe(`the survey page's list of addresses (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  let id: number;
  before(async () => {
    id = await createGoldAssessment(suite.cast);
  });

  async function post(agent: request.Agent, addresses: string, lang = 'en') {
    const html = (await expectStatus(agent.get(`/assessments/${id}/survey?lang=${lang}`), 200)).text;
    const body = new URLSearchParams({ _csrf: tokenIn(html), addresses, lang: 'en' });
    const res = await expectStatus(agent.post(`/assessments/${id}/survey/participants`).type('form').send(body.toString()), 303);
    return flashIn((await agent.get(res.headers.location)).text);
  }
  const listed = async () =>
    (await expectStatus(suite.cast.agents.manager.get(`/api/assessments/${id}/survey/participants`), 200)).body.list.map(
      (p: { email: string }) => p.email,
    );

  it('refuses a CSV it cannot read, in bokmål, and adds no one', async () => {
    const [kind, text] = await post(suite.cast.agents.manager, 'name;email\n"Kari;kari@x.no\nOla;ola@x.no\n', 'nb');
    expect(kind).to.equal('error');
    expect(text).to.contain('CSV-filen kunne ikke leses');
    expect(await listed()).to.deep.equal([]);
  });

  it('adds the addresses of a CSV whose quoted names hold commas', async () => {
    const [kind] = await post(suite.cast.agents.manager, 'Navn,E-post\n"Nordmann, Kari",kari@x.no\n"Hansen, Ola",ola@x.no\n');
    expect(kind).to.equal('ok');
    expect((await listed()).sort()).to.deep.equal(['kari@x.no', 'ola@x.no']);
  });
});
