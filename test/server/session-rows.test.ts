/**
 * Session rows exist only for something worth keeping: an anonymous visit to the sign-in page stores
 * nothing, expired rows are deleted, and deactivating a user deletes their sessions, so that
 * reactivating them does not bring old cookies back.
 */
import { expect } from 'chai';
import request from 'supertest';
import type session from 'express-session';
import { KnexSessionStore } from '../../server/auth/sessionStore';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { tokenIn } from '../support/pages';

const count = async (t: TestApp) => Number((await t.db.knex('sessions').count({ n: '*' }).first())!.n);

describe(`session rows (${testDialect})`, () => {
  let t: TestApp;
  let adminId: number;
  let traineeId: number;
  before(async () => {
    t = await testApp();
    adminId = (await t.user({ email: 'admin@test.example', role: 'admin' })).id;
    traineeId = (await t.user({ email: 'trainee@test.example', role: 'trainee' })).id;
  });
  after(() => t.close());

  it('an anonymous GET /login stores no session and sets no session cookie; signing in with its form does', async () => {
    await t.db.knex('sessions').del();
    for (let i = 0; i < 5; i++) {
      const page = await request(t.app).get('/login');
      expect(page.status).to.equal(200);
      expect(String(page.headers['set-cookie'] ?? '')).not.to.contain('cm.sid');
    }
    const nb = await request(t.app).get('/login?lang=nb&next=/dashboard');
    expect(nb.status).to.equal(200);
    expect(await count(t)).to.equal(0);

    const agent = request.agent(t.app);
    const page = await agent.get('/login');
    const token = tokenIn(page.text);
    expect(token).to.match(/^[0-9a-f]{64}$/);
    // a wrong password shows the form again, still without a session
    const wrong = await agent.post('/login').type('form').send({ _csrf: token, email: 'trainee@test.example', password: 'wrong password' });
    expect(wrong.status).to.equal(401);
    expect(await count(t)).to.equal(0);
    const ok = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: tokenIn(wrong.text), email: 'trainee@test.example', password: 'correct horse battery' });
    expect(ok.status).to.equal(303);
    expect(await count(t)).to.equal(1);
    expect((await agent.get('/api/me')).body.user.id).to.equal(traineeId);
  });

  it('the sign-in form token is bound to the browser: another browser’s token, or none, is refused', async () => {
    const mine = request.agent(t.app);
    const theirs = request.agent(t.app);
    await mine.get('/login');
    const theirToken = tokenIn((await theirs.get('/login')).text);
    const forged = await mine
      .post('/login')
      .type('form')
      .send({ _csrf: theirToken, email: 'trainee@test.example', password: 'correct horse battery' });
    expect(forged.status).to.equal(403);
    const noCookie = await request(t.app)
      .post('/login')
      .type('form')
      .send({ _csrf: theirToken, email: 'trainee@test.example', password: 'correct horse battery' });
    expect(noCookie.status).to.equal(403);
    const crossSite = await theirs
      .post('/login')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ _csrf: theirToken, email: 'trainee@test.example', password: 'correct horse battery' });
    expect(crossSite.status).to.equal(403);
  });

  it('expired rows are deleted by the store’s sweep, also when nobody signs in (reads start it too)', async () => {
    const store = new KnexSessionStore(t.db.knex, 60_000, 0);
    const live = { cookie: { originalMaxAge: null, httpOnly: true, path: '/' }, userId: traineeId } as unknown as session.SessionData;
    await new Promise<void>((resolve, reject) => store.set('live-session', live, (err) => (err ? reject(err) : resolve())));
    await t.db.knex('sessions').insert({ sid: 'expired-session', sess: '{}', expires_at: Date.now() - 1000 });
    // a read, as every signed-in request does
    await new Promise<void>((resolve, reject) => store.get('live-session', (err) => (err ? reject(err) : resolve())));
    await new Promise((r) => setTimeout(r, 200));
    expect(await t.db.knex('sessions').where({ sid: 'expired-session' }).first()).to.equal(undefined);
    expect(await t.db.knex('sessions').where({ sid: 'live-session' }).first()).not.to.equal(undefined);
  });

  for (const via of ['API', 'dashboard'] as const) {
    it(`deactivating a user (${via}) ends their sessions; reactivating does not revive the old cookie`, async () => {
      const admin = await t.agent('admin@test.example');
      const trainee = await t.agent('trainee@test.example');
      expect((await trainee.get('/api/me')).status).to.equal(200);
      const setActive = async (active: boolean) => {
        if (via === 'API') {
          expect((await admin.patch(`/api/users/${traineeId}`).send({ active })).status).to.equal(200);
          return;
        }
        const page = await admin.get('/dashboard');
        const token = /name="_csrf" value="([0-9a-f]+)"/.exec(page.text)![1];
        expect(page.text, 'the dashboard has a form for the trainee').to.contain(`action="/admin/users/${traineeId}"`);
        const res = await admin
          .post(`/admin/users/${traineeId}`)
          .type('form')
          .send({ _csrf: token, ...(active ? { active: 'on' } : {}) });
        expect(res.status).to.be.oneOf([302, 303]);
        expect(Boolean((await t.db.knex('users').where({ id: traineeId }).first()).active)).to.equal(active);
      };
      await setActive(false);
      expect((await trainee.get('/api/me')).status).to.equal(401);
      await setActive(true);
      expect((await trainee.get('/api/me')).status).to.equal(401);
      expect(await t.db.knex('sessions').where({ user_id: traineeId })).to.have.length(0);
      expect((await admin.get('/api/me')).status).to.equal(200); // the admin's own session is untouched
      expect((await t.agent('trainee@test.example').then((a) => a.get('/api/me'))).status).to.equal(200);
    });
  }

  it('a session of a user made inactive behind the app’s back is refused all the same', async () => {
    const trainee = await t.agent('trainee@test.example');
    await t.db.knex('users').where({ id: traineeId }).update({ active: false });
    try {
      expect((await trainee.get('/api/me')).status).to.equal(401);
    } finally {
      await t.db.knex('users').where({ id: traineeId }).update({ active: true });
    }
    expect(adminId).to.be.a('number');
  });
});
