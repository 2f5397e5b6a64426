/**
 * The team check while an assessment is composed (issue 16, item 7): GET /api/team-check answers the
 * engine's own G4 (Gold team), S1 (an earlier label 18–24 months before) and S2 (Silver on site) for a
 * team and a cluster before any value exists, with warnings in the reader's language; the dashboard
 * shows them again with a refused form, the assessment page after creation. A warning, not a refusal.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn } from '../support/pages';

describe(`the team check while an assessment is composed (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  const query = (q: Record<string, string | number | boolean>) =>
    '/api/team-check?' + new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const gold = (extra: Record<string, string | number | boolean> = {}) =>
    query({
      clusterId: suite.cast.clusterId,
      frameworkId: suite.cast.frameworkId,
      requestedLabel: 'gold',
      leadId: suite.cast.ids.lead,
      coAssessorId: suite.cast.ids.co,
      onSite: true,
      ...extra,
    });

  it('passes G4 for a Gold lead from the seat country and a co-assessor from another, on site', async () => {
    const res = await expectStatus(suite.cast.agents.admin.get(gold()), 200);
    expect(res.body.checks).to.have.length(1);
    expect(res.body.checks[0]).to.include({ rule: 'G4', passed: true, detail: 'lead DE, co-assessor AT, seat DE' });
    expect(res.body.warnings).to.deep.equal([]);
  });

  it('warns, with the engine’s reasons, when the team would fail G4', async () => {
    const { agents, ids } = suite.cast;
    // a co-assessor from the lead's country (the trainee is DE too, but not certified), not on site, none at all
    const sameCountry = await expectStatus(agents.admin.get(gold({ coAssessorId: ids.trainee })), 200);
    expect(sameCountry.body.checks[0].facts.problems.map((p: { code: string }) => p.code)).to.deep.equal([
      'no_certified_co',
      'same_country',
    ]);
    const offSite = await expectStatus(agents.admin.get(gold({ onSite: false })), 200);
    expect(offSite.body.warnings).to.have.length(1);
    expect(offSite.body.warnings[0].rule).to.equal('G4');
    expect(offSite.body.warnings[0].text).to.equal(
      'G4 will not hold – Two assessors on site, one foreign, lead Gold-certified: lead DE, co-assessor AT, seat DE: not on site',
    );
    const alone = await expectStatus(agents.lead.get(gold({ coAssessorId: '' })), 200);
    expect(alone.body.checks[0].facts.problems.map((p: { code: string }) => p.code)).to.include('no_certified_co');
    // neither assessor from the seat (the other cluster is in NO): in bokmål, countries by name
    const nb = await expectStatus(agents.admin.get(gold({ clusterId: suite.cast.otherClusterId, lang: 'nb' })), 200);
    expect(nb.body.warnings[0].text).to.contain('G4 holder ikke').and.contain('ingen av assessorene er fra Norge');
  });

  it('says what the score will say: the same G4 check as the engine’s once the assessment exists', async () => {
    const { agents, ids } = suite.cast;
    const id = await createGoldAssessment(suite.cast, { coAssessorId: ids.other, onSite: false });
    const check = await expectStatus(agents.lead.get(gold({ coAssessorId: ids.other, onSite: false, interviewDate: '2026-03-14' })), 200);
    const score = await expectStatus(agents.lead.get(`/api/assessments/${id}/score`), 200);
    const g4 = score.body.label.checks.find((c: { rule: string }) => c.rule === 'G4');
    expect(check.body.checks[0]).to.deep.equal(g4);
    expect(g4.passed).to.equal(false);
  });

  it('warns on S1 for a Silver request without an earlier label, and on S2 off site; an earlier label in the window passes', async () => {
    const { agents, ids, clusterId, frameworkId } = suite.cast;
    const silver = (extra: Record<string, string | number | boolean> = {}) =>
      query({ clusterId, frameworkId, requestedLabel: 'silver', leadId: ids.lead, onSite: true, interviewDate: '2026-03-14', ...extra });
    const none = await expectStatus(agents.admin.get(silver()), 200);
    expect(none.body.checks.map((c: { rule: string; passed: boolean }) => [c.rule, c.passed])).to.deep.equal([
      ['S1', false],
      ['S2', true],
    ]);
    expect(none.body.warnings[0].text).to.equal('S1 will not hold – 18–24 months since the last label: no earlier label');
    const offSite = await expectStatus(agents.admin.get(silver({ onSite: false })), 200);
    expect(offSite.body.warnings.map((w: { rule: string }) => w.rule)).to.deep.equal(['S1', 'S2']);
    // a released Bronze label of the cluster, issued 20 months before the interview (FRAMEWORK.md example 2)
    const bronze = await expectStatus(
      agents.lead.post('/api/assessments').send({ clusterId, frameworkId, requestedLabel: 'bronze', leadId: ids.lead }),
      201,
    );
    const now = new Date().toISOString();
    await suite.t.db.knex('labels').insert({
      assessment_id: bronze.body.id,
      cluster_id: clusterId,
      label: 'bronze',
      issued_on: '2024-07-10',
      valid_until: '2026-07-31',
      certificate_code: 'TEAM-CHECK-1',
      created_at: now,
      released_at: now,
    });
    const held = await expectStatus(agents.admin.get(silver()), 200);
    expect(held.body.checks[0]).to.include({ rule: 'S1', passed: true });
    expect(held.body.warnings).to.deep.equal([]);
    // too early after it: Δ = 8 months
    const early = await expectStatus(agents.admin.get(silver({ interviewDate: '2025-03-14', lang: 'nb' })), 200);
    expect(early.body.warnings[0].text).to.equal(
      'S1 holder ikke – 18–24 måneder siden forrige merke: bronse tildelt juli 2024, Δ = 8 måneder (tillatt 18–24)',
    );
  });

  it('has no rule to check for Bronze', async () => {
    const res = await expectStatus(suite.cast.agents.admin.get(gold({ requestedLabel: 'bronze' })), 200);
    expect(res.body).to.deep.equal({ checks: [], warnings: [] });
  });

  it('is for those who compose teams, and refuses what it cannot check with 400', async () => {
    const { agents } = suite.cast;
    await expectStatus(agents.anonymous.get(gold()), 401);
    await expectStatus(agents.manager.get(gold()), 403);
    await expectStatus(agents.trainee.get(gold()), 403);
    const missing = await expectStatus(agents.admin.get(query({ leadId: suite.cast.ids.lead })), 400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal([
      '/clusterId',
      '/frameworkId',
      '/requestedLabel',
    ]);
    expect((await expectStatus(agents.admin.get(gold({ clusterId: 999999 })), 400)).body.error.details[0].path).to.equal('/clusterId');
    expect((await expectStatus(agents.admin.get(gold({ leadId: 'x' })), 400)).body.error.details[0].path).to.equal('/leadId');
    expect((await expectStatus(agents.admin.get(gold({ interviewDate: '2026-02-30' })), 400)).body.error.details[0].path).to.equal(
      '/interviewDate',
    );
    // an assessment's team is checked by those who may change it
    const id = await createGoldAssessment(suite.cast);
    await expectStatus(agents.lead.get(query({ assessmentId: id, leadId: suite.cast.ids.lead })), 200);
    await expectStatus(agents.co.get(query({ assessmentId: id, leadId: suite.cast.ids.lead })), 403);
    await expectStatus(agents.other.get(query({ assessmentId: id, leadId: suite.cast.ids.lead })), 404);
  });

  it('shows the warning on the refused form and on the assessment page, and creates the assessment all the same', async () => {
    const { agents, ids, clusterId, frameworkId } = suite.cast;
    const page = await expectStatus(agents.admin.get('/dashboard'), 200);
    expect(page.text).to.contain('data-team-check="/api/team-check"').and.contain('/static/js/admin.js');
    const fields = {
      _csrf: tokenIn(page.text),
      clusterId: String(clusterId),
      frameworkId: String(frameworkId),
      requestedLabel: 'gold',
      leadId: String(ids.lead),
      coAssessorId: String(ids.co),
      interviewDate: '2026-02-30', // refused: the form comes back with the team's warning (not on site)
    };
    await expectStatus(agents.admin.post('/assessments').type('form').send(fields), 303);
    const again = (await agents.admin.get('/dashboard')).text;
    expect(again).to.match(/<li data-rule="G4">G4 will not hold[^<]*not on site<\/li>/);
    // the same team with a real date: created, the warning on its page
    const created = await expectStatus(
      agents.admin
        .post('/assessments')
        .type('form')
        .send({ ...fields, interviewDate: '2026-03-14' }),
      303,
    );
    expect(created.headers.location).to.match(/^\/assessments\/\d+$/);
    const assessmentPage = (await agents.admin.get(created.headers.location)).text;
    expect(assessmentPage).to.match(/<li data-rule="G4">G4 will not hold[^<]*not on site<\/li>/);
    expect(assessmentPage).to.contain(`href="${created.headers.location}/team"`);
    // the co-assessor may not change the team: no warning, no link
    const coPage = (await agents.co.get(created.headers.location)).text;
    expect(coPage).not.to.contain('data-rule="G4"').and.not.to.contain('/team"');
  });
});
