/**
 * Every route × every role, each expecting its status. Someone with no relation to an assessment gets
 * 404 (its existence is not revealed); a participant without the right gets 403; anonymous gets 401.
 * Each cell runs on a fresh assessment so that one role's success cannot change another's answer.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, makeCast, pdf, type Cast, type Who, VALID_ANSWERS, JUSTIFIED } from '../support/flow';

const WHO: Who[] = ['anonymous', 'admin', 'lead', 'co', 'other', 'trainee', 'manager', 'otherManager'];

interface Cell {
  name: string;
  expect: Partial<Record<Who, number>> & { default: number };
  call(agent: request.Agent, ctx: { id: number; docId: number; token: string; n: number; cast: Cast }): request.Test;
  state?: 'preparation' | 'review';
}

const everyoneSignedIn = (status: number) => ({ anonymous: 401, default: status });

const ROUTES: Cell[] = [
  {
    name: 'POST /api/users',
    expect: { anonymous: 401, admin: 201, default: 403 },
    call: (a, c) =>
      a.post('/api/users').send({ email: `new${c.n}@test.example`, name: 'New', password: 'long enough pw', role: 'trainee' }),
  },
  {
    name: 'GET /api/users',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, other: 200, default: 403 },
    call: (a) => a.get('/api/users'),
  },
  {
    name: 'POST /api/clusters',
    expect: { anonymous: 401, admin: 201, lead: 201, co: 201, other: 201, default: 403 },
    call: (a, c) => a.post('/api/clusters').send({ name: `C${c.n}`, country: 'NO', sector: 'Energy', foundedYear: 2010 }),
  },
  {
    name: 'GET /api/clusters/:id',
    expect: { anonymous: 401, otherManager: 404, default: 200 },
    call: (a, c) => a.get(`/api/clusters/${c.cast.clusterId}`),
  },
  {
    // the cluster's labels and cycles: the admin, its benchmarkers and its manager (services/clusterHistory.ts)
    name: 'GET /api/clusters/:id/history',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, manager: 200, default: 404 },
    call: (a, c) => a.get(`/api/clusters/${c.cast.clusterId}/history`),
  },
  { name: 'GET /api/frameworks', expect: everyoneSignedIn(200), call: (a) => a.get('/api/frameworks') },
  {
    name: 'POST /api/assessments',
    expect: { anonymous: 401, admin: 201, lead: 201, co: 201, other: 201, default: 403 },
    call: (a, c) =>
      a.post('/api/assessments').send({
        clusterId: c.cast.clusterId,
        frameworkId: c.cast.frameworkId,
        requestedLabel: 'bronze',
        leadId: c.cast.ids.lead,
        interviewDate: '2026-03-14',
      }),
  },
  {
    name: 'GET /api/team-check',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, other: 200, default: 403 },
    call: (a, c) =>
      a.get(
        `/api/team-check?clusterId=${c.cast.clusterId}&frameworkId=${c.cast.frameworkId}&requestedLabel=gold&leadId=${c.cast.ids.lead}`,
      ),
  },
  {
    name: 'GET /api/assessments/:id',
    expect: { anonymous: 401, other: 404, otherManager: 404, default: 200 },
    call: (a, c) => a.get(`/api/assessments/${c.id}`),
  },
  {
    name: 'PATCH /api/assessments/:id',
    expect: { anonymous: 401, admin: 200, lead: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.patch(`/api/assessments/${c.id}`).send({ onSite: false }),
  },
  {
    name: 'POST /api/assessments/:id/transitions',
    expect: { anonymous: 401, admin: 200, lead: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.post(`/api/assessments/${c.id}/transitions`).send({ to: 'interview' }),
  },
  {
    name: 'PUT /api/assessments/:id/values/:indicator',
    expect: { anonymous: 401, lead: 200, co: 200, manager: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.put(`/api/assessments/${c.id}/values/STR-02`).send({ value: 4 }),
  },
  {
    name: 'GET /api/assessments/:id/values',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, manager: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/values`),
  },
  {
    // last cycle's values (none here: no previous assessment), never for a trainee (services/baseline.ts)
    name: 'GET /api/assessments/:id/baseline',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, manager: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/baseline`),
  },
  {
    // the assessors only; 404 here for them: the assessment has no previous cycle to keep a value from
    name: 'POST /api/assessments/:id/values/:indicator/keep-baseline',
    expect: { anonymous: 401, lead: 404, co: 404, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.post(`/api/assessments/${c.id}/values/STR-02/keep-baseline`),
  },
  {
    name: 'PUT /api/assessments/:id/agreed/:indicator',
    expect: { anonymous: 401, lead: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.put(`/api/assessments/${c.id}/agreed/STR-02`).send({ value: 4, reason: 'Agreed in the review.' }),
  },
  {
    name: 'PUT /api/assessments/:id/shadow/:indicator',
    expect: { anonymous: 401, trainee: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.put(`/api/assessments/${c.id}/shadow/STR-02`).send({ value: 3 }),
  },
  {
    name: 'POST /api/assessments/:id/documents',
    expect: { anonymous: 401, manager: 201, lead: 201, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.post(`/api/assessments/${c.id}/documents`).field('item', 'D-01').attach('file', pdf('x'), 'x.pdf'),
  },
  {
    name: 'GET /api/assessments/:id/documents/:docId',
    expect: { anonymous: 401, other: 404, otherManager: 404, default: 200 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/documents/${c.docId}`),
  },
  {
    name: 'POST /api/assessments/:id/documents/:docId/review',
    expect: { anonymous: 401, lead: 200, co: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.post(`/api/assessments/${c.id}/documents/${c.docId}/review`).send({ status: 'accepted' }),
  },
  {
    name: 'POST /api/assessments/:id/survey',
    expect: { anonymous: 401, manager: 201, lead: 201, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.post(`/api/assessments/${c.id}/survey`).send({ invited: 20 }),
  },
  {
    name: 'POST /api/survey/:token',
    expect: { default: 201 },
    call: (a, c) => a.post(`/api/survey/${c.token}`).send({ answers: { ...VALID_ANSWERS } }),
  },
  {
    name: 'POST /api/assessments/:id/improvement-areas',
    expect: { anonymous: 401, manager: 201, lead: 201, other: 404, otherManager: 404, default: 403 },
    call: (a, c) =>
      a
        .post(`/api/assessments/${c.id}/improvement-areas`)
        .send({ title: 'IA', description: 'What changed', indicators: ['SRV-06'], documents: ['D-13'] }),
  },
  {
    name: 'GET /api/assessments/:id/score',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/score`),
  },
  {
    name: 'POST /api/assessments/:id/decision (Bronze, in review)',
    state: 'review',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.post(`/api/assessments/${c.id}/decision`).send(JUSTIFIED),
  },
  {
    name: 'GET /api/assessments/:id/calibration (before the decision)',
    expect: { anonymous: 401, admin: 200, lead: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/calibration`),
  },
  {
    name: 'GET /api/assessments/:id/report.pdf (draft)',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/report.pdf`),
  },
  {
    name: 'GET /api/assessments/:id/report.docx (draft)',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/report.docx`),
  },
  {
    name: 'GET /api/assessments/:id/action-plan.xlsx (draft)',
    expect: { anonymous: 401, admin: 200, lead: 200, co: 200, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/action-plan.xlsx`),
  },
  {
    name: 'GET /api/assessments/:id/certificate.pdf (no label yet)',
    expect: { anonymous: 401, admin: 409, lead: 409, co: 409, other: 404, otherManager: 404, default: 403 },
    call: (a, c) => a.get(`/api/assessments/${c.id}/certificate.pdf`),
  },
  {
    name: 'GET /verify/:code (unknown code)',
    expect: { default: 404 },
    call: (a) => a.get('/verify/CM-AAAA-BBBB-CCCC').set('Accept', 'application/json'),
  },
];

describe(`authorisation matrix: every route × every role (${testDialect})`, function () {
  this.timeout(120_000);
  let t: TestApp;
  let cast: Cast;
  let n = 0;
  before(async () => {
    t = await testApp({ SURVEY_RATE_LIMIT: '100000' });
    cast = await makeCast(t);
  });
  after(() => t.close());

  async function fixture(state: Cell['state']) {
    let id: number;
    if (state === 'review') {
      const res = await expectStatus(
        cast.agents.lead.post('/api/assessments').send({
          clusterId: cast.clusterId,
          frameworkId: cast.frameworkId,
          requestedLabel: 'bronze',
          leadId: cast.ids.lead,
          coAssessorId: cast.ids.co,
          traineeIds: [cast.ids.trainee],
          interviewDate: '2026-03-14',
        }),
        201,
      );
      id = res.body.id;
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
    } else {
      id = await createGoldAssessment(cast);
    }
    const doc = await expectStatus(
      cast.agents.lead
        .post(`/api/assessments/${id}/documents`)
        .field('item', 'D-04')
        .attach('file', pdf(`d${id}`), 'd.pdf'),
      201,
    );
    const survey =
      state === 'review' ? null : await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/survey`).send({ invited: 50 }), 201);
    return { id, docId: doc.body.id as number, token: (survey?.body.token as string) ?? 'none' };
  }

  for (const route of ROUTES) {
    describe(route.name, () => {
      for (const who of WHO) {
        const status = route.expect[who] ?? route.expect.default;
        it(`${who} → ${status}`, async () => {
          const f = await fixture(route.state);
          const res = await route.call(cast.agents[who], { ...f, n: ++n, cast });
          expect(res.status, JSON.stringify(res.body)).to.equal(status);
          if (status >= 400) expect(res.body.error?.code, 'error format').to.be.a('string');
        });
      }
    });
  }
});
