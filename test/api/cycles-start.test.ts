/**
 * Starting from the last cycle (issue "Across cycles", DESIGN.md `previousAssessmentId`): a new
 * assessment names a decided assessment of the same cluster; the earlier labels then come from the
 * label history, never typed. Anything else is refused and creates nothing.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { decideExample1 } from '../support/decided';

describe(`an assessment started from the last cycle (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  const body = (extra: Record<string, unknown>) => ({
    clusterId: suite.cast.clusterId,
    frameworkId: suite.cast.frameworkId,
    requestedLabel: 'gold',
    leadId: suite.cast.ids.lead,
    coAssessorId: suite.cast.ids.co,
    interviewDate: '2028-02-10',
    onSite: true,
    ...extra,
  });

  it('links the new assessment to a decided one of the same cluster; refuses anything else and typed labels beside it', async () => {
    const { agents } = suite.cast;
    const { id: first } = await decideExample1(suite.cast);
    const count = async () => Number((await suite.t.db.knex('assessments').count({ n: '*' }).first())!.n);
    const before = await count();

    // not decided, another cluster's, unknown, or with typed labels: 400, nothing created
    const open = await createGoldAssessment(suite.cast);
    for (const [extra, path] of [
      [{ previousAssessmentId: open }, '/previousAssessmentId'],
      [{ previousAssessmentId: 999999 }, '/previousAssessmentId'],
      [{ previousAssessmentId: first, clusterId: suite.cast.otherClusterId }, '/previousAssessmentId'],
      [{ previousAssessmentId: first, previousLabels: [{ label: 'bronze', issued: '2024-01-10' }] }, '/previousLabels'],
      [{ previousAssessmentId: 'one' }, '/previousAssessmentId'],
    ] as const) {
      const res = await expectStatus(agents.lead.post('/api/assessments').send(body(extra)), 400);
      expect(res.body.error.code).to.equal('invalid_input');
      expect(JSON.stringify(res.body.error.details), JSON.stringify(extra)).to.contain(path);
    }
    expect(await count()).to.equal(before + 1); // only the open one made for the test

    const next = await expectStatus(agents.lead.post('/api/assessments').send(body({ previousAssessmentId: first })), 201);
    expect(next.body.previousAssessmentId).to.equal(first);
    const read = await expectStatus(agents.lead.get(`/api/assessments/${next.body.id}`), 200);
    expect(read.body.previousAssessmentId).to.equal(first);
    expect(read.body.previousLabels).to.deep.equal([]);
    // typing earlier labels later is refused too; the history gives them
    const patch = await expectStatus(
      agents.lead.patch(`/api/assessments/${next.body.id}`).send({ previousLabels: [{ label: 'silver', issued: '2025-01-10' }] }),
      400,
    );
    expect(patch.body.error.message).to.contain('label history');
    const audit = await suite.t.db
      .knex('audit_log')
      .where({ action: 'assessment.create', entity_id: String(next.body.id) })
      .first();
    expect(JSON.parse(audit.after).previousAssessmentId).to.equal(first);
  });
});
