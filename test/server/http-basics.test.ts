import { expect } from 'chai';
import request from 'supertest';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';

describe(`HTTP basics (${testDialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('GET /api/health names the database', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok', database: testDialect });
  });

  it('answers an unknown route with 404 in the error format', async () => {
    const res = await request(t.app).get('/api/nope').expect(404);
    expect(res.body.error.code).to.equal('not_found');
    expect(res.body.error.message).to.be.a('string').and.not.empty;
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await request(t.app).post('/api/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(res.body.error.code).to.equal('malformed_json');
  });

  it('answers an oversized body with 413', async () => {
    const res = await request(t.app)
      .post('/api/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(400_000) }))
      .expect(413);
    expect(res.body.error.code).to.equal('too_large');
  });

  it('answers a body of the wrong shape with 400 naming the field', async () => {
    const res = await request(t.app).post('/api/login').send({ email: 'a@b.c', password: 'x', extra: 1 }).expect(400);
    expect(res.body.error.code).to.equal('invalid_input');
    expect(res.body.error.details).to.deep.include({ path: '/extra', message: 'is not allowed here' });
  });

  it('sets security headers', async () => {
    const res = await request(t.app).get('/api/health');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.contain("default-src 'self'");
    expect(res.headers['x-powered-by']).to.equal(undefined);
  });
});
