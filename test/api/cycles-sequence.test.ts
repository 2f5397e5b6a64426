/**
 * Issue "Across cycles", Must-show (API): a Bronze → Silver sequence. The Bronze benchmarking (with the
 * three improvement areas the cluster plans) is decided and released; twenty months later the Silver
 * assessment starts from it: the baseline is last cycle's values (nothing copied until kept), the three
 * areas are carried and followed up, S1 passes from the label history (nothing typed) and S4 from the
 * carried areas, and the score's progress block and the report's progress chapter show the changes.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { expectStatus, JUSTIFIED, pdf, suiteWithCast, VALID_ANSWERS, type Cast } from '../support/flow';
import { DOCUMENTS, VALUES } from '../support/browser';
import { pdfText } from '../reports/poppler';
import { API_VALUES, AREAS } from '../support/cycles';

/** What changed by the Silver interview: the three areas' indicators now meet their thresholds. */
const SILVER_CHANGES: Record<string, unknown> = { 'SRV-06': 6, 'INT-01': { numerator: 12, denominator: 15 }, 'INT-03': 6 };

describe(`a Bronze → Silver sequence through the API (${testDialect})`, function () {
  this.timeout(180_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  async function create(cast: Cast, extra: Record<string, unknown>): Promise<number> {
    const res = await cast.agents.lead.post('/api/assessments').send({
      clusterId: cast.clusterId,
      frameworkId: cast.frameworkId,
      leadId: cast.ids.lead,
      onSite: true,
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id;
  }

  /** The manager's documents and three survey answers; the interview begins. */
  async function prepare(agents: Cast['agents'], id: number) {
    for (const item of DOCUMENTS)
      await expectStatus(
        agents.manager
          .post(`/api/assessments/${id}/documents`)
          .field('item', item)
          .attach('file', pdf(`${id}-${item}`), `${item}.pdf`),
        201,
      );
    const token = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 5 }), 201)).body.token;
    for (let i = 0; i < 3; i++) await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: VALID_ANSWERS }), 201);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
  }

  /** Review: every document accepted at once, then the lead decides. */
  async function decide(agents: Cast['agents'], id: number) {
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
    const ids = (await expectStatus(agents.lead.get(`/api/assessments/${id}/documents`), 200)).body.map((d: { id: number }) => d.id);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/documents/review`).send({ ids, status: 'accepted' }), 200);
    return (await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 200)).body;
  }

  it('starts Silver from the released Bronze: baseline kept explicitly, areas followed up, S1 and S4 from the history, progress shown', async () => {
    const { agents } = suite.cast;
    // 1. Bronze, with the three areas the cluster plans
    const bronze = await create(suite.cast, { requestedLabel: 'bronze', interviewDate: '2024-09-12' });
    await prepare(agents, bronze);
    for (const [indicator, value] of Object.entries(API_VALUES))
      await expectStatus(agents.lead.put(`/api/assessments/${bronze}/values/${indicator}`).send({ value }), 200);
    for (const ia of AREAS) await expectStatus(agents.manager.post(`/api/assessments/${bronze}/improvement-areas`).send(ia), 201);
    expect((await decide(agents, bronze)).label).to.equal('bronze');
    await expectStatus(agents.lead.post(`/api/assessments/${bronze}/transitions`).send({ to: 'released' }), 200);

    // 2. Silver twenty months later, from the Bronze: no earlier label typed
    const silver = await create(suite.cast, { requestedLabel: 'silver', interviewDate: '2026-05-12', previousAssessmentId: bronze });
    const baseline = (await expectStatus(agents.lead.get(`/api/assessments/${silver}/baseline`), 200)).body;
    expect(baseline.previousAssessmentId).to.equal(bronze);
    expect(baseline.values.find((v: { indicatorId: string }) => v.indicatorId === 'STR-03').value).to.equal(15);
    // nothing copied into the new evidence
    expect((await expectStatus(agents.lead.get(`/api/assessments/${silver}/values`), 200)).body.values).to.deep.equal([]);
    const carried = (await expectStatus(agents.lead.get(`/api/assessments/${silver}/improvement-areas`), 200)).body;
    expect(carried.map((ia: { title: string }) => ia.title)).to.deep.equal(AREAS.map((a) => a.title));
    expect(carried.every((ia: { carriedFrom: number | null }) => ia.carriedFrom !== null)).to.equal(true);

    await prepare(agents, silver);
    // the lead keeps last cycle's value where nothing changed, and records the three that did
    for (const indicator of Object.keys(VALUES)) {
      if (indicator in SILVER_CHANGES)
        await expectStatus(
          agents.lead.put(`/api/assessments/${silver}/values/${indicator}`).send({ value: SILVER_CHANGES[indicator] }),
          200,
        );
      else await expectStatus(agents.lead.post(`/api/assessments/${silver}/values/${indicator}/keep-baseline`).send({}), 200);
    }
    const kept = await suite.t.db.knex('audit_log').where({ action: 'value.kept_from_baseline' }).count({ n: '*' }).first();
    expect(Number(kept!.n)).to.equal(Object.keys(VALUES).length - 3);
    // the areas followed up: the manager describes the change and its effect, the lead follows up and validates
    for (const ia of carried as { id: number; title: string; description: string; indicators: string[]; documents: string[] }[]) {
      await expectStatus(
        agents.manager.put(`/api/assessments/${silver}/improvement-areas/${ia.id}`).send({
          title: ia.title,
          description: ia.description,
          indicators: ia.indicators,
          documents: ia.documents,
          changeMade: 'Done as planned after the Bronze benchmarking.',
          effect: 'The indicator now meets its threshold.',
        }),
        200,
      );
      await expectStatus(
        agents.lead
          .put(`/api/assessments/${silver}/improvement-areas/${ia.id}/followup`)
          .send({ followup: 'achieved', evidence: 'See the minutes.' }),
        200,
      );
      await expectStatus(agents.lead.patch(`/api/assessments/${silver}/improvement-areas/${ia.id}`).send({ changeDescribed: true }), 200);
    }
    const decided = await decide(agents, silver);
    expect(decided.label).to.equal('silver');

    // 3. S1 from the recorded history (the Bronze of 2024-09, 20 months before), S4 from the carried areas
    const score = (await expectStatus(agents.lead.get(`/api/assessments/${silver}/score`), 200)).body;
    const check = (rule: string) => score.label.checks.find((c: { rule: string }) => c.rule === rule);
    expect(check('S1').passed, JSON.stringify(check('S1'))).to.equal(true);
    expect(check('S4').passed, JSON.stringify(check('S4'))).to.equal(true);
    expect((await expectStatus(agents.lead.get(`/api/assessments/${silver}`), 200)).body.previousLabels).to.deep.equal([]);

    // 4. progress since the Bronze: the three areas' indicators gained points
    expect(score.progress.previous.assessmentId).to.equal(bronze);
    const change = (id: string) => score.progress.indicators.find((r: { key: string }) => r.key === id).pointsChange;
    expect(change('SRV-06')).to.be.greaterThan(0);
    expect(change('INT-03')).to.be.greaterThan(0);
    expect(change('INT-01')).to.be.at.least(0); // 73.3 % → 80.0 %: the same band, or one up
    expect(change('STR-03')).to.equal(0); // kept from the baseline
    expect(score.progress.total.pointsChange).to.be.greaterThan(0);
    const report = await getPdf(agents.lead, `/api/assessments/${silver}/report.pdf?lang=en`);
    const text = pdfText(report).replace(/\s+/g, ' ');
    expect(text).to.contain('Progress since the last benchmarking');
    expect(text).to.match(new RegExp(`Total: ${score.progress.total.previousPoints} → ${score.progress.total.points} points`));
  });

  async function getPdf(agent: request.Agent, url: string): Promise<Buffer> {
    const res = await agent
      .get(url)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).to.equal(200);
    return res.body as Buffer;
  }
});
