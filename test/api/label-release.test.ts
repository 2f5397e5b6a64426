/**
 * A label becomes public at release (DESIGN.md, lifecycle): after the decision and before release only
 * the assessors and the admin know it; the cluster manager, the trainee, other benchmarkers and the
 * public (/verify) learn of it once it is released. The registry lists released labels, and /verify and
 * the registry judge a label superseded by the same rule (FRAMEWORK.md §5.6): a newer released label of
 * the same cluster replaces it from its issue date.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { decideExample1, pageText, release } from '../support/decided';

describe(`a label is public only from its release (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let id: number;
  let code: string;
  before(async () => {
    ({ id, code } = await decideExample1(suite.cast));
  });

  const page = async (agent: request.Agent, path: string) => pageText((await expectStatus(agent.get(path), 200)).text);
  const clusterCodes = async (agent: request.Agent) =>
    ((await expectStatus(agent.get(`/api/clusters/${suite.cast.clusterId}`), 200)).body.labels as { certificateCode: string }[]).map(
      (l) => l.certificateCode,
    );
  const verify = (c: string) => suite.cast.agents.anonymous.get(`/verify/${c}`).set('Accept', 'application/json');

  it('shows a decided label to the assessors, the admin and the trainees who shadowed it only, on the assessment page and in the cluster API', async () => {
    const { agents } = suite.cast;
    // the trainee reads the frozen score from the decision on (issue 16, calibration), so it knows the label
    for (const who of ['lead', 'co', 'admin', 'trainee'] as const) {
      const text = await page(agents[who], `/assessments/${id}?lang=en`);
      expect(text, who).to.contain('Label: Gold');
      expect(text, who).to.contain(code);
      expect(await clusterCodes(agents[who]), who).to.deep.equal([code]);
    }
    for (const who of ['manager'] as const) {
      const text = await page(agents[who], `/assessments/${id}?lang=en`);
      expect(text, who).not.to.match(/Label: (Gold|Silver|Bronze)/);
      expect(text, who).not.to.contain(code);
      expect(await clusterCodes(agents[who]), who).to.deep.equal([]);
    }
    // a benchmarker who may see every cluster but is not on this team does not know it either
    expect(await clusterCodes(agents.other)).to.deep.equal([]);
  });

  it('does not confirm an unreleased certificate on /verify, nor list it in the registry', async () => {
    const json = await expectStatus(verify(code), 404);
    expect(json.body).to.include({ valid: false, label: null, cluster: null });
    const html = await expectStatus(suite.cast.agents.anonymous.get(`/verify/${code}`).set('Accept', 'text/html'), 404);
    expect(pageText(html.text)).not.to.match(/Valid label|GOLD|Isarsensor/);
    expect(await page(suite.cast.agents.admin, '/dashboard?lang=en')).not.to.contain(code);
  });

  it('makes the label public at release: pages, cluster API, /verify and the registry', async () => {
    await release(suite.cast, id);
    const { agents } = suite.cast;
    for (const who of ['manager', 'trainee', 'other'] as const) expect(await clusterCodes(agents[who]), who).to.deep.equal([code]);
    for (const who of ['manager', 'trainee'] as const) {
      const text = await page(agents[who], `/assessments/${id}?lang=en`);
      expect(text, who).to.contain('Label: Gold');
      expect(text, who).to.contain(code);
    }
    const json = await expectStatus(verify(code), 200);
    expect(json.body).to.include({ valid: true, label: 'gold', cluster: 'Isarsensor Cluster', validUntil: '2028-03-31' });
    const registry = await expectStatus(agents.admin.get('/dashboard?lang=en'), 200);
    expect(registryRow(registry.text, code)).to.contain('Isarsensor Cluster');
    const api = await expectStatus(agents.manager.get(`/api/clusters/${suite.cast.clusterId}`), 200);
    expect(api.body.labels[0]).to.include({ label: 'gold', certificateCode: code, state: 'valid', supersededBy: null });
  });

  it('judges a label superseded alike on /verify, in the registry and in the cluster API: only by a newer released label', async () => {
    const knex = suite.t.db.knex;
    const now = new Date().toISOString();
    // a newer label of the same cluster, released (as a renewal would be) …
    const renewal = await createGoldAssessment(suite.cast);
    await knex('assessments').where({ id: renewal }).update({ state: 'released' });
    await knex('labels').insert({
      assessment_id: renewal,
      cluster_id: suite.cast.clusterId,
      label: 'silver',
      issued_on: '2026-09-01',
      valid_until: '2028-09-30',
      certificate_code: 'CM-RENW-AAAA-2222',
      created_at: now,
      released_at: now,
    });
    // … and a still newer one, decided but not released: it replaces nothing yet
    const pending = await createGoldAssessment(suite.cast);
    await knex('assessments').where({ id: pending }).update({ state: 'decided' });
    await knex('labels').insert({
      assessment_id: pending,
      cluster_id: suite.cast.clusterId,
      label: 'bronze',
      issued_on: '2026-11-01',
      valid_until: '2028-11-30',
      certificate_code: 'CM-PEND-BBBB-3333',
      created_at: now,
    });

    const old = await expectStatus(verify(code), 200);
    expect(old.body).to.include({ valid: false, replaced: true });
    const renewed = await expectStatus(verify('CM-RENW-AAAA-2222'), 200);
    expect(renewed.body).to.include({ valid: true, label: 'silver' });
    await expectStatus(verify('CM-PEND-BBBB-3333'), 404);

    const registry = (await expectStatus(suite.cast.agents.admin.get('/dashboard?lang=en'), 200)).text;
    expect(registryRow(registry, code)).to.contain('Superseded');
    expect(registryRow(registry, 'CM-RENW-AAAA-2222')).not.to.contain('Superseded');
    expect(registry).not.to.contain('CM-PEND-BBBB-3333');

    const api = (await expectStatus(suite.cast.agents.manager.get(`/api/clusters/${suite.cast.clusterId}`), 200)).body.labels;
    expect(api.map((l: { certificateCode: string; state: string }) => [l.certificateCode, l.state])).to.deep.equal([
      ['CM-RENW-AAAA-2222', 'valid'],
      [code, 'superseded'],
    ]);
    expect(api[1].supersededBy).to.equal('CM-RENW-AAAA-2222');
    const lead = (await expectStatus(suite.cast.agents.lead.get(`/api/clusters/${suite.cast.clusterId}`), 200)).body.labels;
    expect(lead.map((l: { certificateCode: string; state: string }) => [l.certificateCode, l.state])).to.deep.equal([
      ['CM-PEND-BBBB-3333', 'unreleased'],
      ['CM-RENW-AAAA-2222', 'valid'],
      [code, 'superseded'],
    ]);
  });
});

/** The registry table's row that names the certificate code (the admin dashboard's #labels section). */
function registryRow(html: string, code: string): string {
  const section = html.slice(html.indexOf('id="labels"'));
  const row = section.split('<tr>').find((r) => r.includes(code));
  if (!row) throw new Error(`no registry row for ${code}`);
  return pageText(row);
}
