/**
 * Across cycles (issue 17, items 2 and 3): an assessment started from the last decided one shows that
 * cycle's final values and the lead's notes as a baseline (GET …/baseline) to the admin, the lead and
 * the co-assessor, to the manager once the previous one is released, never to a trainee; nothing of it
 * is evidence until an assessor keeps it for one indicator (POST …/values/:id/keep-baseline, recorded
 * and audited as 'value.kept_from_baseline'). The previous cycle's improvement areas are carried in on
 * creation, followed up by the lead (achieved, partly, not, with evidence), and S4 reads them.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { EXAMPLE_1, expectStatus, pdf, suiteWithCast } from '../support/flow';
import { decideExample1, release } from '../support/decided';

/** The previous cycle's three areas, each on a Silver-scope indicator example 1 meets, with a document Table 4 lists for it. */
const OLD_AREAS = [
  { title: 'Member services', indicators: ['SRV-01'], documents: ['D-01'] },
  { title: 'Matchmaking', indicators: ['SRV-03'], documents: ['D-02'] },
  { title: 'Internationalisation support', indicators: ['SRV-04'], documents: ['D-05'] },
];

describe(`the baseline and the improvement areas carried from the last cycle (${testDialect})`, function () {
  this.timeout(180_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  it('shows the baseline to the team, copies nothing until kept, carries the areas in, follows them up and S4 counts them', async () => {
    const { agents, ids } = suite.cast;
    const knex = suite.t.db.knex;
    const { id: first } = await decideExample1(suite.cast);
    // the previous cycle's improvement areas and a note of its lead (a decided assessment is not written through the API)
    const oldIds: number[] = [];
    for (const a of OLD_AREAS) {
      const [row] = await knex('improvement_areas')
        .insert({
          assessment_id: first,
          title: a.title,
          description: `${a.title}: to improve`,
          indicators: JSON.stringify(a.indicators),
          documents: JSON.stringify(a.documents),
          change_made: 'the old change',
          effect: 'the old effect',
          change_described: true,
          created_by: ids.lead,
          created_at: new Date().toISOString(),
        })
        .returning(['id']);
      oldIds.push(Number(row.id));
    }
    await knex('indicator_values')
      .where({ assessment_id: first, indicator_id: 'SRV-01', author_id: ids.lead, kind: 'assessor' })
      .update({ note: 'Four services, well used.' });

    const created = await expectStatus(
      agents.lead.post('/api/assessments').send({
        clusterId: suite.cast.clusterId,
        frameworkId: suite.cast.frameworkId,
        requestedLabel: 'silver',
        leadId: ids.lead,
        coAssessorId: ids.co,
        traineeIds: [ids.trainee],
        interviewDate: '2027-11-10',
        previousAssessmentId: first,
      }),
      201,
    );
    const id = created.body.id as number;

    // the baseline: the final values and the lead's note, for the admin, the lead and the co-assessor
    for (const who of ['admin', 'lead', 'co'] as const) {
      const b = await expectStatus(agents[who].get(`/api/assessments/${id}/baseline`), 200);
      expect(b.body.previousAssessmentId).to.equal(first);
      const srv01 = b.body.values.find((v: { indicatorId: string }) => v.indicatorId === 'SRV-01');
      expect(srv01, who).to.deep.equal({ indicatorId: 'SRV-01', value: 4, note: 'Four services, well used.' });
      expect(b.body.values.find((v: { indicatorId: string }) => v.indicatorId === 'STR-01').value).to.deep.equal(
        EXAMPLE_1.values['STR-01'],
      );
    }
    // never the trainee; the manager only once the previous assessment is released; other clusters not at all
    const trainee = await expectStatus(agents.trainee.get(`/api/assessments/${id}/baseline`), 403);
    expect(JSON.stringify(trainee.body)).not.to.contain('Four services');
    await expectStatus(agents.manager.get(`/api/assessments/${id}/baseline`), 403);
    await expectStatus(agents.otherManager.get(`/api/assessments/${id}/baseline`), 404);
    await release(suite.cast, first);
    const forManager = await expectStatus(agents.manager.get(`/api/assessments/${id}/baseline`), 200);
    expect(forManager.body.values.length).to.be.greaterThan(20);

    // nothing copied: the new assessment has no values
    expect((await expectStatus(agents.lead.get(`/api/assessments/${id}/values`), 200)).body.values).to.deep.equal([]);

    // keeping: the assessors only, an indicator with a baseline, under the version
    await expectStatus(agents.trainee.post(`/api/assessments/${id}/values/SRV-01/keep-baseline`), 403);
    await expectStatus(agents.manager.post(`/api/assessments/${id}/values/SRV-01/keep-baseline`), 403);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/values/XYZ-99/keep-baseline`), 404);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/values/SRV-01/keep-baseline`).send({ other: 1 }), 400);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/values/SRV-01/keep-baseline`).set('If-Match', '"999"'), 409);
    const version = (await expectStatus(agents.lead.get(`/api/assessments/${id}`), 200)).body.version as number;
    const kept = await expectStatus(
      agents.lead.post(`/api/assessments/${id}/values/SRV-01/keep-baseline`).set('If-Match', `"${version}"`),
      200,
    );
    expect(kept.body).to.include({ indicatorId: 'SRV-01', kind: 'assessor', value: 4, keptFrom: first, version: version + 1 });
    const values = (await expectStatus(agents.lead.get(`/api/assessments/${id}/values`), 200)).body.values;
    expect(
      values.map((v: { indicatorId: string; authorId: number; value: unknown; note: unknown }) => [
        v.indicatorId,
        v.authorId,
        v.value,
        v.note,
      ]),
    ).to.deep.equal([['SRV-01', ids.lead, 4, null]]);
    const audit = await knex('audit_log').where({ action: 'value.kept_from_baseline', entity_id: `${id}/SRV-01` });
    expect(audit).to.have.length(1);
    expect(Number(audit[0].actor_id)).to.equal(ids.lead);
    expect(JSON.parse(audit[0].after)).to.include({ indicatorId: 'SRV-01', value: 4, keptFrom: first });

    // the areas carried in, on creation, each from its old one, to be followed up (the new cycle writes its change)
    const areas = (await expectStatus(agents.manager.get(`/api/assessments/${id}/improvement-areas`), 200)).body;
    expect(
      areas.map((a: { title: string; carriedFrom: number; followup: unknown; changeMade: unknown; changeDescribed: boolean }) => [
        a.title,
        a.carriedFrom,
        a.followup,
        a.changeMade,
        a.changeDescribed,
      ]),
    ).to.deep.equal(OLD_AREAS.map((a, i) => [a.title, oldIds[i], null, null, false]));
    expect(await knex('audit_log').where({ action: 'improvement_area.carry' })).to.have.length(3);

    // the follow-up: the lead's, a known answer with evidence, only on a carried area
    const [a1, a2, a3] = areas.map((a: { id: number }) => a.id);
    await expectStatus(
      agents.manager.put(`/api/assessments/${id}/improvement-areas/${a1}/followup`).send({ followup: 'achieved', evidence: 'x' }),
      403,
    );
    await expectStatus(
      agents.lead.put(`/api/assessments/${id}/improvement-areas/${a1}/followup`).send({ followup: 'done', evidence: 'x' }),
      400,
    );
    await expectStatus(
      agents.lead.put(`/api/assessments/${id}/improvement-areas/${a1}/followup`).send({ followup: 'achieved', evidence: '  ' }),
      400,
    );
    await expectStatus(
      agents.lead.put(`/api/assessments/${id}/improvement-areas/999999/followup`).send({ followup: 'achieved', evidence: 'x' }),
      404,
    );
    const own = await expectStatus(
      agents.lead
        .post(`/api/assessments/${id}/improvement-areas`)
        .send({ title: 'New one', description: 'd', indicators: ['SRV-05'], documents: [] }),
      201,
    );
    const notCarried = await expectStatus(
      agents.lead.put(`/api/assessments/${id}/improvement-areas/${own.body.id}/followup`).send({ followup: 'achieved', evidence: 'x' }),
      400,
    );
    expect(notCarried.body.error.message).to.contain('carried');
    await expectStatus(agents.lead.delete(`/api/assessments/${id}/improvement-areas/${own.body.id}`), 200);
    for (const [ia, followup] of [
      [a1, 'achieved'],
      [a2, 'partly'],
      [a3, 'not'],
    ] as const) {
      const res = await expectStatus(
        agents.lead
          .put(`/api/assessments/${id}/improvement-areas/${ia}/followup`)
          .send({ followup, evidence: `Evidence for ${followup}.` }),
        200,
      );
      expect(res.body).to.include({ id: ia, followup, followupEvidence: `Evidence for ${followup}.` });
    }
    const followed = (await expectStatus(agents.lead.get(`/api/assessments/${id}/improvement-areas`), 200)).body;
    expect(followed.map((a: { followup: string }) => a.followup)).to.deep.equal(['achieved', 'partly', 'not']);
    expect(await knex('audit_log').where({ action: 'improvement_area.followup' })).to.have.length(3);

    // S4 reads the carried areas: the other values kept, the documents accepted, the change described
    for (const item of Object.keys(EXAMPLE_1.documents))
      await expectStatus(
        agents.manager
          .post(`/api/assessments/${id}/documents`)
          .field('item', item)
          .attach('file', pdf(`${id}-${item}`), `${item}.pdf`),
        201,
      );
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    for (const ind of ['SRV-03', 'SRV-04'])
      await expectStatus(agents.lead.post(`/api/assessments/${id}/values/${ind}/keep-baseline`).send({ note: 'As last cycle.' }), 200);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
    for (const d of (await expectStatus(agents.lead.get(`/api/assessments/${id}/documents`), 200)).body)
      await expectStatus(agents.co.post(`/api/assessments/${id}/documents/${d.id}/review`).send({ status: 'accepted' }), 200);
    const s4 = async () =>
      (await expectStatus(agents.lead.get(`/api/assessments/${id}/score`), 200)).body.label.checks.find(
        (c: { rule: string }) => c.rule === 'S4',
      );
    const before = await s4();
    expect(before.passed).to.equal(false);
    expect(before.facts.submitted).to.equal(3);
    for (const ia of [a1, a2, a3])
      await expectStatus(agents.lead.patch(`/api/assessments/${id}/improvement-areas/${ia}`).send({ changeDescribed: true }), 200);
    const after = await s4();
    // a follow-up 'not' does not take an area out of S4: FRAMEWORK.md §5.2 S4 (a)–(d) alone decide
    expect(after).to.include({ passed: true });
    expect(after.facts).to.include({ submitted: 3, required: 3 });
    expect(after.facts.failures).to.deep.equal([]);
  });
});
