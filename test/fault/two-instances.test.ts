/**
 * Two app instances on one PostgreSQL database (each with its own knex pool, sharing SESSION_SECRET)
 * behind a round-robin client: a session made on one works on both, the sign-in lock is shared, and
 * concurrent If-Match edits of one value give exactly one 200, the rest 409, and no lost update.
 * PostgreSQL only (TEST_DATABASE_URL): SQLite is one file for one process.
 */
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { testApp, PASSWORD, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { makeCast, createGoldAssessment, type Cast } from '../support/flow';
import { openDatabase, type Database } from '../../server/db/knex';
import { createApp } from '../../server/app';
import { openAudit } from '../../server/services/audit';
import { MAX_FAILURES } from '../../server/auth/loginLimiter';

const SECRET = 'test-secret-that-is-long-enough-0123456789'; // the one test/support/app uses

describe(`two instances on one PostgreSQL (${testDialect})`, function () {
  this.timeout(60_000);
  if (testDialect !== 'postgres') {
    it('runs only on PostgreSQL: set TEST_DATABASE_URL (SQLite serves one process)');
    return;
  }
  let t: TestApp;
  let cast: Cast;
  let second: Database;
  const servers: Server[] = [];
  const bases: string[] = [];
  let turn = 0;
  /** the round-robin client: each request goes to the next instance */
  const rr = (path: string, init: RequestInit = {}) => fetch(bases[turn++ % bases.length] + path, init);

  before(async () => {
    t = await testApp();
    cast = await makeCast(t);
    second = openDatabase({ databaseUrl: t.db.location.databaseUrl });
    const logger = pino({ level: 'silent' });
    // the second instance's audit key: the same as the first's (one DATA_DIR here; AUDIT_KEY in production)
    await openAudit(second, t.config, logger);
    const apps = [t.app, createApp({ db: second, config: t.config, logger, sessionSecret: SECRET })];
    for (const app of apps) {
      const s = app.listen(0, '127.0.0.1');
      await new Promise((r) => s.once('listening', r));
      servers.push(s);
      bases.push(`http://127.0.0.1:${(s.address() as AddressInfo).port}`);
    }
  });
  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    await second?.close();
    await t?.close();
  });

  async function login(email: string, password = PASSWORD) {
    return rr('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  }

  it('keeps a session made on one instance on both, and a logout ends it on both', async () => {
    const res = await login('lead@test.example');
    expect(res.status).to.equal(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    for (let i = 0; i < 6; i++) {
      const me = await rr('/api/me', { headers: { cookie } });
      expect(me.status, `request ${i}`).to.equal(200);
      expect(((await me.json()) as { user: { email: string } }).user.email).to.equal('lead@test.example');
    }
    expect((await rr('/api/logout', { method: 'POST', headers: { cookie } })).status).to.equal(204);
    for (let i = 0; i < 2; i++) expect((await rr('/api/me', { headers: { cookie } })).status).to.equal(401);
  });

  it('shares the sign-in lock: failures on both instances add up, and both refuse', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) expect((await login('co@test.example', 'wrong password')).status).to.equal(401);
    expect((await login('co@test.example')).status).to.equal(429);
    expect((await login('co@test.example')).status).to.equal(429);
  });

  it('gives exactly one 200 among concurrent If-Match edits of one value through both instances, and loses no update', async () => {
    const id = await createGoldAssessment(cast);
    const cookie = (await login('lead@test.example')).headers.get('set-cookie')!.split(';')[0];
    const v = ((await (await rr(`/api/assessments/${id}`, { headers: { cookie } })).json()) as { version: number }).version;
    const edits = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        rr(`/api/assessments/${id}/values/STR-03`, {
          method: 'PUT',
          headers: { cookie, 'content-type': 'application/json', 'if-match': String(v) },
          body: JSON.stringify({ value: 100 + i }),
        }).then(async (r) => ({ status: r.status, i })),
      ),
    );
    const winners = edits.filter((e) => e.status === 200);
    expect(winners).to.have.length(1);
    expect(edits.filter((e) => e.status === 409)).to.have.length(9);
    const values = (await (await rr(`/api/assessments/${id}/values`, { headers: { cookie } })).json()) as {
      version: number;
      values: { indicatorId: string; value: unknown }[];
    };
    expect(values.version).to.equal(v + 1);
    expect(values.values.find((x: { indicatorId: string }) => x.indicatorId === 'STR-03')?.value).to.equal(100 + winners[0].i);
    // and without If-Match, concurrent writes all land: one version per write, none lost
    const blind = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        rr(`/api/assessments/${id}/values/FIN-01`, {
          method: 'PUT',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ value: i + 1, note: `n${i}` }),
        }),
      ),
    );
    expect(blind.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
    const after = (await (await rr(`/api/assessments/${id}`, { headers: { cookie } })).json()) as { version: number };
    expect(after.version).to.equal(v + 11);
    const audited = await t.db
      .knex('audit_log')
      .where({ entity_id: `${id}/FIN-01` })
      .count({ n: '*' })
      .first();
    expect(Number(audited!.n)).to.equal(10);
  });
});
