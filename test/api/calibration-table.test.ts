/**
 * Calibration (issue 16, item 8), through the API and the page: the trainee scores blind (no lead value,
 * note or score before the decision, in the interview and in review); after the decision it reads the
 * full per-indicator table (its value, the lead's, the final one, the points and bands, the band
 * difference, the lead's note) in its own number format, with what could not be compared (missing
 * evidence, a missing value, the survey) listed apart and not counted; and it reads the frozen score.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { pageText } from '../support/decided';
import { expectStatus, pdf, suiteWithCast } from '../support/flow';

const JUSTIFIED = { justification: 'Checked against every Bronze rule.' };

/** The lead's values and notes; D-04 (STR-*) accepted, D-09 (MGT-02) never provided. */
const LEAD: Record<string, { value: unknown; note?: string }> = {
  'STR-01': { value: { numerator: 121, denominator: 145 }, note: 'Counted from the signed member list' },
  'STR-02': { value: 4, note: 'Mostly SMEs, two research institutes' },
  'STR-03': { value: 130 },
  'MGT-02': { value: 2.5, note: 'Two full-time, one half-time' },
  'INT-05': { value: 5 },
};
/** The trainee's blind values: STR-01 in the same band, STR-02 one band lower, STR-03 five lower, MGT-06 alone. */
const SHADOW: Record<string, unknown> = { 'STR-01': 80.5, 'STR-02': 3, 'STR-03': 14, 'MGT-02': 0.5, 'MGT-06': 4 };

