/**
 * The web score page shows the label checks that decided (the requested label's and, when it was
 * not awarded, the fallback's) and names the document that holds an indicator's points down
 * (issue 14, hole 7). FRAMEWORK.md example 1 through the API, as test/api/workflow.test.ts does.
 */
import { expect } from 'chai';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { createGoldAssessment, EXAMPLE_1, expectStatus, makeCast, pdf, type Cast, JUSTIFIED } from '../support/flow';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[^;]+;/g, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[e] ?? e)
    .replace(/\s+/g, ' ');
const rules = (html: string) => [...html.matchAll(/class="check [a-z]+" data-rule="([A-Z0-9]+)"/g)].map((m) => m[1]);

describe(`the web score page: deciding checks and document blockers (${testDialect})`, function () {
  this.timeout(120_000);
  let t: TestApp;
  let cast: Cast;
  let gold: number;
  let bronze: number;
  before(async () => {
    t = await testApp({ SURVEY_RATE_LIMIT: '1000' });
    cast = await makeCast(t);
    const { agents } = cast;
    gold = await createGoldAssessment(cast);
    for (const item of Object.keys(EXAMPLE_1.documents)) {
      await expectStatus(
        agents.manager
          .post(`/api/assessments/${gold}/documents`)
          .field('item', item)
          .attach('file', pdf(`${gold}-${item}`), `${item}.pdf`),
        201,
      );
    }
    const survey = await expectStatus(
      agents.manager.post(`/api/assessments/${gold}/survey`).send({ invited: EXAMPLE_1.survey.invited }),
      201,
    );
    for (const answers of EXAMPLE_1.survey.responses) {
      // a response that could never count (fewer than 4 of Q7–Q13, FRAMEWORK.md §3.3) may be refused; the valid ones decide
      const res = await agents.anonymous.post(`/api/survey/${survey.body.token}`).send({ answers });
      const counts = ['Q7', 'Q8', 'Q9', 'Q10', 'Q11', 'Q12', 'Q13'].filter((q) => Number.isInteger(answers[q])).length >= 4;
      if (res.status !== 201 && !(res.status === 400 && !counts))
        throw new Error(`survey answer: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await expectStatus(agents.lead.post(`/api/assessments/${gold}/transitions`).send({ to: 'interview' }), 200);
    for (const [indicator, value] of Object.entries(EXAMPLE_1.values)) {
      await expectStatus(agents.lead.put(`/api/assessments/${gold}/values/${indicator}`).send({ value }), 200);
      await expectStatus(agents.co.put(`/api/assessments/${gold}/values/${indicator}`).send({ value }), 200);
    }
    await expectStatus(agents.lead.post(`/api/assessments/${gold}/transitions`).send({ to: 'review' }), 200);
    // every document accepted but the service portfolio D-11
    for (const d of (await expectStatus(agents.lead.get(`/api/assessments/${gold}/documents`), 200)).body) {
      await expectStatus(
        agents.co.post(`/api/assessments/${gold}/documents/${d.id}/review`).send({ status: d.item === 'D-11' ? 'rejected' : 'accepted' }),
        200,
      );
    }

    bronze = await createGoldAssessment(cast, { requestedLabel: 'bronze' });
    await expectStatus(agents.lead.post(`/api/assessments/${bronze}/transitions`).send({ to: 'interview' }), 200);
    await expectStatus(agents.lead.put(`/api/assessments/${bronze}/values/STR-02`).send({ value: 4 }), 200);
  });
  after(() => t.close());

  it('SRV-08 at 7 with D-11 rejected: the recommendation and the path say “Have D-11 accepted”, target 7 (en and nb)', async () => {
    const en = await expectStatus(cast.agents.lead.get(`/assessments/${gold}/score?lang=en`), 200);
    const page = text(en.text);
    const recs = page.slice(page.indexOf('Recommendations'));
    expect(recs).to.match(
      /SRV-08 Activities and services minimum failed Value 7 · Points 0 · Gold threshold 4 · Priority 4 × 3 = 12 Have D-11 accepted/,
    );
    expect(recs).not.to.include('Build the service portfolio out');
    const path = page.slice(page.lastIndexOf('Path to Gold'));
    expect(path).to.match(/SRV-08 Activities and services 7 Have D-11 accepted 4 \+4/);
    const nb = text((await expectStatus(cast.agents.lead.get(`/assessments/${gold}/score?lang=nb`), 200)).text);
    expect(nb).to.include('Få D-11 godkjent');
    expect(nb).not.to.include('Bygg ut tjenestetilbudet');
  });

  it('a Gold request awarded Gold shows Gold’s checks, not Silver’s S1/S4 nor Bronze’s', async () => {
    const d11 = (await expectStatus(cast.agents.lead.get(`/api/assessments/${gold}/documents`), 200)).body.find(
      (d: { item: string }) => d.item === 'D-11',
    );
    await expectStatus(cast.agents.co.post(`/api/assessments/${gold}/documents/${d11.id}/review`).send({ status: 'accepted' }), 200);
    await expectStatus(cast.agents.lead.post(`/api/assessments/${gold}/decision`).send(JUSTIFIED), 202);
    const decided = await expectStatus(cast.agents.co.post(`/api/assessments/${gold}/decision`).send(JUSTIFIED), 200);
    expect(decided.body.label).to.equal('gold');
    const api = await expectStatus(cast.agents.lead.get(`/api/assessments/${gold}/score`), 200);
    // the API's score keeps every checked label's rules, Silver's S1 and S4 failing among them
    expect(api.body.label.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { rule: string }) => c.rule)).to.include.members([
      'S1',
      'S4',
    ]);
    for (const lang of ['en', 'nb']) {
      const res = await expectStatus(cast.agents.lead.get(`/assessments/${gold}/score?lang=${lang}`), 200);
      expect(rules(res.text), lang).to.deep.equal(['G1', 'G2', 'G3', 'G4', 'G5']);
    }
    const page = text((await cast.agents.lead.get(`/assessments/${gold}/score?lang=en`)).text);
    for (const silver of ['18–24 months since the last label', 'Three validated improvement areas', 'no earlier label'])
      expect(page, silver).not.to.include(silver);
  });

  it('a Bronze request shows Bronze’s checks and does not talk of Gold’s 120 points', async () => {
    const res = await expectStatus(cast.agents.lead.get(`/assessments/${bronze}/score?lang=en`), 200);
    expect(rules(res.text)).to.deep.equal(['B1', 'B2', 'B3', 'E1', 'E2', 'E3', 'E4']);
    const page = text(res.text);
    for (const gold of ['G3', 'At least 120 points', 'Gold requires at least 120']) expect(page, gold).not.to.include(gold);
    // STR-02 at L4 without its document: the advice asks for D-04
    expect(page).to.include('Provide D-04 and have it accepted');
  });
});
