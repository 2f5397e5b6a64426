/**
 * Issue 19, item 2: personal survey links against a real SMTP server on loopback (smtp-server, read
 * back with mailparser). Invitations arrive with links that work, a link answers once (a second answer
 * and a second of two concurrent answers: 409), the invited count follows the list, drafts are sealed
 * under the token, and no column links a participant to a response. Nothing is lost or sent twice when
 * the SMTP server refuses and then accepts, or dies during DATA.
 */
import { expect } from 'chai';
import request from 'supertest';
import pino from 'pino';
import { testDialect } from '../support/db';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { createGoldAssessment, expectStatus, suiteWithCast, VALID_ANSWERS } from '../support/flow';
import { MailSender } from '../../server/services/mail';
import { parseAddressList } from '../../server/services/surveyParticipants';
import { closeSurvey, tokenHash } from '../../server/services/survey';
import { inTransaction } from '../../server/db/transaction';
import { personalLinkIn, tokenOf, toOf } from '../support/personalLinks';

describe(`personal survey links (${testDialect})`, function () {
  this.timeout(120_000);
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
  });
  after(() => smtp.close());
  const suite = suiteWithCast({ SMTP_URL: 'smtp://127.0.0.1:1', MAIL_FROM: 'ClusterMark <noreply@cm.example>' });
  // the senders' clock runs ahead of the real one by `clock` (past a back-off)
  let clock = 0;
  const sender = () =>
    new MailSender({
      db: suite.t.db.knex,
      config: { ...suite.t.config, smtpUrl: smtp.url },
      logger: pino({ level: 'silent' }),
      now: () => new Date(Date.now() + clock),
    });
  const mailsTo = (addr: string) => smtp.messages.filter((m) => toOf(m) === addr);

  async function invite(id: number, emails: string[], lang?: 'en' | 'nb', who = suite.cast.agents.manager) {
    return (await expectStatus(who.post(`/api/assessments/${id}/survey/participants`).send({ emails, ...(lang ? { lang } : {}) }), 201))
      .body as {
      invited: number;
      added: number;
      skipped: { email: string; reason: string }[];
    };
  }

  it('only the cluster’s manager and the lead invite; bad addresses are refused and nothing is stored', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    await expectStatus(agents.trainee.post(`/api/assessments/${id}/survey/participants`).send({ emails: ['a@x.no'] }), 403);
    await expectStatus(agents.otherManager.post(`/api/assessments/${id}/survey/participants`).send({ emails: ['a@x.no'] }), 404);
    const bad = await expectStatus(
      agents.manager.post(`/api/assessments/${id}/survey/participants`).send({ emails: ['ok@x.no', 'not an address', 'x@'] }),
      400,
    );
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['/emails/1', '/emails/2']);
    await expectStatus(agents.manager.post(`/api/assessments/${id}/survey/participants`).send({ emails: [] }), 400);
    const tooMany = Array.from({ length: 2001 }, (_, i) => `p${i}@x.no`);
    await expectStatus(agents.manager.post(`/api/assessments/${id}/survey/participants`).send({ emails: tooMany }), 400);
    expect(await suite.t.db.knex('survey_participants').where({ assessment_id: id }).count({ n: '*' })).to.deep.equal([
      { n: testDialect === 'postgres' ? '0' : 0 },
    ]);
    const lead = await invite(id, ['lead-invited@x.no'], 'en', agents.lead);
    expect(lead).to.deep.equal({ invited: 1, added: 1, skipped: [] });
  });

  it('invites by mail in the list’s language; the link answers once; duplicates and known addresses are skipped; invited follows the list', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const out = await invite(id, ['Kari@Example.org', 'ola@example.org', 'kari@example.org', ' per@example.org '], 'nb');
    expect(out).to.deep.equal({ invited: 3, added: 3, skipped: [{ email: 'kari@example.org', reason: 'duplicate' }] });
    const again = await invite(id, ['ola@example.org', 'liv@example.org'], 'nb');
    expect(again).to.deep.equal({ invited: 4, added: 1, skipped: [{ email: 'ola@example.org', reason: 'already_invited' }] });
    // the survey's invited count follows the list; a count typed by hand cannot go below it
    expect((await expectStatus(agents.manager.get(`/api/assessments/${id}/survey`), 200)).body.invited).to.equal(4);
    const typed = await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ invited: 3 }), 409);
    expect(typed.body.error.code).to.equal('invited_below_list');
    expect(typed.body.error.message).to.match(/4 personal links: the invited count is at least 4/);
    const s = sender();
    await s.runOnce();
    await s.stop();
    const mail = mailsTo('kari@example.org');
    expect(mail).to.have.length(1);
    expect(mail[0].subject).to.equal('Undersøkelse for Isarsensor Cluster: din personlige lenke');
    const link = personalLinkIn(mail[0].text);
    expect(link).to.match(/\?lang=nb$/);
    // the token is only in the mail: the database has its hash, and the sent mail's url is gone
    const dump = JSON.stringify([await suite.t.db.knex('survey_participant_links'), await suite.t.db.knex('mail_outbox')]);
    expect(dump).not.to.contain(tokenOf(link));
    expect(dump).to.contain(tokenHash(tokenOf(link)));

    // follow the link from the mail: the form opens, the API answers once
    const path = link.slice(new URL(link).origin.length);
    const form = await expectStatus(request(suite.t.app).get(path), 200);
    expect(form.text).to.contain('Denne lenken er bare din');
    const api = `/api/survey/${tokenOf(link)}`;
    expect((await expectStatus(request(suite.t.app).get(api), 200)).body).to.include({ personal: true, answered: false, open: true });
    await expectStatus(request(suite.t.app).post(api).send({ answers: VALID_ANSWERS }), 201);
    const second = await expectStatus(request(suite.t.app).post(api).send({ answers: VALID_ANSWERS }), 409);
    expect(second.body.error.code).to.equal('already_answered');
    expect((await expectStatus(request(suite.t.app).get(api), 200)).body).to.include({ answered: true, open: false });
    // the form says so too
    const closed = await request(suite.t.app).get(path);
    expect(closed.status).to.equal(410);
    expect(closed.text).to.contain('Du har allerede svart');
    const status = (await expectStatus(agents.manager.get(`/api/assessments/${id}/survey`), 200)).body;
    expect(status).to.include({ invited: 4, responses: 1 });
    // per address: answered, never which answers
    const list = (await expectStatus(agents.manager.get(`/api/assessments/${id}/survey/participants`), 200)).body;
    expect(list).to.include({ total: 4, answered: 1, invited: 3 });
    expect(list.list.find((p: { email: string }) => p.email === 'kari@example.org').status).to.equal('answered');
    expect(JSON.stringify(list)).not.to.contain('companies');
    // those invited through the open link are added to the list's size, and stay counted as the list grows
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ invited: 10 }), 200);
    expect((await invite(id, ['new@example.org'])).invited).to.equal(11);
  });

  it('a survey with answers through its open link keeps them counted when a list is added (not full at once)', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const { token } = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 2 }), 201)).body;
    for (let i = 0; i < 2; i++) await expectStatus(request(suite.t.app).post(`/api/survey/${token}`).send({ answers: VALID_ANSWERS }), 201);
    expect((await invite(id, ['late@example.org'])).invited).to.equal(3);
    await sender().runOnce();
    const api = `/api/survey/${tokenOf(personalLinkIn(mailsTo('late@example.org')[0].text))}`;
    await expectStatus(request(suite.t.app).post(api).send({ answers: VALID_ANSWERS }), 201);
  });

  it('two answers sent together through one personal link store one response', async () => {
    const id = await createGoldAssessment(suite.cast);
    smtp.messages.length = 0;
    await invite(id, ['twice@example.org']);
    await sender().runOnce();
    const api = `/api/survey/${tokenOf(personalLinkIn(mailsTo('twice@example.org')[0].text))}`;
    const answers = await Promise.all(Array.from({ length: 4 }, () => request(suite.t.app).post(api).send({ answers: VALID_ANSWERS })));
    expect(answers.map((r) => r.status).sort()).to.deep.equal([201, 409, 409, 409]);
    expect((await expectStatus(suite.cast.agents.manager.get(`/api/assessments/${id}/survey`), 200)).body.responses).to.equal(1);
  });

  it('anonymity: after answering, no column links a participant (or its links) to a response', async () => {
    const knex = suite.t.db.knex;
    const id = await createGoldAssessment(suite.cast);
    smtp.messages.length = 0;
    await invite(id, ['a1@example.org', 'a2@example.org', 'a3@example.org']);
    await sender().runOnce();
    for (const addr of ['a3@example.org', 'a1@example.org']) {
      const api = `/api/survey/${tokenOf(personalLinkIn(mailsTo(addr)[0].text))}`;
      await expectStatus(
        request(suite.t.app)
          .post(api)
          .send({ answers: { ...VALID_ANSWERS, Q7: addr === 'a1@example.org' ? 5 : 1 } }),
        201,
      );
    }
    // the schema: no participant table names a response, and survey_responses names no participant
    const columns = async (table: string) => Object.keys(await knex(table).columnInfo());
    for (const table of ['survey_participants', 'survey_participant_links', 'survey_drafts']) {
      expect(
        (await columns(table)).filter((c) => /response|submitted|link_id/.test(c)),
        table,
      ).to.deep.equal([]);
    }
    expect((await columns('survey_responses')).sort()).to.deep.equal(['answers', 'id', 'submitted_at', 'survey_link_id']);
    // the rows: both answers sit with the open link; the participants carry only the day
    const participants = await knex('survey_participants').where({ assessment_id: id }).orderBy('id');
    const answeredOn = participants.map((p) => p.answered_on);
    expect(answeredOn.filter(Boolean)).to.have.length(2);
    for (const d of answeredOn.filter(Boolean)) expect(d).to.match(/^\d{4}-\d{2}-\d{2}$/);
    const responses = await knex('survey_responses as r')
      .join('survey_links as l', 'l.id', 'r.survey_link_id')
      .where('l.assessment_id', id)
      .select('r.*');
    expect(responses).to.have.length(2);
    expect(new Set(responses.map((r) => r.survey_link_id)).size).to.equal(1);
    // the link they sit with is the survey's open link (survey_links), not any participant's link
    const personalHashes = (
      await knex('survey_participant_links').whereIn(
        'participant_id',
        participants.map((p) => p.id),
      )
    ).map((l) => l.token_hash);
    const openLink = await knex('survey_links').where({ id: responses[0].survey_link_id }).first();
    expect(Number(openLink.assessment_id)).to.equal(id);
    expect(personalHashes).not.to.include(openLink.token_hash);
    for (const r of responses) {
      expect(JSON.stringify(r)).not.to.match(/a\d@example\.org/);
      // no timestamp to match: the participant has the day, the response no value equal to it
      expect(answeredOn).not.to.include(r.submitted_at);
    }
    if (testDialect === 'postgres') {
      // the row versions: every answered participant was rewritten by the newest answer's transaction,
      // so the transaction that stored a response does not single out its participant
      const xmin = async (table: string, ids: number[]) =>
        (await knex(table).whereIn('id', ids).select(knex.raw('xmin::text as x'))).map((r: { x: string }) => r.x);
      const answeredIds = participants.filter((p) => p.answered_on).map((p) => Number(p.id));
      const px = await xmin('survey_participants', answeredIds);
      expect(new Set(px).size).to.equal(1);
      const rx = await xmin(
        'survey_responses',
        responses.map((r) => Number(r.id)),
      );
      expect(rx.filter((x) => px.includes(x))).to.have.length(1);
    }
    // no draft left behind by an answered link
    expect(await knex('survey_drafts').where({ assessment_id: id })).to.have.length(0);
  });

  it('a draft is sealed under the token: saved, restored through the link, unreadable without it, gone after the answer', async () => {
    const knex = suite.t.db.knex;
    const id = await createGoldAssessment(suite.cast);
    smtp.messages.length = 0;
    await invite(id, ['draft@example.org']);
    await sender().runOnce();
    const token = tokenOf(personalLinkIn(mailsTo('draft@example.org')[0].text));
    const api = `/api/survey/${token}`;
    await expectStatus(
      request(suite.t.app)
        .post(`${api}/draft`)
        .send({ answers: { Q1: 'companies', Q7: 2 } }),
      200,
    );
    await expectStatus(
      request(suite.t.app)
        .post(`${api}/draft`)
        .send({ answers: { Q7: 9 } }),
      400,
    );
    expect((await expectStatus(request(suite.t.app).get(api), 200)).body.draft).to.deep.equal({ Q1: 'companies', Q7: 2 });
    const row = await knex('survey_drafts').where({ assessment_id: id }).first();
    expect(row.token_hash).to.equal(tokenHash(token));
    expect(row.sealed).not.to.contain('companies');
    // the form fills it in
    const form = await expectStatus(request(suite.t.app).get(`/survey/${token}?lang=en`), 200);
    expect(form.text).to.match(/name="Q1" value="companies" checked/);
    expect(form.text).to.contain('Welcome back');
    // the open link has no drafts
    const { token: open } = (await expectStatus(suite.cast.agents.manager.post(`/api/assessments/${id}/survey`).send({}), 201)).body;
    await expectStatus(
      request(suite.t.app)
        .post(`/api/survey/${open}/draft`)
        .send({ answers: { Q1: 'companies' } }),
      404,
    );
    await expectStatus(request(suite.t.app).post(api).send({ answers: VALID_ANSWERS }), 201);
    expect(await knex('survey_drafts').where({ assessment_id: id })).to.have.length(0);
    await expectStatus(
      request(suite.t.app)
        .post(`${api}/draft`)
        .send({ answers: { Q1: 'companies' } }),
      409,
    );
  });

  it('the decision’s close ends personal links: their drafts and the reminder schedule go, the link shows the closed page', async () => {
    const knex = suite.t.db.knex;
    const id = await createGoldAssessment(suite.cast);
    smtp.messages.length = 0;
    await invite(id, ['decided@example.org']);
    await sender().runOnce();
    const token = tokenOf(personalLinkIn(mailsTo('decided@example.org')[0].text));
    await expectStatus(
      request(suite.t.app)
        .post(`/api/survey/${token}/draft`)
        .send({ answers: { Q1: 'companies' } }),
      200,
    );
    await expectStatus(suite.cast.agents.manager.put(`/api/assessments/${id}/survey/reminder-schedule`).send({ everyDays: 5 }), 200);
    // what the decision does in its transaction
    await inTransaction(knex, (trx) => closeSurvey(trx, id, new Date().toISOString()));
    expect(await knex('survey_drafts').where({ assessment_id: id })).to.have.length(0);
    expect(await knex('survey_reminder_schedules').where({ assessment_id: id })).to.have.length(0);
    const page = await request(suite.t.app).get(`/survey/${token}?lang=en`);
    expect(page.status).to.equal(410);
    expect(page.text).to.contain('This survey is closed.');
    const late = await expectStatus(request(suite.t.app).post(`/api/survey/${token}`).send({ answers: VALID_ANSWERS }), 409);
    expect(late.body.error.code).to.equal('survey_closed');
  });

  it('closing the survey and its deadline stop personal links; reopening lets them answer', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    smtp.messages.length = 0;
    await invite(id, ['closed@example.org']);
    await sender().runOnce();
    const token = tokenOf(personalLinkIn(mailsTo('closed@example.org')[0].text));
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ open: false }), 200);
    const page = await request(suite.t.app).get(`/survey/${token}?lang=en`);
    expect(page.status).to.equal(410);
    expect(page.text).to.contain('This survey is closed.');
    expect(
      (await expectStatus(request(suite.t.app).post(`/api/survey/${token}`).send({ answers: VALID_ANSWERS }), 409)).body.error.code,
    ).to.equal('survey_closed');
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ open: true, deadline: '2020-01-01' }), 200);
    expect((await request(suite.t.app).get(`/survey/${token}`)).status).to.equal(410);
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ deadline: null }), 200);
    await expectStatus(request(suite.t.app).post(`/api/survey/${token}`).send({ answers: VALID_ANSWERS }), 201);
  });

  it('invitations survive an SMTP server that refuses and then accepts: each arrives once', async () => {
    const id = await createGoldAssessment(suite.cast);
    await sender().runOnce();
    smtp.messages.length = 0;
    await invite(id, ['r1@example.org', 'r2@example.org']);
    smtp.refuse(2);
    const s = sender();
    await s.runOnce();
    expect(smtp.messages).to.have.length(0);
    const rows = () => suite.t.db.knex('mail_outbox').whereIn('recipient', ['r1@example.org', 'r2@example.org']).orderBy('id');
    expect((await rows()).map((r) => r.status)).to.deep.equal(['queued', 'queued']);
    clock += 31_000;
    await s.runOnce();
    clock += 3_600_000;
    await s.runOnce();
    await s.stop();
    expect(smtp.messages.map(toOf).sort()).to.deep.equal(['r1@example.org', 'r2@example.org']);
    expect((await rows()).map((r) => r.status)).to.deep.equal(['sent', 'sent']);
    // and the links work
    for (const m of smtp.messages) await expectStatus(request(suite.t.app).get(`/api/survey/${tokenOf(personalLinkIn(m.text))}`), 200);
  });

  it('an SMTP server killed during DATA: the invitation stays queued and arrives once when it is back', async () => {
    const id = await createGoldAssessment(suite.cast);
    await sender().runOnce();
    smtp.messages.length = 0;
    await invite(id, ['k1@example.org']);
    smtp.killDuringData(1);
    const s = sender();
    await s.runOnce();
    expect(smtp.messages).to.have.length(0);
    const port = smtp.port;
    await smtp.close();
    smtp = await startSmtp(port);
    clock += 31_000;
    await s.runOnce();
    clock += 3_600_000;
    await s.runOnce();
    await s.stop();
    expect(smtp.messages.map(toOf)).to.deep.equal(['k1@example.org']);
    await expectStatus(
      request(suite.t.app)
        .post(`/api/survey/${tokenOf(personalLinkIn(smtp.messages[0].text))}`)
        .send({ answers: VALID_ANSWERS }),
      201,
    );
  });

  it('limits a personal link per token (20 a minute), wherever it comes from; another link is not held back', async () => {
    const id = await createGoldAssessment(suite.cast);
    await invite(id, ['busy@example.org', 'calm@example.org']);
    await sender().runOnce();
    const busy = `/api/survey/${tokenOf(personalLinkIn(mailsTo('busy@example.org')[0].text))}`;
    const calm = `/api/survey/${tokenOf(personalLinkIn(mailsTo('calm@example.org')[0].text))}`;
    for (let i = 0; i < 20; i++)
      await expectStatus(
        request(suite.t.app)
          .post(`${busy}/draft`)
          .send({ answers: { Q1: 'companies' } }),
        200,
      );
    const held = await expectStatus(request(suite.t.app).post(busy).send({ answers: VALID_ANSWERS }), 429);
    expect(held.body.error.code).to.be.a('string');
    await expectStatus(request(suite.t.app).post(calm).send({ answers: VALID_ANSWERS }), 201);
  });

  it('reads addresses from a pasted list or a CSV with an email column', () => {
    expect(parseAddressList('a@x.no\nb@x.no, c@x.no; "Dag" <d@x.no>\n\n')).to.deep.equal(['a@x.no', 'b@x.no', 'c@x.no', 'd@x.no']);
    expect(parseAddressList('\uFEFFname;Email;org\nKari;kari@x.no;A\r\nOla;"ola@x.no";B\n')).to.deep.equal(['kari@x.no', 'ola@x.no']);
    // a quoted cell may hold the delimiter (csv-parse), and a broken quote is refused, not guessed at
    expect(parseAddressList('Navn,E-post\n"Nordmann, Kari",kari@x.no\n"Hansen, Ola","ola@x.no"\n')).to.deep.equal([
      'kari@x.no',
      'ola@x.no',
    ]);
    expect(() => parseAddressList('name;email\n"Kari;kari@x.no\nOla;ola@x.no\n')).to.throw('The CSV file could not be read');
  });
});
