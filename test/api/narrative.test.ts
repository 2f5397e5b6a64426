/**
 * Issue 18, item 1: the expert's narrative. The lead writes it from the interview until the decision,
 * seeded from the engine's ranked recommendations; the co-assessor comments; a dropped recommendation
 * needs a reason; a write on an older version is refused (409); from the decision on it is read-only and
 * the report prints it (pdftotext), in the lead's order and wording, dropped ones left out.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { expectStatus, goldInReview, JUSTIFIED, suiteWithCast } from '../support/flow';
import { pdfText } from '../reports/poppler';

const binary = (res: import('superagent').Response, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe(`the expert's narrative (${testDialect})`, function () {
  this.timeout(180_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let id: number;
  const url = () => `/api/assessments/${id}/narrative`;
  before(async () => {
    ({ id } = await goldInReview(suite.cast));
  });

  const body = (version: number, over: Record<string, unknown> = {}) => ({
    version,
    summary: 'Fjordtech runs a lean, member-driven cluster management.',
    strengths: ['A clear strategy with measurable goals'],
    weaknesses: ['Few international partnerships'],
    areas: { STR: 'The strategy is written down and reviewed yearly.' },
    recommendations: [{ indicator: null, text: 'Open a partner office in Gothenburg.' }],
    ...over,
  });

  it('is seeded from the engine’s ranked recommendations while none is written; the team and the admin read it', async () => {
    const { agents } = suite.cast;
    const res = await expectStatus(agents.lead.get(url()), 200);
    expect(res.body).to.include({ version: 0, seeded: true, mayWrite: true, mayComment: false });
    expect(res.body.narrative.summary).to.equal('');
    expect(res.body.engine.length).to.be.greaterThan(0);
    expect(res.body.narrative.recommendations.map((r: { indicator: string }) => r.indicator)).to.deep.equal(
      res.body.engine.map((r: { indicator: string }) => r.indicator),
    );
    expect(res.body.narrative.recommendations[0].text).to.equal(res.body.engine[0].text);
    expect(res.body.areas.map((a: { code: string }) => a.code)).to.include('STR');
    for (const who of ['co', 'admin'] as const) await expectStatus(agents[who].get(url()), 200);
    const co = await agents.co.get(url());
    expect(co.body).to.include({ mayWrite: false, mayComment: true });
    // a trainee scores blind and reads it only from the decision on; the manager only once released
    await expectStatus(agents.trainee.get(url()), 403);
    await expectStatus(agents.manager.get(url()), 403);
    await expectStatus(agents.other.get(url()), 404);
    await expectStatus(agents.otherManager.get(url()), 404);
  });

  it('validates the body: lengths, counts, unknown fields, areas and indicators of the framework', async () => {
    const { agents } = suite.cast;
    const bad = [
      body(0, { summary: 'x'.repeat(6001) }),
      body(0, { strengths: Array.from({ length: 13 }, (_, i) => `s${i}`) }),
      body(0, { weaknesses: [''] }),
      body(0, { recommendations: [{ indicator: null, text: '' }] }),
      body(0, { recommendations: Array.from({ length: 41 }, () => ({ indicator: null, text: 'x' })) }),
      body(0, { recommendations: [{ indicator: 'str-01', text: 'x' }] }),
      body(0, { colour: 'red' }),
      { ...body(0), version: -1 },
      { summary: 'only a summary' },
    ];
    for (const b of bad) {
      const res = await expectStatus(agents.lead.put(url()).send(b), 400);
      expect(res.body.error.code, JSON.stringify(b).slice(0, 80)).to.equal('invalid_input');
    }
    const area = await expectStatus(agents.lead.put(url()).send(body(0, { areas: { XYZ: 'no such area' } })), 400);
    expect(area.body.error.message).to.equal('XYZ is not an area of this framework.');
    const ind = await expectStatus(
      agents.lead.put(`${url()}?lang=nb`).send(body(0, { recommendations: [{ indicator: 'STR-99', text: 'x' }] })),
      400,
    );
    expect(ind.body.error.message).to.equal('STR-99 er ikke en indikator i dette rammeverket.');
    expect((await agents.lead.get(url())).body.version).to.equal(0);
  });

  it('refuses a dropped recommendation without a reason, in the reader’s language', async () => {
    const { agents } = suite.cast;
    for (const reason of ['', '   ']) {
      const res = await expectStatus(
        agents.lead.put(`${url()}?lang=nb`).send(body(0, { recommendations: [{ indicator: null, text: 'x', dropped: { reason } }] })),
        400,
      );
      expect(res.body.error.message).to.equal('Anbefaling 1 er fjernet uten begrunnelse: skriv hvorfor den fjernes.');
      expect(res.body.error.details[0].path).to.equal('/recommendations/0/dropped/reason');
    }
  });

  it('lets only the lead write, on the version read; a stale version is refused with 409', async () => {
    const { agents } = suite.cast;
    const seed = (await agents.lead.get(url())).body;
    const [first, second, ...rest] = seed.narrative.recommendations;
    const recs = [
      { ...second, text: `${second.text} (reworded)` },
      first,
      ...rest.slice(0, 1).map((r: object) => ({ ...r, dropped: { reason: 'Already in the 2026 work plan.' } })),
      { indicator: null, text: 'Open a partner office in Gothenburg.' },
    ];
    for (const who of ['co', 'admin', 'trainee'] as const) await expectStatus(agents[who].put(url()).send(body(0)), 403);
    await expectStatus(agents.manager.put(url()).send(body(0)), 403);
    const saved = await expectStatus(agents.lead.put(url()).send(body(0, { recommendations: recs })), 200);
    expect(saved.body).to.include({ version: 1, seeded: false });
    expect(saved.body.narrative.recommendations).to.deep.equal(recs);
    const stale = await expectStatus(agents.lead.put(url()).send(body(0, { summary: 'lost update' })), 409);
    expect(stale.body.error.code).to.equal('version_conflict');
    // the co-assessor comments (a version of its own in the same sequence)
    await expectStatus(agents.lead.put(`${url()}/comment`).send({ comment: 'x', version: 1 }), 403);
    const commented = await expectStatus(
      agents.co.put(`${url()}/comment`).send({ comment: 'Agreed; add the survey’s view.', version: 1 }),
      200,
    );
    expect(commented.body).to.include({ version: 2, coComment: 'Agreed; add the survey’s view.' });
    expect(commented.body.narrative.summary).to.equal(body(0).summary);
    await expectStatus(agents.lead.put(url()).send(body(1)), 409);
    const audit = await suite.t.db.knex('audit_log').where({ action: 'narrative.write' }).count({ n: '*' }).first();
    expect(Number(audit!.n)).to.equal(1);
  });

  it('is read-only once decided; the report prints the narrative as it stood', async () => {
    const { agents } = suite.cast;
    const before = (await agents.lead.get(url())).body;
    await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 200);
    const refused = await expectStatus(agents.lead.put(url()).send(body(before.version)), 403);
    expect(refused.body.error.message).to.contain('decided');
    await expectStatus(agents.co.put(`${url()}/comment`).send({ comment: 'late', version: before.version }), 403);
    const after = await expectStatus(agents.lead.get(url()), 200);
    expect(after.body).to.include({ mayWrite: false, mayComment: false, version: before.version });
    expect(after.body.narrative).to.deep.equal(before.narrative);
    await expectStatus(agents.trainee.get(url()), 200);
    await expectStatus(agents.manager.get(url()), 403);

    const pdf = (await expectStatus(agents.lead.get(`/api/assessments/${id}/report.pdf?lang=en`).buffer(true).parse(binary), 200))
      .body as Buffer;
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).to.contain('Fjordtech runs a lean, member-driven cluster management.');
    expect(text).to.contain('A clear strategy with measurable goals');
    expect(text).to.contain('Few international partnerships');
    expect(text).to.contain('The strategy is written down and reviewed yearly.');
    expect(text).to.contain('Open a partner office in Gothenburg.');
    expect(text).to.contain('(reworded)');
    expect(text).to.not.contain('Already in the 2026 work plan.');
    // the lead's order: the reworded second engine recommendation first
    expect(text.indexOf('(reworded)')).to.be.lessThan(text.indexOf('Open a partner office'));
  });

  it('is kept in what the release freezes: a later change to the stored row does not reach the released report', async () => {
    const { agents } = suite.cast;
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'released' }), 200);
    await expectStatus(agents.manager.get(url()), 200);
    const row = await suite.t.db.knex('assessment_narratives').where({ assessment_id: id }).first();
    const body = JSON.parse(row.body);
    await suite.t.db
      .knex('assessment_narratives')
      .where({ assessment_id: id })
      .update({ body: JSON.stringify({ ...body, summary: 'Rewritten behind the release.' }) });
    const pdf = (await expectStatus(agents.manager.get(`/api/assessments/${id}/report.pdf?lang=en`).buffer(true).parse(binary), 200))
      .body as Buffer;
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).to.contain('Fjordtech runs a lean, member-driven cluster management.');
    expect(text).to.not.contain('Rewritten behind the release.');
  });
});
