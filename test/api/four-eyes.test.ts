/**
 * Four eyes on a Gold decision (issue "Trust in the label", hole 1): a confirmation binds to the
 * evidence it confirmed; a later change withdraws it (audited, shown to both assessors), so the label
 * decided is always one that both assessors confirmed.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { expectStatus, goldInReview, suiteWithCast, JUSTIFIED } from '../support/flow';

describe(`four eyes on a Gold decision (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  async function withdrawals(id: number) {
    return suite.t.db
      .knex('audit_log')
      .where({ action: 'decision.withdraw', entity: 'assessment', entity_id: String(id) })
      .orderBy('id');
  }

  it("withdraws the co-assessor's confirmation when the lead changes an agreed value, so the lead alone cannot decide", async () => {
    const { agents } = suite.cast;
    const { id } = await goldInReview(suite.cast);
    expect((await expectStatus(agents.lead.get(`/api/assessments/${id}/score`), 200)).body.total.points).to.equal(120);
    const first = await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    expect(first.body.waitingFor).to.deep.equal(['lead@test.example']);
    // the lead changes the evidence after the co-assessor confirmed it: 120 → 118 points
    await expectStatus(
      agents.lead.put(`/api/assessments/${id}/agreed/INT-04`).send({ value: 2, reason: 'Both read the minutes again.' }),
      200,
    );
    const status = await expectStatus(agents.co.get(`/api/assessments/${id}/decision`), 200);
    expect(status.body.confirmations).to.deep.equal([]);
    expect(status.body.withdrawn).to.have.length(1);
    expect(status.body.withdrawn[0]).to.include({
      email: 'co@test.example',
      role: 'co',
      cause: 'value.agreed',
      causeSubject: 'INT-04',
      causeBy: 'lead@test.example',
    });
    // the lead's own confirmation does not decide: the co-assessor has not seen this evidence
    const alone = await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    expect(alone.body.waitingFor).to.deep.equal(['co@test.example']);
    expect((await agents.lead.get(`/api/assessments/${id}`)).body.state).to.equal('review');
    const audit = await withdrawals(id);
    expect(audit).to.have.length(1);
    expect(JSON.parse(audit[0].after)).to.include({ cause: 'value.agreed', subject: 'INT-04' });
    // once the co-assessor confirms the same evidence, the label both saw is decided, with both confirmations
    const decided = await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 200);
    expect(decided.body.label).to.equal('bronze');
    expect(decided.body.total.points).to.equal(118);
    const row = await suite.t.db.knex('decisions').where({ assessment_id: id }).first('confirmations', 'evidence_hash');
    const recorded = JSON.parse(row.confirmations);
    expect(recorded.map((c: { role: string }) => c.role).sort()).to.deep.equal(['co', 'lead']);
    for (const c of recorded) expect(c.evidenceHash).to.equal(row.evidence_hash);
    expect(row.evidence_hash).to.match(/^[0-9a-f]{64}$/);
  });

  it('withdraws a confirmation on a document review, an improvement area and a survey answer', async () => {
    const { agents } = suite.cast;
    const { id, token } = await goldInReview(suite.cast);
    const docs = (await agents.lead.get(`/api/assessments/${id}/documents`)).body;
    const changes: [string, () => Promise<unknown>][] = [
      [
        'document.review',
        () =>
          expectStatus(
            agents.lead.post(`/api/assessments/${id}/documents/${docs[0].id}/review`).send({ status: 'rejected', comment: 'out of date' }),
            200,
          ),
      ],
      [
        'improvement_area.create',
        () =>
          expectStatus(
            agents.manager
              .post(`/api/assessments/${id}/improvement-areas`)
              .send({ title: 'Working groups', description: 'More of them', indicators: ['SRV-06'], documents: ['D-13'] }),
            201,
          ),
      ],
      [
        'survey.response',
        () =>
          expectStatus(
            agents.anonymous.post(`/api/survey/${token}`).send({ answers: { Q1: 'companies', Q7: 5, Q8: 5, Q9: 5, Q10: 5 } }),
            201,
          ),
      ],
      ['survey.invited', () => expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ invited: 140 }), 200)],
    ];
    for (const [cause, change] of changes) {
      await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
      await change();
      const status = (await expectStatus(agents.lead.get(`/api/assessments/${id}/decision`), 200)).body;
      expect(status.confirmations, cause).to.deep.equal([]);
      expect(
        status.withdrawn.map((w: { cause: string }) => w.cause),
        cause,
      ).to.deep.equal([cause]);
    }
    expect((await withdrawals(id)).map((e) => JSON.parse(e.after).cause)).to.deep.equal(changes.map(([c]) => c));
    // nothing was decided along the way
    await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
  });

  it('refuses a confirmation of evidence that changed without a write to the assessment (a certification changed)', async () => {
    const { agents, ids } = suite.cast;
    const { id } = await goldInReview(suite.cast);
    await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    // the admin changes the lead's country: G4's evidence changes, no assessment write happens
    await expectStatus(agents.admin.patch(`/api/users/${ids.lead}`).send({ country: 'AT' }), 200);
    const second = await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    expect(second.body.waitingFor).to.deep.equal(['co@test.example']);
    const status = (await expectStatus(agents.co.get(`/api/assessments/${id}/decision`), 200)).body;
    expect(status.withdrawn.map((w: { cause: string; email: string }) => [w.cause, w.email])).to.deep.equal([
      ['evidence.changed', 'co@test.example'],
    ]);
    await expectStatus(agents.admin.patch(`/api/users/${ids.lead}`).send({ country: 'DE' }), 200);
  });

  it('shows the decision status to the assessors and the admin only', async () => {
    const { agents } = suite.cast;
    const { id } = await goldInReview(suite.cast);
    await expectStatus(agents.admin.get(`/api/assessments/${id}/decision`), 200);
    await expectStatus(agents.trainee.get(`/api/assessments/${id}/decision`), 403);
    await expectStatus(agents.manager.get(`/api/assessments/${id}/decision`), 403);
    await expectStatus(agents.other.get(`/api/assessments/${id}/decision`), 404);
  });
});

describe(`four eyes on the assessment page (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  it('shows both assessors, in English and Norwegian, which change withdrew a confirmation', async () => {
    const { agents } = suite.cast;
    const { id } = await goldInReview(suite.cast);
    await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    const before = await expectStatus(agents.lead.get(`/assessments/${id}?lang=en`), 200);
    expect(before.text).to.contain('Confirmed by co.');
    expect(before.text).to.contain('Waiting for the confirmation of lead.');
    await expectStatus(
      agents.lead.put(`/api/assessments/${id}/agreed/SRV-10`).send({ value: 2, reason: 'Both read the minutes again.' }),
      200,
    );
    const en = await expectStatus(agents.co.get(`/assessments/${id}?lang=en`), 200);
    expect(en.text).to.match(
      /The confirmation of co was withdrawn: an agreed value changed · SRV-10 \(lead, \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\. Confirm the evidence as it is now to decide\./,
    );
    const nb = await expectStatus(agents.lead.get(`/assessments/${id}?lang=nb`), 200);
    expect(nb.text).to.contain('Bekreftelsen fra co ble trukket tilbake: en omforent verdi ble endret · SRV-10');
    // once the co-assessor confirms again, the notice is gone for both
    await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    const after = await expectStatus(agents.lead.get(`/assessments/${id}?lang=en`), 200);
    expect(after.text).to.not.contain('was withdrawn');
    expect(after.text).to.contain('Confirmed by co.');
    const manager = await expectStatus(agents.manager.get(`/assessments/${id}?lang=en`), 200);
    expect(manager.text).to.not.contain('was withdrawn');
  });
});