describe(`calibration: blind before the decision, the full table after (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast();
  let id: number;
  let otherTrainee: Awaited<ReturnType<typeof suite.t.agent>>;

  /** What the trainee can reach while the lead's values are not yet decided: none of them. */
  async function expectBlind(state: string) {
    const { agents } = suite.cast;
    expect((await agents.lead.get(`/api/assessments/${id}`)).body.state).to.equal(state);
    for (const path of ['calibration', 'score', 'values']) {
      const res = await expectStatus(agents.trainee.get(`/api/assessments/${id}/${path}`), 403);
      expect(JSON.stringify(res.body)).not.to.include('Counted from the signed member list');
    }
    for (const page of ['calibration', 'score']) {
      const res = await expectStatus(agents.trainee.get(`/assessments/${id}/${page}?lang=en`), 403);
      expect(res.text).not.to.include('Counted from the signed member list');
    }
    const overview = await expectStatus(agents.trainee.get(`/assessments/${id}?lang=en`), 200);
    expect(overview.text).not.to.include(`/assessments/${id}/calibration`);
    expect(overview.text).not.to.include(`/assessments/${id}/score`);
    const runner = await expectStatus(agents.trainee.get(`/assessments/${id}/interview?i=STR-01&lang=en`), 200);
    expect(runner.text).not.to.include('Counted from the signed member list');
    expect(pageText(runner.text)).not.to.include('83.4');
  }

  before(async () => {
    const { agents, ids, clusterId, frameworkId } = suite.cast;
    const other = await suite.t.user({ email: 'trainee2@test.example', role: 'trainee' });
    otherTrainee = await suite.t.agent(other.email);
    const created = await expectStatus(
      agents.lead.post('/api/assessments').send({
        clusterId,
        frameworkId,
        requestedLabel: 'bronze',
        leadId: ids.lead,
        traineeIds: [ids.trainee],
        interviewDate: '2026-03-14',
        onSite: true,
      }),
      201,
    );
    id = created.body.id;
    await expectStatus(
      agents.manager
        .post(`/api/assessments/${id}/documents`)
        .field('item', 'D-04')
        .attach('file', pdf(`${id}-D-04`), 'D-04.pdf'),
      201,
    );
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    for (const [indicator, { value, note }] of Object.entries(LEAD))
      await expectStatus(agents.lead.put(`/api/assessments/${id}/values/${indicator}`).send({ value, ...(note ? { note } : {}) }), 200);
    for (const [indicator, value] of Object.entries(SHADOW))
      await expectStatus(agents.trainee.put(`/api/assessments/${id}/shadow/${indicator}`).send({ value }), 200);
  });

  it('keeps the trainee blind during the interview: no calibration, score, values or lead note', async () => {
    await expectBlind('interview');
    // the lead sees the live comparison meanwhile
    const live = await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/calibration`), 200);
    expect(live.body.decided).to.equal(false);
  });

  it('keeps it blind in review, until the decision', async () => {
    const { agents } = suite.cast;
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
    const docs = (await expectStatus(agents.lead.get(`/api/assessments/${id}/documents`), 200)).body;
    for (const d of docs)
      await expectStatus(agents.lead.post(`/api/assessments/${id}/documents/${d.id}/review`).send({ status: 'accepted' }), 200);
    await expectBlind('review');
    await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 200);
  });

  it('gives the trainee the full per-indicator table after the decision, blocked and missing items apart', async () => {
    const res = await expectStatus(suite.cast.agents.trainee.get(`/api/assessments/${id}/calibration`), 200);
    expect(res.body.decided).to.equal(true);
    expect(res.body.trainees).to.have.length(1);
    const c = res.body.trainees[0];
    expect(c.traineeId).to.equal(suite.cast.ids.trainee);
    // STR-01, STR-02, STR-03 compared; MGT-02 blocked by D-09; MGT-06 and INT-05 with one value only
    expect(c.rows.map((r: { indicator: string }) => r.indicator)).to.deep.equal(['STR-01', 'STR-02', 'STR-03']);
    expect(c.rows[0]).to.deep.equal({
      indicator: 'STR-01',
      shadowValue: 80.5,
      leadValue: 83.4,
      finalValue: 83.4,
      shadowBand: '≥80:4',
      finalBand: '≥80:4',
      shadowPoints: 4,
      finalPoints: 4,
      difference: 0,
      leadNote: 'Counted from the signed member list',
    });
    expect(c.rows[1]).to.include({ shadowValue: 3, finalValue: 4, difference: -1, leadNote: 'Mostly SMEs, two research institutes' });
    expect(c.rows[2]).to.include({ shadowPoints: 0, finalPoints: 5, difference: -5, leadNote: null });
    expect(c).to.include({ compared: 3, exactAgreement: 33.3, withinOneBand: 66.7 });
    expect(c.kappa).to.be.a('number');
    const apart = Object.fromEntries(c.notCompared.map((n: { indicator: string }) => [n.indicator, n]));
    // MGT-02: 0.5 against 2.5 FTE would be a three-band disagreement, but the final score was blocked by D-09
    expect(apart['MGT-02']).to.deep.equal({
      indicator: 'MGT-02',
      reason: 'evidence_blocked',
      shadowValue: 0.5,
      finalValue: 2.5,
      documents: ['D-09'],
    });
    expect(apart['MGT-06']).to.include({ reason: 'no_final_value', shadowValue: 4, finalValue: null });
    expect(apart['INT-05']).to.include({ reason: 'no_shadow_value', shadowValue: null, finalValue: 5 });
    expect(apart['SRV-09']).to.include({ reason: 'survey_based' });
    expect(apart['FIN-01']).to.include({ reason: 'not_recorded' });
    expect(c.deviations.map((d: { indicator: string }) => d.indicator)).to.deep.equal(['STR-03', 'STR-02']);
  });

  it('shows the table on the page in the reader’s language, the kappa explained, the blocked item apart', async () => {
    const { agents } = suite.cast;
    const en = await expectStatus(agents.trainee.get(`/assessments/${id}/calibration?lang=en`), 200);
    const enText = pageText(en.text);
    expect(enText).to.include('Your value');
    expect(enText).to.include('Counted from the signed member list');
    expect(enText).to.include('80.5 %');
    expect(enText).to.include('83.4 %');
    expect(enText).to.include('4 pt · ≥ 80.0 %');
    expect(enText).to.include('2 of 3 compared indicators differ by at least one band.');
    expect(enText).to.include('Weighted kappa measures agreement beyond what chance would give');
    expect(enText).to.include('blocked by missing evidence: D-09 not accepted');
    expect(enText).not.to.include('every compared indicator agrees');
    // the compared table holds no blocked row; the not-compared table holds it
    const compared = en.text.slice(0, en.text.indexOf('id="tr1-apart"'));
    expect(compared).to.include('data-indicator="STR-03"');
    expect(compared).not.to.include('data-indicator="MGT-02"');
    expect(en.text.slice(en.text.indexOf('id="tr1-apart"'))).to.include('data-apart="MGT-02"');

    const nb = await expectStatus(agents.trainee.get(`/assessments/${id}/calibration?lang=nb`), 200);
    const nbText = pageText(nb.text);
    expect(nbText).to.include('Din verdi');
    expect(nbText).to.include('80,5 %');
    expect(nbText).to.include('83,4 %');
    expect(nbText).to.include('4 p · ≥ 80,0 %');
    expect(nbText).to.include('Vektet kappa måler samsvar utover det tilfeldige');
    expect(nbText).to.include('blokkert av manglende dokumentasjon: D-09 ikke godkjent');
    expect(nbText).not.to.include('80.5');
    expect(nbText).not.to.include('Weighted kappa measures');

    // the lead reads the same table, headed for a reader who is not the trainee
    const lead = pageText((await expectStatus(agents.lead.get(`/assessments/${id}/calibration?lang=en`), 200)).text);
    expect(lead).to.include("Trainee's value");
    expect(lead).to.include('blocked by missing evidence: D-09 not accepted');
  });

  it('counts the same on the trainee’s dashboard as on the page', async () => {
    const dash = await expectStatus(suite.cast.agents.trainee.get('/dashboard?lang=en'), 200);
    const row = dash.text.slice(dash.text.indexOf(`href="/assessments/${id}/calibration">Isarsensor`));
    expect(pageText(row.slice(0, row.indexOf('</tr>')))).to.match(/Isarsensor Cluster \S+ 3 33\.3 % 66\.7 %/);
  });

  it('lets the trainee read the frozen score after the decision (not released yet), the manager not yet', async () => {
    const { agents } = suite.cast;
    expect((await agents.lead.get(`/api/assessments/${id}`)).body.state).to.equal('decided');
    const score = await expectStatus(agents.trainee.get(`/api/assessments/${id}/score`), 200);
    expect(score.body).to.include({ frozen: true, state: 'decided' });
    expect(score.body.indicators.find((i: { id: string }) => i.id === 'MGT-02')).to.include({ status: 'insufficient_evidence', points: 0 });
    const page = await expectStatus(agents.trainee.get(`/assessments/${id}/score?lang=en`), 200);
    expect(pageText(page.text)).to.include('Decided score (frozen at the decision)');
    const overview = await expectStatus(agents.trainee.get(`/assessments/${id}?lang=en`), 200);
    expect(overview.text).to.include(`/assessments/${id}/score`);
    expect(overview.text).to.include(`/assessments/${id}/calibration`);
    // still no values, no what-if: the trainee reads the score, it does not re-score it
    await expectStatus(agents.trainee.get(`/api/assessments/${id}/values`), 403);
    await expectStatus(agents.trainee.post(`/api/assessments/${id}/what-if`).send({ values: { 'STR-02': 5 } }), 403);
    // the cluster manager waits for the release; a trainee of another assessment does not learn it exists
    await expectStatus(agents.manager.get(`/api/assessments/${id}/score`), 403);
    await expectStatus(otherTrainee.get(`/api/assessments/${id}/score`), 404);
    await expectStatus(otherTrainee.get(`/api/assessments/${id}/calibration`), 404);
    await expectStatus(otherTrainee.get(`/assessments/${id}/calibration`), 404);
  });
});
