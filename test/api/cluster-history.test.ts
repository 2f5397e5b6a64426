/**
 * A cluster across its cycles (issue "Across cycles", items 1 and 6): GET /api/clusters/:id/history and
 * the page /clusters/:id read the same service (services/clusterHistory.ts) with the same rules. Who
 * may read it (the admin, the cluster's benchmarkers, its manager; others 404), the label history's
 * states judged by labels.ts's one rule (a newer released label supersedes the earlier one on /verify,
 * the registry and the cluster page alike), the renewal window, and the start of the next assessment
 * from the page, which names the last decided one as previousAssessmentId.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { expectStatus, suiteWithCast, type Who } from '../support/flow';
import { decideExample1, pageText, release } from '../support/decided';
import { clusterHistory, renewalWindowEnd } from '../../server/services/clusterHistory';
import type { Actor } from '../../server/auth/actor';
import { tokenIn } from '../support/pages';

describe(`a cluster's labels and cycles (${testDialect})`, function () {
  this.timeout(240_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let first: { id: number; code: string };
  let second: { id: number; code: string };
  const history = (who: Exclude<Who, 'anonymous'>) => suite.cast.agents[who].get(`/api/clusters/${suite.cast.clusterId}/history`);
  const actorOf = (who: 'admin' | 'lead' | 'manager'): Actor =>
    ({
      id: suite.cast.ids[who],
      role: who === 'admin' ? 'admin' : who === 'lead' ? 'benchmarker' : 'cluster_manager',
      clusterId: who === 'manager' ? suite.cast.clusterId : null,
    }) as Actor;

  before(async () => {
    first = await decideExample1(suite.cast);
  });

  it('is for the admin, the cluster benchmarkers and its manager; anyone else gets 404, on the API and the page', async () => {
    const { agents, clusterId, otherClusterId } = suite.cast;
    for (const who of ['admin', 'lead', 'co', 'manager'] as const) {
      await expectStatus(history(who), 200);
      const page = await expectStatus(agents[who].get(`/clusters/${clusterId}`), 200);
      expect(pageText(page.text)).to.contain('Isarsensor Cluster').and.to.contain('Label history');
    }
    // another cluster's manager, a benchmarker who never assessed it, a trainee: as if it did not exist
    for (const who of ['otherManager', 'other', 'trainee'] as const) {
      const res = await expectStatus(history(who), 404);
      expect(res.body.error.code).to.equal('not_found');
      await expectStatus(agents[who].get(`/clusters/${clusterId}`), 404);
    }
    await expectStatus(agents.manager.get(`/api/clusters/${otherClusterId}/history`), 404);
    await expectStatus(agents.admin.get('/api/clusters/999999/history'), 404);
    await expectStatus(agents.admin.get('/api/clusters/x1/history'), 404);
    await expectStatus(agents.anonymous.get(`/api/clusters/${clusterId}/history`), 401);
    // the assessment page links the cluster's page for those who may read it, not for the trainee
    const linked = (await expectStatus(agents.manager.get(`/assessments/${first.id}`), 200)).text;
    expect(linked).to.contain(`href="/clusters/${clusterId}"`);
    const unlinked = (await expectStatus(agents.trainee.get(`/assessments/${first.id}`), 200)).text;
    expect(unlinked).to.not.contain(`href="/clusters/${clusterId}"`);
    // and the dashboards' cluster lists
    expect((await expectStatus(agents.admin.get('/dashboard'), 200)).text).to.contain(`href="/clusters/${clusterId}"`);
    expect((await expectStatus(agents.lead.get('/dashboard'), 200)).text).to.contain(`href="/clusters/${clusterId}"`);
    expect((await expectStatus(agents.manager.get('/dashboard'), 200)).text).to.contain(`href="/clusters/${clusterId}"`);
  });

  it('shows an unreleased label and decision only to the assessors and the admin (readLabel)', async () => {
    const lead = (await expectStatus(history('lead'), 200)).body;
    expect(lead.labels).to.have.length(1);
    expect(lead.labels[0]).to.include({ label: 'gold', state: 'unreleased', issued: '2026-03-14', validUntil: '2028-03-31' });
    expect(lead.assessments[0]).to.deep.include({ id: first.id, state: 'decided', decision: { label: 'gold' }, readable: true });
    // nothing released: nothing held, nothing to renew
    expect(lead.renewal).to.equal(null);
    const manager = (await expectStatus(history('manager'), 200)).body;
    expect(manager.labels).to.deep.equal([]);
    expect(manager.assessments[0]).to.deep.include({ id: first.id, state: 'decided', decision: null });
    expect(manager.next).to.equal(null);
    // GET /api/clusters/:id lists the cycles the reader may open, under the same rule
    const cluster = (await expectStatus(suite.cast.agents.manager.get(`/api/clusters/${suite.cast.clusterId}`), 200)).body;
    expect(cluster.assessments).to.deep.equal([manager.assessments[0]]);
    const trainee = (await expectStatus(suite.cast.agents.trainee.get(`/api/clusters/${suite.cast.clusterId}`), 200)).body;
    expect(trainee.assessments[0]).to.deep.include({ id: first.id, decision: { label: 'gold' } }); // a trainee reads the decided label
    expect(
      (await expectStatus(suite.cast.agents.lead.get(`/api/clusters/${suite.cast.clusterId}`), 200)).body.assessments[0],
    ).to.deep.include({ id: first.id, decision: { label: 'gold' } });
    const page = pageText((await expectStatus(suite.cast.agents.manager.get(`/clusters/${suite.cast.clusterId}`), 200)).text);
    expect(page).to.contain('not known yet').and.to.not.contain('Gold Valid');
    expect(page).to.not.contain('Start the next assessment');
  });

  it('judges the timeline and the renewal window by the day: valid, then expired but renewable, then beyond renewal', async () => {
    await release(suite.cast, first.id);
    const knex = suite.t.db.knex;
    const at = async (day: string) => clusterHistory(knex, actorOf('manager'), suite.cast.clusterId, day);
    const valid = await at('2027-06-01');
    expect(valid.labels.map((l) => l.state)).to.deep.equal(['valid']);
    expect(valid.renewal).to.deep.include({ label: 'gold', validUntil: '2028-03-31', windowEnd: '2029-03-31', status: 'open' });
    const expired = await at('2028-04-01');
    expect(expired.labels.map((l) => l.state)).to.deep.equal(['expired']);
    expect(expired.renewal).to.deep.include({ status: 'expired', windowEnd: '2029-03-31' });
    expect((await at('2029-03-31')).renewal!.status).to.equal('expired'); // the window's last day
    expect((await at('2029-04-01')).renewal!.status).to.equal('closed');
    // a month's last day a year later, leap years included
    expect(renewalWindowEnd('2027-02-28')).to.equal('2028-02-29');
    expect(renewalWindowEnd('2028-02-29')).to.equal('2029-02-28');
    expect(renewalWindowEnd('2029-12-31')).to.equal('2030-12-31');
    // today (the label runs to 2028-03-31): the page says by when to renew, in both languages
    const en = pageText((await expectStatus(suite.cast.agents.manager.get(`/clusters/${suite.cast.clusterId}`), 200)).text);
    expect(en).to.contain('Renew by 31 March 2028').and.to.contain('renewable until 31 March 2029');
    const nb = pageText((await expectStatus(suite.cast.agents.manager.get(`/clusters/${suite.cast.clusterId}?lang=nb`), 200)).text);
    expect(nb).to.contain('Forny innen 31. mars 2028').and.to.contain('Merkehistorikk');
    expect(nb).to.not.contain('Label history').and.to.not.contain('Renew by');
  });

  it('starts the next assessment from the page with the last decided one as previousAssessmentId; the manager may not', async () => {
    const { agents, clusterId, ids, frameworkId } = suite.cast;
    const knex = suite.t.db.knex;
    const count = async () => Number((await knex('assessments').count({ n: '*' }).first())!.n);
    const lead = (await expectStatus(history('lead'), 200)).body;
    expect(lead.next).to.deep.include({ previousAssessmentId: first.id, requestedLabel: 'gold' });
    const page = await expectStatus(agents.lead.get(`/clusters/${clusterId}`), 200);
    expect(pageText(page.text)).to.contain(`It starts from assessment no. ${first.id}`);
    const form = { _csrf: tokenIn(page.text), requestedLabel: 'gold', frameworkId: String(frameworkId), leadId: String(ids.lead) };
    const before = await count();

    // a refusal: back to the form with the error, nothing created
    const bad = await agents.lead
      .post(`/clusters/${clusterId}/next-assessment`)
      .type('form')
      .send({ ...form, requestedLabel: 'platinum' });
    expect(bad.status).to.equal(303);
    expect(bad.headers.location).to.equal(`/clusters/${clusterId}#next-assessment`);
    expect(await count()).to.equal(before);
    // the manager sees no form, and a post of its own is refused: 403 in the flash, nothing created
    const mgrPage = await expectStatus(agents.manager.get(`/clusters/${clusterId}`), 200);
    await agents.manager
      .post(`/clusters/${clusterId}/next-assessment`)
      .type('form')
      .send({ ...form, _csrf: tokenIn(mgrPage.text) });
    expect(await count()).to.equal(before);

    const ok = await agents.lead
      .post(`/clusters/${clusterId}/next-assessment`)
      .type('form')
      .send({ ...form, coAssessorId: String(ids.co), interviewDate: '2026-11-20' });
    expect(ok.status).to.equal(303);
    const id = Number(/^\/assessments\/(\d+)$/.exec(ok.headers.location)?.[1]);
    expect(await count()).to.equal(before + 1);
    const made = (await expectStatus(agents.lead.get(`/api/assessments/${id}`), 200)).body;
    expect(made).to.include({ clusterId, previousAssessmentId: first.id, requestedLabel: 'gold', leadId: ids.lead, coAssessorId: ids.co });
    expect(made.previousLabels).to.deep.equal([]);
    const after = (await expectStatus(history('admin'), 200)).body;
    expect(after.assessments.find((a: { id: number }) => a.id === id)).to.include({ previousAssessmentId: first.id, state: 'preparation' });
    // a second start is possible but the form says which one is open already
    expect(after.next.openAssessmentIds).to.deep.equal([id]);
    const again = pageText((await expectStatus(agents.lead.get(`/clusters/${clusterId}?lang=en`), 200)).text);
    expect(again).to.contain(`Assessment no. ${id} is still open for this cluster`);
  });

  it('shows the earlier label superseded by a newer released one on /verify, the registry and the cluster page alike', async () => {
    const { agents, clusterId } = suite.cast;
    const verify = async (code: string) =>
      (await expectStatus(agents.anonymous.get(`/verify/${code}`).set('Accept', 'application/json'), 200)).body;
    const registryRow = async (code: string) => {
      const html = (await expectStatus(agents.admin.get('/dashboard'), 200)).text;
      const row = html.split('<tr>').find((r) => r.includes(`<code>${code}</code>`));
      return pageText(row ?? '');
    };
    second = await decideExample1(suite.cast, { interviewDate: '2026-04-20', previousAssessmentId: first.id });
    // decided, not yet released: it replaces nothing anywhere
    expect(await verify(first.code)).to.include({ valid: true });
    expect(await registryRow(first.code)).to.not.contain('Superseded');
    expect((await expectStatus(history('manager'), 200)).body.labels.map((l: { state: string }) => l.state)).to.deep.equal(['valid']);

    await release(suite.cast, second.id);
    const old = await verify(first.code);
    expect(old).to.include({ valid: false, replaced: true });
    expect(await verify(second.code)).to.include({ valid: true });
    expect(await registryRow(first.code)).to.contain('Superseded');
    expect(await registryRow(second.code)).to.not.contain('Superseded');
    const h = (await expectStatus(history('manager'), 200)).body;
    expect(h.labels.map((l: { certificateCode: string; state: string }) => [l.certificateCode, l.state])).to.deep.equal([
      [second.code, 'valid'],
      [first.code, 'superseded'],
    ]);
    expect(h.labels[1].supersededBy).to.deep.equal({ certificateCode: second.code, label: 'gold', issued: '2026-04-20' });
    // the held label is the new one: its window
    expect(h.renewal).to.deep.include({ certificateCode: second.code, validUntil: '2028-04-30', windowEnd: '2029-04-30', status: 'open' });
    const page = pageText((await expectStatus(agents.manager.get(`/clusters/${clusterId}?lang=en`), 200)).text);
    expect(page).to.contain(`Superseded on 20 April 2026 by the Gold label (${second.code})`);
    // the next assessment now starts from the newer decision
    expect((await expectStatus(history('lead'), 200)).body.next.previousAssessmentId).to.equal(second.id);
  });
});
