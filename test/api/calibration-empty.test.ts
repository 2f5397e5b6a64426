/**
 * An empty calibration says so (issue 16, item 8): a trainee who recorded nothing the assessors also
 * recorded gets no percentages and no "everything agrees", but "nothing was compared" and the list of
 * why; a trainee who agrees everywhere is told how many indicators agree, and why kappa is undefined
 * when every pair fell in one band.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { pageText } from '../support/decided';
import { expectStatus, suiteWithCast } from '../support/flow';

describe(`calibration: an empty comparison says so (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  let id: number;
  let second: Awaited<ReturnType<typeof suite.t.agent>>;

  before(async () => {
    const { agents, ids, clusterId, frameworkId } = suite.cast;
    const user = await suite.t.user({ email: 'trainee2@test.example', role: 'trainee', name: 'Tove Tvilling' });
    second = await suite.t.agent(user.email);
    id = (
      await expectStatus(
        agents.lead.post('/api/assessments').send({
          clusterId,
          frameworkId,
          requestedLabel: 'bronze',
          leadId: ids.lead,
          traineeIds: [ids.trainee, user.id],
          interviewDate: '2026-03-14',
          onSite: true,
        }),
        201,
      )
    ).body.id;
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    // no required documents: INT-04 and INT-05 are scored from the values alone
    for (const [indicator, value] of Object.entries({ 'INT-04': 4, 'INT-05': 4 }))
      await expectStatus(agents.lead.put(`/api/assessments/${id}/values/${indicator}`).send({ value }), 200);
    // the first trainee recorded only what the lead did not; the second the lead's values
    await expectStatus(agents.trainee.put(`/api/assessments/${id}/shadow/SRV-05`).send({ value: 3 }), 200);
    for (const [indicator, value] of Object.entries({ 'INT-04': 4, 'INT-05': 4 }))
      await expectStatus(second.put(`/api/assessments/${id}/shadow/${indicator}`).send({ value }), 200);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
    await expectStatus(
      agents.lead.post(`/api/assessments/${id}/decision`).send({ justification: 'Checked against every Bronze rule.' }),
      200,
    );
  });

  it('answers no figures for a comparison of nothing, and says why each indicator was left out', async () => {
    const res = await expectStatus(suite.cast.agents.trainee.get(`/api/assessments/${id}/calibration`), 200);
    const [c] = res.body.trainees;
    expect(c).to.include({ compared: 0, exactAgreement: null, withinOneBand: null, kappa: null, recorded: 1 });
    expect(c.rows).to.deep.equal([]);
    expect(c.notCompared.find((n: { indicator: string }) => n.indicator === 'SRV-05')).to.include({
      reason: 'no_final_value',
      shadowValue: 3,
    });
    expect(c.notCompared.find((n: { indicator: string }) => n.indicator === 'INT-04')).to.include({
      reason: 'no_shadow_value',
      finalValue: 4,
    });

    const pages: [string, string, RegExp][] = [
      ['en', 'Nothing was compared', /indicators? agrees?/],
      ['nb', 'Ingenting ble sammenlignet', /indikator(er|en)? stemmer/],
    ];
    for (const [lang, empty, agrees] of pages) {
      const page = await expectStatus(suite.cast.agents.trainee.get(`/assessments/${id}/calibration?lang=${lang}`), 200);
      const text = pageText(page.text);
      expect(text).to.include(empty);
      expect(text).not.to.match(agrees);
      expect(page.text).not.to.include('data-indicator=');
      expect(page.text).to.include('data-apart="SRV-05"');
    }
  });

  it('counts the agreement when everything compared agrees, and says why kappa is undefined then', async () => {
    const res = await expectStatus(second.get(`/api/assessments/${id}/calibration`), 200);
    const [c] = res.body.trainees;
    // both gave 4 points twice: one category only, so chance agreement is total and kappa has no value
    expect(c).to.include({ compared: 2, exactAgreement: 100, withinOneBand: 100, kappa: null });
    const en = pageText((await expectStatus(second.get(`/assessments/${id}/calibration?lang=en`), 200)).text);
    expect(en).to.include('All 2 compared indicators agree: the same band each time.');
    expect(en).to.include('Kappa is not defined here');
    const nb = pageText((await expectStatus(second.get(`/assessments/${id}/calibration?lang=nb`), 200)).text);
    expect(nb).to.include('Alle 2 sammenlignede indikatorer stemmer: samme trinn hver gang.');
    expect(nb).to.include('Kappa er ikke definert her');
  });

  it('shows the lead both trainees, each apart', async () => {
    const res = await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/calibration`), 200);
    expect(res.body.trainees.map((t: { compared: number }) => t.compared)).to.deep.equal([0, 2]);
    const text = pageText((await expectStatus(suite.cast.agents.lead.get(`/assessments/${id}/calibration?lang=en`), 200)).text);
    expect(text).to.include('Trainee: Tove Tvilling');
    expect(text).to.include('Nothing was compared');
    expect(text).to.include('All 2 compared indicators agree');
  });
});
