/**
 * The health check tells a load balancer the truth (503 while the database does not answer), and the
 * JSON API's answers, errors included, are never kept by a cache.
 */
import { expect } from 'chai';
import request from 'supertest';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';

describe(`health check and API cache headers (${testDialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await t.user({ email: 'admin@test.example', role: 'admin' });
  });
  after(() => t.close());

  it('JSON answers of the API carry Cache-Control: no-store, errors included', async () => {
    const admin = await t.agent('admin@test.example');
    const answers: [string, request.Response][] = [
      ['health', await request(t.app).get('/api/health')],
      ['frameworks', await admin.get('/api/frameworks')],
      ['me', await admin.get('/api/me')],
      ['me anonymously (401)', await request(t.app).get('/api/me')],
      ['an unknown assessment (404 from a route)', await admin.get('/api/assessments/999999')],
      ['no route (404)', await request(t.app).get('/api/no-such-thing')],
      [
        'malformed JSON (400 from the parser)',
        await request(t.app).post('/api/login').set('Content-Type', 'application/json').send('{"email": '),
      ],
      ['a wrong password (401)', await request(t.app).post('/api/login').send({ email: 'admin@test.example', password: 'wrong password' })],
    ];
    for (const [what, res] of answers) {
      expect(res.headers['content-type'], what).to.match(/^application\/json/);
      expect(res.headers['cache-control'], what).to.equal('no-store');
    }
  });

  it('answers 503 with the JSON error while the database does not answer, 200 before', async () => {
    const ok = await request(t.app).get('/api/health');
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.equal({ status: 'ok', database: testDialect });
    await t.db.knex.destroy(); // the database goes away under the running app
    const down = await request(t.app).get('/api/health');
    expect(down.status).to.equal(503);
    expect(down.body.status).to.equal('unavailable');
    expect(down.body.error.code).to.equal('database_unavailable');
    expect(down.headers['cache-control']).to.equal('no-store');
  });
});
