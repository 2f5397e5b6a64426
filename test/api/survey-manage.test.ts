/**
 * Issue 19, item 3: the survey management page for the manager and the lead — the link shown again
 * (sealed with the session secret), its QR code, the invitation text in nb, close/reopen and a
 * deadline that the public form and the API obey, the invited count without a new link. And item 4's
 * limit: a room of 80 answering from one address gets through, a flood does not.
 */
import { expect } from 'chai';
import request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, makeCast, suiteWithCast, VALID_ANSWERS } from '../support/flow';
import { testApp, type TestApp } from '../support/app';
import { openSealedToken, sealToken } from '../../server/services/survey';
import { tokenIn } from '../support/pages';

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

describe(`survey management page (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  async function withLink(invited = 40) {
    const id = await createGoldAssessment(suite.cast);
    const { token } = (await expectStatus(suite.cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited }), 201)).body;
    return { id, token: token as string };
  }

  async function post(agent: request.Agent, id: number, action: string, fields: Record<string, string> = {}) {
    const html = (await expectStatus(agent.get(`/assessments/${id}/survey`), 200)).text;
    await expectStatus(
      agent
        .post(`/assessments/${id}/survey/${action}`)
        .type('form')
        .send({ _csrf: tokenIn(html), ...fields }),
      303,
    );
    return (await expectStatus(agent.get(`/assessments/${id}/survey`), 200)).text;
  }

  it('is for the cluster’s manager and the lead; others get 403 or 404', async () => {
    const { agents } = suite.cast;
    const { id } = await withLink();
    await expectStatus(agents.manager.get(`/assessments/${id}/survey`), 200);
    await expectStatus(agents.lead.get(`/assessments/${id}/survey`), 200);
    await expectStatus(agents.trainee.get(`/assessments/${id}/survey`), 403);
    await expectStatus(agents.otherManager.get(`/assessments/${id}/survey`), 404);
    await expectStatus(agents.trainee.get(`/assessments/${id}/survey/qr.svg`), 403);
    await expectStatus(agents.otherManager.get(`/assessments/${id}/survey/qr.svg`), 404);
    const anon = await agents.anonymous.get(`/assessments/${id}/survey`);
    expect(anon.status).to.be.oneOf([302, 303, 401]);
    // the assessment page links to it
    expect((await expectStatus(agents.manager.get(`/assessments/${id}`), 200)).text).to.contain(`href="/assessments/${id}/survey"`);
  });

  it('shows the link again (every visit, with the language in it), with a QR code and the invitation in nb', async () => {
    const { agents } = suite.cast;
    const { id, token } = await withLink();
    for (let i = 0; i < 2; i++) {
      const html = decode((await expectStatus(agents.manager.get(`/assessments/${id}/survey`), 200)).text);
      expect(html).to.contain(`/survey/${token}?lang=en`);
      expect(html).to.contain(`/survey/${token}?lang=nb`);
    }
    const lead = decode((await expectStatus(agents.lead.get(`/assessments/${id}/survey?lang=nb`), 200)).text);
    expect(lead).to.contain('Invitasjonstekst');
    expect(lead).to.match(new RegExp(`Kjære medlem av [^\\n]+,[\\s\\S]*/survey/${token}\\?lang=nb`));
    expect(lead).not.to.contain('Dear member');
    const qr = await expectStatus(agents.manager.get(`/assessments/${id}/survey/qr.svg`), 200);
    expect(qr.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect(String(qr.body ?? qr.text)).to.match(/^<svg[\s\S]*<\/svg>\s*$/);
    // the token is not in the database as it is: only its hash and the sealed copy
    const rows = await suite.t.db.knex('survey_links').select('token_hash', 'token_sealed');
    expect(JSON.stringify(rows)).not.to.contain(token);
    // a new link replaces the shown one
    const next = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({}), 201)).body.token as string;
    const again = decode((await expectStatus(agents.manager.get(`/assessments/${id}/survey`), 200)).text);
    expect(again).to.contain(`/survey/${next}?lang=en`).and.not.to.contain(token);
  });

  it('seals a token so that only the same secret opens it', () => {
    const sealed = sealToken('a'.repeat(48), 'tok-123');
    expect(sealed).not.to.contain('tok-123');
    expect(openSealedToken('a'.repeat(48), sealed)).to.equal('tok-123');
    expect(openSealedToken('b'.repeat(48), sealed)).to.equal(null);
    expect(openSealedToken('a'.repeat(48), 'v1.garbage')).to.equal(null);
  });

  it('closes and reopens (audited): the form and the API refuse while closed', async () => {
    const { agents } = suite.cast;
    const { id, token } = await withLink();
    await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } }), 201);
    const closed = await post(agents.manager, id, 'close');
    expect(closed).to.contain('The survey is closed');
    const refused = await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } }), 409);
    expect(refused.body.error.code).to.equal('survey_closed');
    await expectStatus(agents.anonymous.get(`/survey/${token}`), 410);
    expect((await expectStatus(agents.anonymous.get(`/api/survey/${token}`), 200)).body.open).to.equal(false);
    await post(agents.lead, id, 'reopen');
    await expectStatus(agents.anonymous.get(`/survey/${token}`), 200);
    await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } }), 201);
    const audit = await suite.t.db
      .knex('audit_log')
      .where({ entity: 'assessment', entity_id: String(id) })
      .whereIn('action', ['survey.close', 'survey.reopen'])
      .orderBy('id');
    expect(audit.map((r: { action: string }) => r.action)).to.deep.equal(['survey.close', 'survey.reopen']);
    const page = (await expectStatus(agents.manager.get(`/assessments/${id}/survey`), 200)).text;
    expect(page).to.contain('2 of 40 invited organisations have answered (5 %)');
    // the trainee cannot close it (its own form token, from the assessment page): a flash, nothing changes
    const html = (await expectStatus(agents.trainee.get(`/assessments/${id}`), 200)).text;
    await expectStatus(
      agents.trainee
        .post(`/assessments/${id}/survey/close`)
        .type('form')
        .send({ _csrf: tokenIn(html) }),
      303,
    );
    await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } }), 201);
  });

  it('a deadline in the past closes the form and the API; removing it opens them again', async () => {
    const { agents } = suite.cast;
    const { id, token } = await withLink();
    const bad = await post(agents.manager, id, 'deadline', { deadline: '2026-02-30x' });
    expect(bad).to.contain('The deadline must be a day');
    const future = await post(agents.manager, id, 'deadline', { deadline: '2999-12-31' });
    expect(future).to.contain('Answers are taken until the end of 2999-12-31');
    await expectStatus(agents.anonymous.get(`/survey/${token}`), 200);
    await post(agents.manager, id, 'deadline', { deadline: '2020-01-01' });
    await expectStatus(agents.anonymous.get(`/survey/${token}`), 410);
    expect(
      (await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } }), 409)).body.error.code,
    ).to.equal('survey_closed');
    expect((await expectStatus(agents.manager.get(`/assessments/${id}/survey`), 200)).text).to.contain('The deadline has passed');
    await post(agents.manager, id, 'deadline', { deadline: '' });
    await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } }), 201);
  });

  it('closes, reopens and sets a deadline through PATCH /api/assessments/:id/survey', async () => {
    const { agents } = suite.cast;
    const { id, token } = await withLink(40);
    const answer = () => agents.anonymous.post(`/api/survey/${token}`).send({ answers: { ...VALID_ANSWERS } });
    const closed = (await expectStatus(agents.lead.patch(`/api/assessments/${id}/survey`).send({ open: false }), 200)).body;
    expect(closed).to.deep.equal({ invited: 40, responses: 0, open: false, closedByManager: true, deadline: null });
    expect((await expectStatus(answer(), 409)).body.error.code).to.equal('survey_closed');
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ open: true, deadline: '2020-01-31' }), 200);
    expect((await expectStatus(answer(), 409)).body.error.code).to.equal('survey_closed');
    const reopened = (await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ deadline: null, invited: 41 }), 200))
      .body;
    expect(reopened).to.include({ invited: 41, open: true, deadline: null });
    await expectStatus(answer(), 201);
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({}), 400);
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ deadline: '2026-02-30' }), 400);
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ open: 'no' }), 400);
    await expectStatus(agents.trainee.patch(`/api/assessments/${id}/survey`).send({ open: false }), 403);
    await expectStatus(agents.otherManager.patch(`/api/assessments/${id}/survey`).send({ open: false }), 404);
  });

  it('changes the invited count on the page without a new link', async () => {
    const { agents } = suite.cast;
    const { id, token } = await withLink(40);
    const html = await post(agents.manager, id, 'invited', { invited: '55' });
    expect(html).to.contain('55 organisations are invited now');
    expect(decode(html)).to.contain(`/survey/${token}?lang=en`);
    expect((await expectStatus(agents.manager.get(`/api/assessments/${id}/survey`), 200)).body.invited).to.equal(55);
    expect(await post(agents.manager, id, 'invited', { invited: 'lots' })).to.contain('class="flash flash-error"');
  });
});

describe(`the paged survey form (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  const FORM = { Q1: 'companies', Q7: '4', Q8: '4', Q9: '4', Q10: '4' };
  const responses = async (id: number) =>
    Number(((await suite.t.db.knex('surveys').where({ assessment_id: id }).first('responses as n')) as { n: number }).n);

  it('comes in parts with the statements’ rule shown before submitting, in en and nb', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const { token } = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 40 }), 201)).body;
    const html = (await expectStatus(agents.anonymous.get(`/survey/${token}`), 200)).text;
    expect(html.match(/class="survey-part"/g)).to.have.length(4);
    expect(html).to.contain('Part 3 of 4');
    expect(html).to.contain('Statements 7–13: please answer at least 4 of them');
    // the rule is in the part of the statements, before Q7
    expect(html.indexOf('Statements 7–13')).to.be.lessThan(html.indexOf('name="Q7"'));
    expect(html).to.match(/name="_once" value="[A-Za-z0-9_-]{16,64}"/);
    const nb = (await expectStatus(agents.anonymous.get(`/survey/${token}?lang=nb`), 200)).text;
    expect(nb).to.contain('Del 3 av 4').and.contain('Påstand 7–13: svar på minst 4');
  });

  it('stores the same form posted twice at once only once (its one-time nonce); another form counts', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const { token } = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 40 }), 201)).body;
    const nonceOf = async () => /name="_once" value="([^"]+)"/.exec((await agents.anonymous.get(`/survey/${token}`)).text)![1];
    const once = await nonceOf();
    const send = (n: string) =>
      agents.anonymous
        .post(`/survey/${token}`)
        .type('form')
        .send({ ...FORM, _once: n });
    const [a, b] = await Promise.all([send(once), send(once)]);
    expect([a.status, b.status]).to.deep.equal([303, 303]);
    expect(b.headers.location).to.equal(`/survey/${token}/thanks`);
    await expectStatus(send(once), 303);
    expect(await responses(id)).to.equal(1);
    await expectStatus(send(await nonceOf()), 303);
    expect(await responses(id)).to.equal(2);
    // a refused form (too few statements) does not use up its nonce
    const n3 = await nonceOf();
    await expectStatus(agents.anonymous.post(`/survey/${token}`).type('form').send({ Q1: 'companies', Q7: '4', _once: n3 }), 400);
    await expectStatus(send(n3), 303);
    expect(await responses(id)).to.equal(3);
  });
});

