import { expect } from 'chai';
import type session from 'express-session';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import request from 'supertest';
import { KnexSessionStore, TOUCH_SLACK_MS } from '../../server/auth/sessionStore';
import { testApp } from '../support/app';

const HOUR = 60 * 60 * 1000;
const data = (expires: number) =>
  ({
    cookie: { originalMaxAge: 8 * HOUR, expires: new Date(expires).toISOString(), httpOnly: true, path: '/' },
    userId: 7,
  }) as unknown as session.SessionData;

describe(`session store (${testDialect})`, () => {
  let db: TestDatabase;
  before(async () => {
    db = await freshDatabase();
  });
  after(() => db.drop());

  const call = <T>(f: (cb: (err: unknown, value?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value))));
  const storedExpiry = async (sid: string) => Number((await db.knex('sessions').where({ sid }).first('expires_at')).expires_at);

  /** the statements that write the sessions table while `run` runs */
  async function writesDuring(run: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (/^(update|insert|delete)/i.test(q.sql) && /sessions/.test(q.sql)) seen.push(q.sql);
    };
    db.knex.on('query', onQuery);
    try {
      await run();
    } finally {
      db.knex.off('query', onQuery);
    }
    return seen;
  }

  it('moves the stored expiry only when it gains more than the slack, without a query otherwise', async () => {
    const store = new KnexSessionStore(db.knex);
    const start = Date.now() + 8 * HOUR;
    await call((cb) => store.set('s1', data(start), cb));
    expect(await storedExpiry('s1')).to.equal(start);
    // a touch within the slack: nothing written, not even an update that changes nothing
    expect(await writesDuring(() => call((cb) => store.touch('s1', data(start + TOUCH_SLACK_MS - 1000), cb)))).to.deep.equal([]);
    expect(await storedExpiry('s1')).to.equal(start);
    // beyond the slack: one update
    const later = start + TOUCH_SLACK_MS + 1000;
    expect(await writesDuring(() => call((cb) => store.touch('s1', data(later), cb)))).to.have.length(1);
    expect(await storedExpiry('s1')).to.equal(later);
    expect(((await call<session.SessionData | null>((cb) => store.get('s1', cb))) as { userId?: number })?.userId).to.equal(7);
  });

  it('a second instance that knows an older expiry updates at most once and never moves the expiry back', async () => {
    const a = new KnexSessionStore(db.knex);
    const b = new KnexSessionStore(db.knex);
    const start = Date.now() + 8 * HOUR;
    await call((cb) => a.set('s2', data(start), cb));
    await call((cb) => b.get('s2', cb)); // b knows `start`
    const moved = start + 10 * TOUCH_SLACK_MS;
    await call((cb) => a.touch('s2', data(moved), cb)); // a moves it on
    // b's touch is beyond the slack of what b knows: it asks the database, which keeps the later expiry
    await call((cb) => b.touch('s2', data(moved - TOUCH_SLACK_MS / 2), cb));
    expect(await storedExpiry('s2')).to.equal(moved);
    // and b now needs no query for that expiry again
    expect(await writesDuring(() => call((cb) => b.touch('s2', data(moved - TOUCH_SLACK_MS / 2), cb)))).to.deep.equal([]);
  });

  it('a destroyed or expired session is gone', async () => {
    const store = new KnexSessionStore(db.knex);
    await call((cb) => store.set('s3', data(Date.now() + HOUR), cb));
    await call((cb) => store.destroy('s3', cb));
    expect(await call((cb) => store.get('s3', cb))).to.equal(null);
    await call((cb) => store.set('s4', data(Date.now() - 1000), cb));
    expect(await call((cb) => store.get('s4', cb))).to.equal(null);
  });

  it('keeps a session without a cookie expiry for the idle time it is given, SESSION_IDLE_MINUTES in the app', async () => {
    const store = new KnexSessionStore(db.knex, 30 * 60 * 1000);
    const noExpiry = { cookie: { originalMaxAge: null, httpOnly: true, path: '/' }, userId: 7 } as unknown as session.SessionData;
    const before = Date.now();
    await call((cb) => store.set('s5', noExpiry, cb));
    expect(await storedExpiry('s5')).to.be.within(before + 30 * 60 * 1000, Date.now() + 30 * 60 * 1000);

    const t = await testApp({ SESSION_IDLE_MINUTES: '45' });
    try {
      await t.user({ email: 'idle@test.example', role: 'trainee' });
      const start = Date.now();
      const login = await request(t.app).post('/api/login').send({ email: 'idle@test.example', password: 'correct horse battery' });
      expect(login.status).to.equal(200);
      const sid = decodeURIComponent(/cm\.sid=([^;]+)/.exec(login.headers['set-cookie'][0])![1])
        .slice(2)
        .split('.')[0];
      const stored = Number((await t.db.knex('sessions').where({ sid }).first('expires_at')).expires_at);
      expect(stored).to.be.within(start + 45 * 60 * 1000, Date.now() + 45 * 60 * 1000);
    } finally {
      await t.close();
    }
  });
});
