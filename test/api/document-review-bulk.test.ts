/**
 * Reviewing several documents at once (issue 16, item 6): POST /api/assessments/:id/documents/review
 * with {ids, status, comment} is one transaction, all or nothing (an unknown, foreign or replaced file,
 * a closed assessment or a bad body leaves every document as it was), audited per document with one
 * version bump; only the lead and the co-assessor may review, a manager of another cluster learns
 * nothing; in review it withdraws a standing Gold confirmation like any evidence write.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, goldInReview, JUSTIFIED, pdf, suiteWithCast } from '../support/flow';

describe(`reviewing several documents at once (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  async function upload(id: number, item: string, name: string, agent?: request.Agent): Promise<number> {
    const m = agent ?? suite.cast.agents.manager;
    return (await expectStatus(m.post(`/api/assessments/${id}/documents`).field('item', item).attach('file', pdf(name), name), 201)).body
      .id;
  }
  const docs = async (id: number) =>
    (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/documents`), 200)).body as {
      id: number;
      item: string;
      status: string;
      reviewComment: string | null;
    }[];
  const version = async (id: number) => (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}`), 200)).body.version;
  const bulk = (agent: request.Agent, id: number, body: unknown) =>
    agent.post(`/api/assessments/${id}/documents/review`).send(body as object);

  it('reviews every file named in one call: one version bump, an audit entry per document, the items it touched', async () => {
    const id = await createGoldAssessment(suite.cast);
    const a = await upload(id, 'D-01', 'strategy.pdf');
    const b = await upload(id, 'D-09', 'cv-kari.pdf');
    const c = await upload(id, 'D-09', 'cv-ola.pdf');
    const untouched = await upload(id, 'D-02', 'plan.pdf');
    const v = await version(id);
    const res = await expectStatus(bulk(suite.cast.agents.co, id, { ids: [c, a, b], status: 'accepted', comment: '  Checked.  ' }), 200);
    expect(res.body.items).to.deep.equal({ 'D-01': 'accepted', 'D-09': 'accepted' });
    expect(
      res.body.documents.map((d: { id: number; status: string; reviewComment: string }) => [d.id, d.status, d.reviewComment]),
    ).to.deep.equal([
      [a, 'accepted', 'Checked.'],
      [b, 'accepted', 'Checked.'],
      [c, 'accepted', 'Checked.'],
    ]);
    expect((await docs(id)).map((d) => [d.id, d.status])).to.deep.equal([
      [a, 'accepted'],
      [b, 'accepted'],
      [c, 'accepted'],
      [untouched, 'uploaded'],
    ]);
    expect(await version(id)).to.equal(v + 1);
    const audit = await suite.t.db
      .knex('audit_log')
      .where({ action: 'document.review', entity: 'document' })
      .whereIn('entity_id', [a, b, c, untouched].map(String))
      .orderBy('id');
    expect(audit.map((e) => Number(e.entity_id)).sort((x, y) => x - y)).to.deep.equal([a, b, c]);
    for (const e of audit) {
      expect(JSON.parse(e.before)).to.deep.equal({ status: 'uploaded', comment: null });
      expect(JSON.parse(e.after)).to.deep.equal({ status: 'accepted', comment: 'Checked.' });
      expect(Number(e.actor_id)).to.equal(suite.cast.ids.co);
    }
  });

  it('writes nothing when one file is not a document of this assessment, or was replaced or removed', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const other = await createGoldAssessment(suite.cast);
    const a = await upload(id, 'D-01', 'a.pdf');
    const b = await upload(id, 'D-02', 'b.pdf');
    const foreign = await upload(other, 'D-01', 'foreign.pdf');
    const v = await version(id);
    const unknown = await expectStatus(bulk(agents.lead, id, { ids: [a, foreign, b, 2147483000], status: 'rejected' }), 404);
    expect(unknown.body.error.code).to.equal('not_found');
    expect(unknown.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['/ids/1', '/ids/3']);
    // b removed by the manager: a review that names it is refused whole
    await expectStatus(agents.manager.post(`/api/assessments/${id}/documents/${b}/withdraw`), 200);
    const v2 = await version(id);
    expect(v2).to.equal(v + 1);
    const gone = await expectStatus(bulk(agents.lead, id, { ids: [a, b], status: 'accepted' }), 409);
    expect(gone.body.error.code).to.equal('document_superseded');
    expect((await docs(id)).map((d) => d.status)).to.deep.equal(['uploaded', 'uploaded']);
    expect((await docs(other)).map((d) => d.status)).to.deep.equal(['uploaded']);
    expect(await version(id)).to.equal(v2);
    expect(
      await suite.t.db.knex('audit_log').where({ action: 'document.review' }).whereIn('entity_id', [a, b, foreign].map(String)),
    ).to.deep.equal([]);
  });

  it('validates the body: ids (1 to 200 distinct row ids), the status, the comment, nothing else', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const a = await upload(id, 'D-01', 'a.pdf');
    for (const body of [
      {},
      { ids: [], status: 'accepted' },
      { ids: [a, a], status: 'accepted' },
      { ids: [a], status: 'maybe' },
      { ids: [String(a)], status: 'accepted' },
      { ids: [0], status: 'accepted' },
      { ids: [a], status: 'accepted', comment: 'x'.repeat(5001) },
      { ids: [a], status: 'accepted', extra: true },
      { ids: Array.from({ length: 201 }, (_, i) => i + 1), status: 'accepted' },
      { ids: a, status: 'accepted' },
    ]) {
      const res = await expectStatus(bulk(agents.lead, id, body), 400);
      expect(res.body.error.code, JSON.stringify(body).slice(0, 80)).to.equal('invalid_input');
    }
    expect((await docs(id)).map((d) => d.status)).to.deep.equal(['uploaded']);
  });

  it('lets only the lead and the co-assessor review; a stranger to the assessment gets 404, nobody signed in 401', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const a = await upload(id, 'D-01', 'a.pdf');
    const expected: [keyof typeof agents, number][] = [
      ['anonymous', 401],
      ['admin', 403],
      ['trainee', 403],
      ['manager', 403],
      ['other', 404],
      ['otherManager', 404],
      ['lead', 200],
      ['co', 200],
    ];
    for (const [who, status] of expected) {
      const res = await bulk(agents[who], id, { ids: [a], status: who === 'lead' ? 'rejected' : 'accepted' });
      expect(res.status, `${who}: ${JSON.stringify(res.body)}`).to.equal(status);
    }
    // the co-assessor's review is the last one
    expect((await docs(id)).map((d) => d.status)).to.deep.equal(['accepted']);
    // the other cluster's manager cannot even see that the documents exist
    await expectStatus(agents.otherManager.get(`/api/assessments/${id}/documents`), 404);
    await expectStatus(agents.otherManager.get(`/api/assessments/${id}/documents/${a}/preview`), 404);
  });

  it('is refused once the assessment is closed (cancelled): 409 read_only', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const a = await upload(id, 'D-01', 'a.pdf');
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'cancelled' }), 200);
    const res = await expectStatus(bulk(agents.lead, id, { ids: [a], status: 'accepted' }), 409);
    expect(res.body.error.code).to.equal('read_only');
    expect((await docs(id)).map((d) => d.status)).to.deep.equal(['uploaded']);
  });

  it('withdraws a standing Gold confirmation in review, as every change to the evidence does', async () => {
    const { agents } = suite.cast;
    const { id } = await goldInReview(suite.cast);
    const all = await docs(id);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    await expectStatus(bulk(agents.co, id, { ids: all.slice(0, 2).map((d) => d.id), status: 'rejected', comment: 'Out of date' }), 200);
    const status = (await expectStatus(agents.lead.get(`/api/assessments/${id}/decision`), 200)).body;
    expect(status.confirmations).to.deep.equal([]);
    expect(status.withdrawn.map((w: { cause: string; causeSubject: string }) => [w.cause, w.causeSubject])).to.deep.equal([
      ['document.review', [all[0].item, all[1].item].sort().join(', ')],
    ]);
    // and the engine sees the two items rejected: no Gold on this evidence
    const score = (await expectStatus(agents.lead.get(`/api/assessments/${id}/score`), 200)).body;
    expect(score.label.awarded).to.not.equal('gold');
  });
});
