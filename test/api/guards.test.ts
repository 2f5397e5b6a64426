import { expect } from 'chai';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, makeCast, pdf, type Cast, VALID_ANSWERS, JUSTIFIED } from '../support/flow';
import request from 'supertest';
import { MAX_FAILURES } from '../../server/auth/loginLimiter';
import { SESSION_IDLE_MS, TOUCH_SLACK_MS } from '../../server/auth/sessionStore';

describe(`workflow guards (${testDialect})`, function () {
  this.timeout(60_000);
  let t: TestApp;
  let cast: Cast;
  before(async () => {
    t = await testApp({ MAX_UPLOAD_MB: '1', SURVEY_RATE_LIMIT: '1000' });
    cast = await makeCast(t);
  });
  after(() => t.close());

  describe('optimistic concurrency', () => {
    it('answers a stale If-Match with 409 and keeps the first write', async () => {
      const id = await createGoldAssessment(cast);
      const v = (await cast.agents.lead.get(`/api/assessments/${id}`)).body.version;
      await expectStatus(cast.agents.lead.put(`/api/assessments/${id}/values/STR-03`).set('If-Match', String(v)).send({ value: 40 }), 200);
      const stale = await expectStatus(
        cast.agents.co.put(`/api/assessments/${id}/values/STR-03`).set('If-Match', String(v)).send({ value: 99 }),
        409,
      );
      expect(stale.body.error.code).to.equal('stale_version');
      expect(stale.body.error.details.version).to.equal(v + 1);
      const values = (await cast.agents.lead.get(`/api/assessments/${id}/values`)).body.values;
      expect(values.map((x: { value: unknown }) => x.value)).to.deep.equal([40]);
    });

    it('gives exactly one winner among concurrent writers of the same version', async () => {
      const id = await createGoldAssessment(cast);
      const v = (await cast.agents.lead.get(`/api/assessments/${id}`)).body.version;
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((i) =>
          cast.agents[i % 2 ? 'lead' : 'co']
            .put(`/api/assessments/${id}/values/STR-03`)
            .set('If-Match', String(v))
            .send({ value: 20 + i }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).to.have.length(1);
      expect(results.filter((r) => r.status === 409)).to.have.length(4);
      expect((await cast.agents.lead.get(`/api/assessments/${id}`)).body.version).to.equal(v + 1);
    });

    it('decides a Gold assessment exactly once when both assessors confirm at the same moment', async () => {
      const id = await createGoldAssessment(cast);
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
      const [a, b] = await Promise.all([
        cast.agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED),
        cast.agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED),
      ]);
      expect([a.status, b.status].sort()).to.deep.equal([200, 202]);
      expect((await cast.agents.lead.get(`/api/assessments/${id}`)).body.state).to.equal('decided');
      const decisions = await t.db.knex('decisions').where({ assessment_id: id }).count({ n: '*' }).first();
      expect(Number(decisions!.n)).to.equal(1);
    });

    it('refuses an If-Match that is not a version', async () => {
      const id = await createGoldAssessment(cast);
      await expectStatus(
        cast.agents.lead.put(`/api/assessments/${id}/values/STR-03`).set('If-Match', 'yesterday').send({ value: 40 }),
        400,
      );
    });
  });

  describe('values', () => {
    const bad: [string, unknown][] = [
      ['STR-02', 6],
      ['STR-02', 'L4'],
      ['STR-01', 101],
      ['STR-01', { numerator: 5, denominator: 3 }],
      ['STR-03', -1],
      ['STR-03', 2.5],
      ['SRV-09', 4],
      ['MGT-07', 'cooperative'],
      ['STR-04', { notApplicable: true }],
    ];
    for (const [indicator, value] of bad) {
      it(`refuses ${JSON.stringify(value)} for ${indicator} with 400 and stores nothing`, async () => {
        const id = await createGoldAssessment(cast);
        const res = await expectStatus(cast.agents.lead.put(`/api/assessments/${id}/values/${indicator}`).send({ value }), 400);
        expect(res.body.error.code).to.equal('invalid_input');
        expect((await cast.agents.lead.get(`/api/assessments/${id}/values`)).body.values).to.deep.equal([]);
        expect((await cast.agents.lead.get(`/api/assessments/${id}`)).body.version).to.equal(1);
      });
    }
    it('answers an unknown indicator with 404', async () => {
      const id = await createGoldAssessment(cast);
      await expectStatus(cast.agents.lead.put(`/api/assessments/${id}/values/XYZ-99`).send({ value: 1 }), 404);
    });
    it('keeps the manager self-assessment apart from the assessors values', async () => {
      const id = await createGoldAssessment(cast);
      await expectStatus(cast.agents.manager.put(`/api/assessments/${id}/values/STR-03`).send({ value: 150 }), 200);
      await expectStatus(cast.agents.lead.put(`/api/assessments/${id}/values/STR-03`).send({ value: 120 }), 200);
      const mine = (await cast.agents.manager.get(`/api/assessments/${id}/values`)).body.values;
      expect(mine).to.have.length(1);
      expect(mine[0]).to.include({ kind: 'self', value: 150 });
      const score = (await cast.agents.lead.get(`/api/assessments/${id}/score`)).body;
      expect(score.indicators.find((i: { id: string }) => i.id === 'STR-03').value).to.equal(120);
    });
  });

  describe('team and lifecycle rules', () => {
    it('refuses a lead whose certification is below the requested label', async () => {
      const res = await expectStatus(
        cast.agents.admin.post('/api/assessments').send({
          clusterId: cast.clusterId,
          frameworkId: cast.frameworkId,
          requestedLabel: 'gold',
          leadId: cast.ids.co,
          interviewDate: '2026-03-14',
        }),
        400,
      );
      expect(res.body.error.details[0].path).to.equal('/leadId');
    });
    it('needs a co-assessor before a Gold interview', async () => {
      const id = await createGoldAssessment(cast, { coAssessorId: null });
      const res = await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 409);
      expect(res.body.error.code).to.equal('precondition_failed');
    });
    it('refuses a transition that the lifecycle does not have', async () => {
      const id = await createGoldAssessment(cast);
      const res = await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'released' }), 409);
      expect(res.body.error.details.allowed).to.deep.equal(['interview', 'cancelled']);
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'decided' }), 409);
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 409);
    });
    it('makes a cancelled assessment final', async () => {
      const id = await createGoldAssessment(cast);
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'cancelled' }), 200);
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'preparation' }), 409);
      await expectStatus(cast.agents.lead.put(`/api/assessments/${id}/values/STR-03`).send({ value: 40 }), 409);
    });
  });

  describe('documents', () => {
    it('refuses a file over the upload limit with 413', async () => {
      const id = await createGoldAssessment(cast);
      const big = Buffer.concat([pdf('big'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
      const res = await expectStatus(
        cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', 'D-01').attach('file', big, 'big.pdf'),
        413,
      );
      expect(res.body.error.code).to.equal('too_large');
      expect(await t.db.knex('documents').where({ assessment_id: id }).count({ n: '*' }).first()).to.deep.include({
        n: testDialect === 'postgres' ? '0' : 0,
      });
    });
    it('judges the type by the content, not the name (415)', async () => {
      const id = await createGoldAssessment(cast);
      const res = await expectStatus(
        cast.agents.manager
          .post(`/api/assessments/${id}/documents`)
          .field('item', 'D-01')
          .attach('file', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'strategy.pdf'),
        415,
      );
      expect(res.body.error.code).to.equal('unsupported_type');
      const png = Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e80000000049454e44ae426082',
        'hex',
      );
      await expectStatus(
        cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', 'D-01').attach('file', png, 'screenshot.txt'),
        201,
      );
    });
    it('refuses an unknown checklist item and a missing file', async () => {
      const id = await createGoldAssessment(cast);
      await expectStatus(
        cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', 'D-99').attach('file', pdf('a'), 'a.pdf'),
        400,
      );
      await expectStatus(cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', 'D-01'), 400);
      await expectStatus(cast.agents.manager.post(`/api/assessments/${id}/documents`).send({ item: 'D-01' }), 415);
    });
    it('stores the same content once', async () => {
      const id = await createGoldAssessment(cast);
      const a = await expectStatus(
        cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', 'D-01').attach('file', pdf('same'), 'a.pdf'),
        201,
      );
      const b = await expectStatus(
        cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', 'D-02').attach('file', pdf('same'), 'b.pdf'),
        201,
      );
      expect(a.body.sha256).to.equal(b.body.sha256);
      const blobs = await t.db.knex('blobs').where({ sha256: a.body.sha256 }).count({ n: '*' }).first();
      expect(Number(blobs!.n)).to.equal(1);
    });
  });

  describe('survey', () => {
    it('answers a forged token with 404 and a token of another survey is not reusable after a new link', async () => {
      const id = await createGoldAssessment(cast);
      await expectStatus(
        cast.agents.anonymous.post('/api/survey/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').send({ answers: { ...VALID_ANSWERS } }),
        404,
      );
      await expectStatus(cast.agents.anonymous.post('/api/survey/../../etc').send({ answers: { ...VALID_ANSWERS } }), 404);
      const first = (await expectStatus(cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 3 }), 201)).body.token;
      await expectStatus(cast.agents.anonymous.post(`/api/survey/${first}`).send({ answers: { ...VALID_ANSWERS } }), 201);
      const second = (await expectStatus(cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 3 }), 201)).body.token;
      const reused = await expectStatus(cast.agents.anonymous.post(`/api/survey/${first}`).send({ answers: { ...VALID_ANSWERS } }), 409);
      expect(reused.body.error.code).to.equal('survey_closed');
      // closed is said first, whatever the answers
      expect(
        (await expectStatus(cast.agents.anonymous.post(`/api/survey/${first}`).send({ answers: { ...VALID_ANSWERS, Q7: 99 } }), 409)).body
          .error.code,
      ).to.equal('survey_closed');
      await expectStatus(cast.agents.anonymous.post(`/api/survey/${second}`).send({ answers: { ...VALID_ANSWERS } }), 201);
    });
    it('takes no more responses than organisations invited', async () => {
      const id = await createGoldAssessment(cast);
      const token = (await cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 2 })).body.token;
      await expectStatus(cast.agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } }), 201);
      await expectStatus(cast.agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS, Q7: 5 } }), 201);
      const full = await expectStatus(
        cast.agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS, Q7: 5 } }),
        409,
      );
      expect(full.body.error.code).to.equal('survey_full');
    });
    it('never takes more responses than invited, however many arrive at once', async () => {
      const id = await createGoldAssessment(cast);
      const token = (await cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 3 })).body.token;
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => cast.agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } })),
      );
      expect(answers.map((r) => r.status).sort()).to.deep.equal([201, 201, 201, ...Array(9).fill(409)]);
      const survey = await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/survey`), 200);
      expect(survey.body).to.include({ invited: 3, responses: 3 });
    });
    it('the survey form, too, never takes more responses than invited when they arrive at once', async () => {
      const id = await createGoldAssessment(cast);
      const token = (await cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 2 })).body.token;
      const posts = await Promise.all(
        Array.from({ length: 8 }, () =>
          cast.agents.anonymous.post(`/survey/${token}`).type('form').send({ Q1: 'companies', Q7: '4', Q8: '4', Q9: '4', Q10: '4' }),
        ),
      );
      expect(posts.map((r) => r.status).sort()).to.deep.equal([303, 303, ...Array(6).fill(409)]);
      const survey = await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/survey`), 200);
      expect(survey.body).to.include({ invited: 2, responses: 2 });
    });
    it('validates every answer against the framework survey', async () => {
      const id = await createGoldAssessment(cast);
      const token = (await cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 50 })).body.token;
      const res = await expectStatus(
        cast.agents.anonymous
          .post(`/api/survey/${token}`)
          .send({ answers: { Q7: 6, Q8: 4, Q9: 4, Q10: 4, Q11: 4, Q4: 'yes', Q1: 'aliens', Q99: 1 } }),
        400,
      );
      expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).to.deep.equal([
        '/answers/Q1',
        '/answers/Q4',
        '/answers/Q7',
        '/answers/Q99',
      ]);
      await expectStatus(cast.agents.anonymous.post(`/api/survey/${token}`).send({ answers: {} }), 400);
    });
  });

  describe('sign-in', () => {
    it('refuses bad credentials with 401 and locks the account after repeated failures (429), even for the right password', async () => {
      await t.user({ email: 'victim@test.example', role: 'trainee' });
      for (let i = 0; i < MAX_FAILURES; i++) {
        await expectStatus(
          cast.agents.anonymous.post('/api/login').send({ email: 'victim@test.example', password: 'wrong password' }),
          401,
        );
      }
      const locked = await expectStatus(
        cast.agents.anonymous.post('/api/login').send({ email: 'victim@test.example', password: 'correct horse battery' }),
        429,
      );
      expect(locked.headers['retry-after']).to.match(/^[0-9]+$/);
      const rows = await t.db.knex('login_attempts').where({ key: 'email:victim@test.example' }).first();
      expect(Number(rows.failures)).to.equal(MAX_FAILURES);
    });
    it('sets an http-only session cookie and forgets the session at logout', async () => {
      const res = await expectStatus(
        cast.agents.anonymous.post('/api/login').send({ email: 'lead@test.example', password: 'correct horse battery' }),
        200,
      );
      expect(res.headers['set-cookie'][0])
        .to.match(/HttpOnly/)
        .and.match(/SameSite=Lax/);
      await expectStatus(cast.agents.anonymous.post('/api/logout'), 204);
      await expectStatus(cast.agents.anonymous.get('/api/me'), 401);
    });
    it('sends the cookie once, without an expiry of its own, and ends a session idle for longer than the timeout', async () => {
      const agent = request.agent(t.app);
      const login = await expectStatus(
        agent.post('/api/login').send({ email: 'lead@test.example', password: 'correct horse battery' }),
        200,
      );
      expect(login.headers['set-cookie'][0]).not.to.match(/Expires=|Max-Age=/i);
      // signed-in answers, reads and writes alike, carry no Set-Cookie
      const id = await createGoldAssessment(cast);
      for (const res of [
        await expectStatus(agent.get('/api/me'), 200),
        await expectStatus(agent.put(`/api/assessments/${id}/values/STR-03`).send({ value: 12 }), 200),
      ]) {
        expect(res.headers['set-cookie']).to.equal(undefined);
      }
      // the server keeps the session for the idle timeout from the last request
      const sid = decodeURIComponent(/cm\.sid=([^;]+)/.exec(login.headers['set-cookie'][0])![1])
        .slice(2)
        .split('.')[0];
      const stored = Number((await t.db.knex('sessions').where({ sid }).first('expires_at')).expires_at);
      expect(stored).to.be.within(Date.now() + SESSION_IDLE_MS - TOUCH_SLACK_MS - 60_000, Date.now() + SESSION_IDLE_MS);
      // idle for longer: the session is over
      await t.db
        .knex('sessions')
        .where({ sid })
        .update({ expires_at: Date.now() - 1 });
      await expectStatus(agent.get('/api/me'), 401);
    });
    it('leaves the session alone on the anonymous survey API and the health check', async () => {
      const agent = request.agent(t.app);
      const login = await expectStatus(
        agent.post('/api/login').send({ email: 'lead@test.example', password: 'correct horse battery' }),
        200,
      );
      const sid = decodeURIComponent(/cm\.sid=([^;]+)/.exec(login.headers['set-cookie'][0])![1])
        .slice(2)
        .split('.')[0];
      const id = await createGoldAssessment(cast);
      const token = (await expectStatus(cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 2 }), 201)).body.token;
      const soon = Date.now() + 60 * 60 * 1000;
      await t.db.knex('sessions').where({ sid }).update({ expires_at: soon });
      const expiry = async () => Number((await t.db.knex('sessions').where({ sid }).first('expires_at')).expires_at);
      // the cookie rides along, but these requests neither read nor move the session
      await expectStatus(agent.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } }), 201);
      await expectStatus(agent.get(`/api/survey/${token}`), 200);
      await expectStatus(agent.get('/api/health'), 200);
      expect(await expiry()).to.equal(soon);
      // a signed-in request does
      await expectStatus(agent.get('/api/me'), 200);
      expect(await expiry()).to.be.above(soon + 6 * 60 * 60 * 1000);
    });
  });
});

describe(`survey rate limit (${testDialect})`, function () {
  this.timeout(60_000);
  let t: TestApp;
  let cast: Cast;
  before(async () => {
    t = await testApp({ SURVEY_RATE_LIMIT: '5' });
    cast = await makeCast(t);
  });
  after(() => t.close());

  it('limits the submission rate per address (429)', async () => {
    const id = await createGoldAssessment(cast);
    const token = (await cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 100 })).body.token;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await cast.agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS, Q7: 3 } })).status);
    expect(statuses.slice(0, 5)).to.deep.equal([201, 201, 201, 201, 201]);
    expect(statuses.slice(5)).to.deep.equal([429, 429, 429]);
  });
});
