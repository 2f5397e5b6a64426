/**
 * The score page's what-if form without JavaScript: sent to the page itself, it shows the total and
 * the label for the changed values, re-scored by the same engine call as POST …/what-if, and stores
 * nothing. Only for those who may see the assessors' values.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, EXAMPLE_1, expectStatus, suiteWithCast } from '../support/flow';

describe(`the what-if form without JavaScript (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  let id: number;
  before(async () => {
    id = await createGoldAssessment(suite.cast);
    for (const [ind, value] of Object.entries(EXAMPLE_1.values))
      await expectStatus(suite.cast.agents.lead.put(`/api/assessments/${id}/values/${ind}`).send({ value }), 200);
  });

  const resultOf = (html: string) => /<p id="what-if-result"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
  const page = (agent: request.Agent, query: string) => expectStatus(agent.get(`/assessments/${id}/score${query}`), 200);

  it('shows the re-scored total and label for the changed values, keeps them in the form, and stores nothing', async () => {
    const lead = suite.cast.agents.lead;
    const before = (await lead.get(`/api/assessments/${id}/score`)).body;
    const plain = await page(lead, '');
    expect(plain.text).to.contain('<noscript><button type="submit"');
    expect(resultOf(plain.text)).to.equal('');
    // a scale indicator that earns points now, set to level 1
    type Row = { id: string; kind: string; points: number; value: unknown };
    const scale = (before.indicators as Row[]).find(
      (i) =>
        i.kind === 'quality' &&
        i.points > 0 &&
        Number.isInteger(i.value) &&
        (i.value as number) > 1 &&
        (i.value as number) <= 5 &&
        plain.text.includes(`<select id="wi-${i.id}"`),
    )!;
    expect(scale, 'a scale indicator with points').to.not.equal(undefined);
    const api = (await lead.post(`/api/assessments/${id}/what-if`).send({ values: { [scale.id]: 1 } })).body;
    expect(api.total.points).to.be.below(before.total.points);
    const labels: Record<string, string> = { bronze: 'Bronze', silver: 'Silver', gold: 'Gold' };
    const res = await page(lead, `?${scale.id}=1&STR-03=1000`);
    const both = (await lead.post(`/api/assessments/${id}/what-if`).send({ values: { [scale.id]: 1, 'STR-03': 1000 } })).body;
    expect(resultOf(res.text)).to.equal(
      `With these values: ${both.total.points} points · ${both.label.awarded ? labels[both.label.awarded] : 'No label'}`,
    );
    expect(res.text).to.match(/name="STR-03"[^>]*value="1000"/);
    expect(res.text).to.match(new RegExp(`<select id="wi-${scale.id}" name="${scale.id}"[^>]*><option value="1" selected>L1</option>`));
    // values as they stand ask for nothing; nothing was stored
    expect(resultOf((await page(lead, `?${scale.id}=${scale.value}`)).text)).to.equal('');
    const after = (await lead.get(`/api/assessments/${id}/score`)).body;
    expect([after.total, after.version]).to.deep.equal([before.total, before.version]);
  });

  it('says when a value does not fit; a manager sees no score before the release', async () => {
    const { agents } = suite.cast;
    expect(resultOf((await page(agents.lead, '?SRV-04=9')).text)).to.equal('Some what-if values do not fit their indicators.');
    // the manager sees no score before the release, what-if or not
    expect((await agents.manager.get(`/assessments/${id}/score?SRV-04=1`)).status).to.equal(403);
  });
});
