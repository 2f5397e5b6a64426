/**
 * TRUST_PROXY: unset, X-Forwarded-For is ignored, so a client cannot pick a new address for every
 * request and slip past the per-address limits (survey submissions, failed sign-ins); set, the named
 * proxies' header is believed. A bad value stops the program with one line naming the variable.
 */
import { expect } from 'chai';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../server/config';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';

describe('TRUST_PROXY configuration', () => {
  it('is off unless set; accepts hops, names, addresses and subnets', () => {
    expect(loadConfig({}).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).to.deep.equal(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.7, fd00::/8, ::1' }).trustProxy).to.deep.equal([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '::1',
    ]);
  });

  for (const bad of ['yes', 'true', '10.0.0.0/33', '300.1.1.1', 'loopback,,', 'fd00::/129', '11', 'proxy.example.org']) {
    it(`refuses TRUST_PROXY=${JSON.stringify(bad)} naming the variable`, () => {
      expect(() => loadConfig({ TRUST_PROXY: bad })).to.throw(ConfigError, /^TRUST_PROXY: /);
    });
  }
});

describe(`per-address limits and X-Forwarded-For (${testDialect})`, () => {
  const xff = (i: number) => `203.0.113.${i}`;

  describe('without TRUST_PROXY', () => {
    let t: TestApp;
    before(async () => {
      t = await testApp({ SURVEY_RATE_LIMIT: '3' });
    });
    after(() => t.close());

    it('the survey submission limit counts the peer, whatever X-Forwarded-For says', async () => {
      const statuses: number[] = [];
      for (let i = 1; i <= 5; i++) {
        const res = await request(t.app).post('/api/survey/AAAAAAAAAAAAAAAAAAAAAAAA').set('X-Forwarded-For', xff(i)).send({ answers: {} });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 3)).not.to.include(429);
      expect(statuses.slice(3)).to.deep.equal([429, 429]);
    });

    it('a failed sign-in is counted against the peer’s address, not the one the client claims', async () => {
      const res = await request(t.app)
        .post('/api/login')
        .set('X-Forwarded-For', xff(9))
        .send({ email: 'nobody@test.example', password: 'wrong password' });
      expect(res.status).to.equal(401);
      const keys = (await t.db.knex('login_attempts').select('key'))
        .map((r: { key: string }) => r.key)
        .filter((k: string) => k.startsWith('ip:'));
      expect(keys).to.have.length(1);
      expect(keys[0]).not.to.contain('203.0.113.');
      expect(keys[0]).to.match(/127\.0\.0\.1|::1/);
    });
  });

  describe('with TRUST_PROXY=loopback (behind a proxy on this machine)', () => {
    let t: TestApp;
    before(async () => {
      t = await testApp({ SURVEY_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' });
    });
    after(() => t.close());

    it('believes the proxy’s X-Forwarded-For: each client has its own limit and its own failure count', async () => {
      for (let i = 1; i <= 4; i++) {
        const res = await request(t.app).post('/api/survey/AAAAAAAAAAAAAAAAAAAAAAAA').set('X-Forwarded-For', xff(i)).send({ answers: {} });
        expect(res.status).not.to.equal(429);
      }
      await request(t.app)
        .post('/api/login')
        .set('X-Forwarded-For', xff(9))
        .send({ email: 'nobody@test.example', password: 'wrong password' })
        .expect(401);
      expect(
        await t.db
          .knex('login_attempts')
          .where({ key: `ip:${xff(9)}` })
          .first(),
      ).to.not.equal(undefined);
    });
  });
});
