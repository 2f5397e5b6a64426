/**
 * The demo's released Gold assessment is released through the lifecycle: its label is public (the
 * registry lists it, /verify confirms it) and its report's print is frozen.
 */
import { expect } from 'chai';
import request from 'supertest';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { expectStatus } from '../support/flow';

describe(`the demo data's released label (${testDialect})`, function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await testApp({ DEMO: '1' });
  });
  after(() => t?.close());

  it('is public and its print frozen', async () => {
    const knex = t.db.knex;
    const released = await knex('assessments').where({ state: 'released' }).pluck('id');
    expect(released).to.have.length(1);
    const label = await knex('labels').where({ assessment_id: released[0] }).first('certificate_code', 'released_at');
    expect(label.released_at).to.be.a('string');
    expect(await knex('releases').where({ assessment_id: released[0] }).first('id')).to.not.equal(undefined);
    const res = await expectStatus(request(t.app).get(`/verify/${label.certificate_code}`).set('Accept', 'application/json'), 200);
    expect(res.body).to.include({ valid: true, label: 'gold' });
  });
});
