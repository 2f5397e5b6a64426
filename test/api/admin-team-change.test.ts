/**
 * The team and the interview date change before the interview (issue 16, item 7): PATCH
 * /api/assessments/:id takes the lead, the co-assessor and the trainees with the creation's rules;
 * the lead changes its co-assessor and trainees, only the admin hands the lead over; every change is
 * audited with before and after; once the interview has started the team and the date are refused
 * with 409. The team page does the same through a form.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn } from '../support/pages';

describe(`changing the team and the interview date before the interview (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  const lastAudit = (id: number) =>
    suite.t.db
      .knex('audit_log')
      .where({ action: 'assessment.update', entity_id: String(id) })
      .orderBy('id', 'desc')
      .first();

  it('lets the lead change the co-assessor and the trainees, audited with before and after', async () => {
    const { agents, ids } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const res = await expectStatus(agents.lead.patch(`/api/assessments/${id}`).send({ coAssessorId: ids.other, traineeIds: [] }), 200);
    expect(res.body).to.include({ coAssessorId: ids.other, leadId: ids.lead });
    expect(res.body.traineeIds).to.deep.equal([]);
    const audit = await lastAudit(id);
    expect(JSON.parse(audit.before)).to.deep.equal({ coAssessorId: ids.co, traineeIds: [ids.trainee] });
    expect(JSON.parse(audit.after)).to.deep.equal({ coAssessorId: ids.other, traineeIds: [] });
    // the new co-assessor is on the team now, the old one and the trainee are not
    await expectStatus(agents.other.get(`/api/assessments/${id}`), 200);
    await expectStatus(agents.co.get(`/api/assessments/${id}`), 404);
    await expectStatus(agents.trainee.get(`/api/assessments/${id}`), 404);
    // no co-assessor at all
    expect((await expectStatus(agents.lead.patch(`/api/assessments/${id}`).send({ coAssessorId: null }), 200)).body.coAssessorId).to.equal(
      null,
    );
  });

  it('hands the lead over only by the admin; the team keeps the creation’s rules', async () => {
    const { agents, ids } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const refused = await expectStatus(agents.lead.patch(`/api/assessments/${id}`).send({ leadId: ids.other }), 403);
    expect(refused.body.error.message).to.contain('hand the lead over');
    await expectStatus(agents.co.patch(`/api/assessments/${id}`).send({ traineeIds: [] }), 403);
    await expectStatus(agents.manager.patch(`/api/assessments/${id}`).send({ traineeIds: [] }), 403);
    // the lead sending itself as the lead changes nothing and needs no right to hand it over
    await expectStatus(agents.lead.patch(`/api/assessments/${id}`).send({ leadId: ids.lead, onSite: true }), 200);
    // a Silver co-assessor cannot lead Gold; the co-assessor cannot be the lead; a trainee is no co-assessor
    expect(
      (await expectStatus(agents.admin.patch(`/api/assessments/${id}`).send({ leadId: ids.co }), 400)).body.error.details[0].path,
    ).to.equal('/leadId');
    expect(
      (await expectStatus(agents.admin.patch(`/api/assessments/${id}`).send({ leadId: ids.other, coAssessorId: ids.other }), 400)).body
        .error.details[0].path,
    ).to.equal('/coAssessorId');
    await expectStatus(agents.lead.patch(`/api/assessments/${id}`).send({ coAssessorId: ids.trainee }), 400);
    await expectStatus(agents.lead.patch(`/api/assessments/${id}`).send({ traineeIds: [ids.co] }), 400);
    const handed = await expectStatus(agents.admin.patch(`/api/assessments/${id}`).send({ leadId: ids.other }), 200);
    expect(handed.body).to.include({ leadId: ids.other, coAssessorId: ids.co });
    await expectStatus(agents.lead.get(`/api/assessments/${id}`), 404);
  });

  it('refuses the team and the date with 409 once the interview has started; what is sent unchanged passes', async () => {
    const { agents, ids } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    await expectStatus(agents.lead.patch(`/api/assessments/${id}`).send({ interviewDate: '2026-04-20' }), 200);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    for (const change of [{ interviewDate: '2026-04-21' }, { coAssessorId: ids.other }, { traineeIds: [] }, { leadId: ids.other }]) {
      const agent = 'leadId' in change ? agents.admin : agents.lead;
      const res = await expectStatus(agent.patch(`/api/assessments/${id}`).send(change), 409);
      expect(res.body.error.code, JSON.stringify(change)).to.equal('interview_started');
      expect(res.body.error.message).to.equal(
        'The team and the interview date are fixed once the interview has started; this assessment is in interview.',
      );
    }
    const nb = await expectStatus(agents.lead.patch(`/api/assessments/${id}?lang=nb`).send({ interviewDate: '2026-04-21' }), 409);
    expect(nb.body.error.message).to.equal(
      'Teamet og intervjudatoen ligger fast når intervjuet har startet; denne vurderingen er i tilstanden «intervju».',
    );
    const a = (await agents.lead.get(`/api/assessments/${id}`)).body;
    expect(a).to.include({ interviewDate: '2026-04-20', coAssessorId: ids.co });
    await expectStatus(
      agents.lead.patch(`/api/assessments/${id}`).send({ interviewDate: '2026-04-20', coAssessorId: ids.co, traineeIds: [ids.trainee] }),
      200,
    );
    // back in preparation, it may change again
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'preparation' }), 200);
    await expectStatus(agents.lead.patch(`/api/assessments/${id}`).send({ interviewDate: '2026-04-21' }), 200);
  });

  it('changes the team on its page, with a refusal shown again beside its field, and fixes it after the interview', async () => {
    const { agents, ids } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const page = await expectStatus(agents.lead.get(`/assessments/${id}/team`), 200);
    expect(page.text).to.contain('data-team-check="/api/team-check"').and.contain(`data-assessment-id="${id}"`);
    // the lead sees its own name, not a choice of lead
    expect(page.text).not.to.contain('<select id="tm-lead"');
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const form = { _csrf: tokenIn(page.text), version, leadId: String(ids.lead), interviewDate: '2026-05-11', onSite: 'on' };
    // the co-assessor as the lead's co-assessor: refused, the choice kept
    const refused = await expectStatus(
      agents.lead
        .post(`/assessments/${id}/team`)
        .type('form')
        .send({ ...form, coAssessorId: String(ids.lead) }),
      303,
    );
    expect(refused.headers.location).to.equal(`/assessments/${id}/team`);
    const again = (await agents.lead.get(`/assessments/${id}/team`)).text;
    expect(again).to.contain('<p class="field-error" id="tm-co-error">The co-assessor must be another person than the lead.</p>');
    expect(again).to.contain('value="2026-05-11"');
    // a valid change: saved, back on the assessment page
    const saved = await expectStatus(
      agents.lead
        .post(`/assessments/${id}/team`)
        .type('form')
        .send({ ...form, coAssessorId: String(ids.other), traineeIds: [] }),
      303,
    );
    expect(saved.headers.location).to.equal(`/assessments/${id}`);
    expect((await agents.lead.get(`/assessments/${id}`)).text).to.contain('Team and interview date saved.');
    expect((await agents.lead.get(`/api/assessments/${id}`)).body).to.include({ coAssessorId: ids.other, interviewDate: '2026-05-11' });
    // the admin may choose the lead
    expect((await agents.admin.get(`/assessments/${id}/team`)).text).to.contain('<select id="tm-lead"');
    // a stale form (made before the change) is refused, not applied unseen
    await expectStatus(
      agents.lead
        .post(`/assessments/${id}/team`)
        .type('form')
        .send({ ...form, coAssessorId: String(ids.co) }),
      303,
    );
    expect((await agents.lead.get(`/api/assessments/${id}`)).body.coAssessorId).to.equal(ids.other);
    // after the interview started the page says it is fixed and has no form
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    const fixed = await expectStatus(agents.lead.get(`/assessments/${id}/team?lang=nb`), 200);
    expect(fixed.text).to.contain('Teamet og intervjudatoen ligger fast').and.not.contain(`action="/assessments/${id}/team"`);
    expect((await agents.lead.get(`/assessments/${id}`)).text).not.to.contain(`href="/assessments/${id}/team"`);
    // those who may not change the team do not get the page
    await expectStatus(agents.co.get(`/assessments/${id}/team`), 404);
    await expectStatus(agents.manager.get(`/assessments/${id}/team`), 403);
  });
});