describe(`survey submission limits (${testDialect})`, function () {
  this.timeout(180_000);
  let t: TestApp;
  before(async () => {
    t = await testApp({});
  });
  after(() => t.close());

  it('lets a room of 80 answer from one address and holds a flood back (the default limit)', async () => {
    const cast = await makeCast(t);
    const id = await createGoldAssessment(cast);
    const { token } = (await expectStatus(cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 1000 }), 201)).body;
    const statuses: number[] = [];
    for (let i = 0; i < 80; i++)
      statuses.push(
        (
          await request(t.app)
            .post(`/api/survey/${token}`)
            .send({ answers: { ...VALID_ANSWERS } })
        ).status,
      );
    expect(statuses.filter((s) => s !== 201)).to.deep.equal([]);
    // the flood: the same address goes on (as if 1000 a minute); it is stopped well before 1000
    let limited = 0;
    for (let i = 0; i < 200 && limited === 0; i++) {
      const res = await request(t.app)
        .post(`/api/survey/${token}`)
        .send({ answers: { ...VALID_ANSWERS } });
      if (res.status === 429) limited = 80 + i;
    }
    expect(limited).to.be.greaterThan(80).and.at.most(121);
    const { n } = (await t.db.knex('surveys').where({ assessment_id: id }).first('responses as n')) as { n: number };
    expect(Number(n)).to.equal(limited - 1 < 120 ? limited : 120);
  });
});
