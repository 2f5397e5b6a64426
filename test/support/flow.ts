/**
 * A standard cast and assessment for API tests: an admin, a Gold lead (DE), a Silver co-assessor (AT),
 * another benchmarker, a trainee, the cluster's manager and another cluster's manager, each signed in.
 */
import request from 'supertest';
import { testApp, type TestApp } from './app';
import example1 from '../../fixtures/evidence/example-1-gold.json';

export const EXAMPLE_1 = example1 as unknown as {
  values: Record<string, unknown>;
  survey: { invited: number; responses: Record<string, unknown>[] };
  documents: Record<string, string>;
};

/** The smallest valid PDF-looking content (magic bytes %PDF-) with something unique in it. */
/** The body of a decision (and of each Gold confirmation): a justification is required. */
export const JUSTIFIED = { justification: 'The evidence was checked against every rule.' };

export const pdf = (tag: string) => Buffer.from(`%PDF-1.4\n% ${tag}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

export type Who = 'anonymous' | 'admin' | 'lead' | 'co' | 'other' | 'trainee' | 'manager' | 'otherManager';

export interface Cast {
  agents: Record<Exclude<Who, 'anonymous'>, request.Agent> & { anonymous: request.Agent };
  ids: Record<Exclude<Who, 'anonymous'>, number>;
  clusterId: number;
  otherClusterId: number;
  frameworkId: number;
}

export async function makeCast(t: TestApp): Promise<Cast> {
  const knex = t.db.knex;
  const now = new Date().toISOString();
  const [c1] = await knex('clusters')
    .insert({
      name: 'Isarsensor Cluster',
      country: 'DE',
      sector: 'Electronics',
      founded_year: 2021,
      benchmark_consent: true,
      created_at: now,
    })
    .returning(['id']);
  const [c2] = await knex('clusters')
    .insert({ name: 'Otherland Cluster', country: 'NO', sector: 'Food', founded_year: 2015, benchmark_consent: false, created_at: now })
    .returning(['id']);
  const clusterId = Number(c1.id);
  const otherClusterId = Number(c2.id);
  const users = {
    admin: await t.user({ email: 'admin@test.example', role: 'admin' }),
    lead: await t.user({ email: 'lead@test.example', role: 'benchmarker', certification: 'gold', country: 'DE' }),
    co: await t.user({ email: 'co@test.example', role: 'benchmarker', certification: 'silver', country: 'AT' }),
    other: await t.user({ email: 'other@test.example', role: 'benchmarker', certification: 'gold', country: 'FR' }),
    trainee: await t.user({ email: 'trainee@test.example', role: 'trainee', country: 'DE' }),
    manager: await t.user({ email: 'manager@test.example', role: 'cluster_manager', clusterId }),
    otherManager: await t.user({ email: 'manager2@test.example', role: 'cluster_manager', clusterId: otherClusterId }),
  };
  const agents = { anonymous: request.agent(t.app) } as Cast['agents'];
  const ids = {} as Cast['ids'];
  for (const [who, u] of Object.entries(users) as [keyof typeof users, { id: number; email: string }][]) {
    agents[who] = await t.agent(u.email);
    ids[who] = u.id;
  }
  const fw = await knex('frameworks').where({ key: 'esca-default' }).first('id');
  return { agents, ids, clusterId, otherClusterId, frameworkId: Number(fw.id) };
}

/**
 * For a describe block: a fresh app on a fresh database with the standard cast, made before its tests
 * and closed after them. Read `suite.t` and `suite.cast` inside the tests.
 */
export function suiteWithCast(env: Record<string, string> = {}): { t: TestApp; cast: Cast } {
  const suite = {} as { t: TestApp; cast: Cast };
  before(async () => {
    suite.t = await testApp(env);
    suite.cast = await makeCast(suite.t);
  });
  after(() => suite.t?.close());
  return suite;
}

export async function createGoldAssessment(cast: Cast, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await cast.agents.lead.post('/api/assessments').send({
    clusterId: cast.clusterId,
    frameworkId: cast.frameworkId,
    requestedLabel: 'gold',
    leadId: cast.ids.lead,
    coAssessorId: cast.ids.co,
    traineeIds: [cast.ids.trainee],
    interviewDate: '2026-03-14',
    onSite: true,
    ...extra,
  });
  if (res.status !== 201) throw new Error(`create assessment: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function expectStatus(res: request.Response | Promise<request.Response>, status: number): Promise<request.Response> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r;
}

/**
 * A Gold assessment of FRAMEWORK.md example 1 brought to review over HTTP: every document uploaded and
 * accepted, the survey answered (its valid responses), lead and co-assessor recording the same values:
 * exactly 120 points, Gold once both assessors confirm. Returns the assessment id and the survey token.
 */
export async function goldInReview(cast: Cast): Promise<{ id: number; token: string }> {
  const id = await createGoldAssessment(cast);
  const { agents } = cast;
  for (const item of Object.keys(EXAMPLE_1.documents)) {
    await expectStatus(
      agents.manager.post(`/api/assessments/${id}/documents`).field('item', item).attach('file', pdf(item), `${item}.pdf`),
      201,
    );
  }
  const token = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: EXAMPLE_1.survey.invited }), 201))
    .body.token;
  const items = ['Q7', 'Q8', 'Q9', 'Q10', 'Q11', 'Q12', 'Q13'];
  for (const answers of EXAMPLE_1.survey.responses.filter((r) => items.filter((q) => Number.isInteger(r[q])).length >= 4)) {
    await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers }), 201);
  }
  await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
  for (const [indicator, value] of Object.entries(EXAMPLE_1.values)) {
    await expectStatus(agents.lead.put(`/api/assessments/${id}/values/${indicator}`).send({ value }), 200);
    await expectStatus(agents.co.put(`/api/assessments/${id}/values/${indicator}`).send({ value }), 200);
  }
  await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
  for (const d of (await agents.lead.get(`/api/assessments/${id}/documents`)).body) {
    await expectStatus(agents.co.post(`/api/assessments/${id}/documents/${d.id}/review`).send({ status: 'accepted' }), 200);
  }
  return { id, token };
}

/** The smallest valid survey response (§3.3.1 and the form's rule): the organisation type and four of Q7–Q13. */
export const VALID_ANSWERS: Record<string, string | number | boolean> = { Q1: 'companies', Q7: 4, Q8: 4, Q9: 4, Q10: 4 };
