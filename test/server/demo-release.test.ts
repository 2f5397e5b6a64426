/**
 * The demo's released assessments are released through the lifecycle: their labels are public (the
 * registry lists them, /verify confirms them) and their reports' print is frozen. Fjordtech lives
 * through cycles: an earlier Bronze, the Gold that supersedes it, and the Gold's renewal in preparation.
 */
import { expect } from 'chai';
import request from 'supertest';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { expectStatus } from '../support/flow';
import { clusterHistory } from '../../server/services/clusterHistory';
import { actorByEmail } from '../../server/repositories/users';

describe(`the demo data's released label (${testDialect})`, function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await testApp({ DEMO: '1' });
  });
  after(() => t?.close());

  it('is public and its print frozen', async () => {
    const knex = t.db.knex;
    // the Gold (assessment 1) and Fjordtech's earlier Bronze are released through the lifecycle
    const released = (await knex('assessments').where({ state: 'released' }).orderBy('id').pluck('id')).map(Number);
    expect(released).to.deep.equal([1, 4]);
    for (const id of released) {
      const label = await knex('labels').where({ assessment_id: id }).first('released_at');
      expect(label.released_at).to.be.a('string');
      expect(await knex('releases').where({ assessment_id: id }).first('id')).to.not.equal(undefined);
    }
    const gold = await knex('labels').where({ assessment_id: 1 }).first('certificate_code');
    const res = await expectStatus(request(t.app).get(`/verify/${gold.certificate_code}`).set('Accept', 'application/json'), 200);
    expect(res.body).to.include({ valid: true, label: 'gold' });
  });

  it("shows Fjordtech's cycles: a Bronze the Gold supersedes, then the Gold, and a renewal started from the Gold", async () => {
    const knex = t.db.knex;
    const bronze = await knex('labels').where({ assessment_id: 4 }).first('certificate_code', 'label', 'issued_on', 'cluster_id');
    expect(bronze).to.include({ label: 'bronze', issued_on: '2024-03-12', cluster_id: 1 });
    const gold = await knex('labels').where({ assessment_id: 1 }).first('certificate_code', 'issued_on');
    // about two years apart, and the Gold replaces the Bronze on /verify
    expect(gold.issued_on).to.equal('2026-03-14');
    const res = await expectStatus(request(t.app).get(`/verify/${bronze.certificate_code}`).set('Accept', 'application/json'), 200);
    expect(res.body).to.include({ valid: false, label: 'bronze' });
    const renewal = await knex('assessments').where({ cluster_id: 1, state: 'preparation' }).first('id', 'requested_label');
    expect(renewal).to.include({ requested_label: 'gold' });
    const cycle = await knex('assessment_cycles').where({ assessment_id: renewal.id }).first('previous_assessment_id');
    expect(Number(cycle.previous_assessment_id)).to.equal(1);
    // the Gold's co-assessor, who had no part in the Bronze, reads the cycles: the Bronze unlinked, its released label public
    const co = (await actorByEmail(knex, 'co@clustermark.test'))!;
    const cycles = (await clusterHistory(knex, co, 1)).assessments;
    expect(cycles.map((a) => a.id)).to.deep.equal([5, 1, 4]);
    expect(cycles[2]).to.deep.include({ readable: false, decision: { label: 'bronze' } });
    // the other demo assessments stay where they were
    const states = await knex('assessments').orderBy('id').select('id', 'state');
    expect(states.map((r: { state: string }) => r.state)).to.deep.equal([
      'released',
      'interview',
      'preparation',
      'released',
      'preparation',
    ]);
  });
});
