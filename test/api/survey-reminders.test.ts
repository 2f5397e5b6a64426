/**
 * Issue 19, item 2: reminders for personal survey links, against a real SMTP server on loopback. They
 * reach only those who have not answered, once in 24 hours, now or on the manager's schedule; a
 * schedule's round is claimed once by one of several instances (runDueReminders, the background
 * step's tick, run here deterministically with a clock).
 */
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import pino from 'pino';
import { testDialect } from '../support/db';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { createGoldAssessment, expectStatus, suiteWithCast, VALID_ANSWERS } from '../support/flow';
import { MailSender } from '../../server/services/mail';
import { runDueReminders } from '../../server/services/surveyParticipants';
import { main } from '../../server/cli';
import { personalLinkIn, tokenOf, toOf } from '../support/personalLinks';

const DAY = 86_400_000;

describe(`survey reminders (${testDialect})`, function () {
  this.timeout(120_000);
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
  });
  after(() => smtp.close());
  const suite = suiteWithCast({ MAIL_FROM: 'ClusterMark <noreply@cm.example>' });
  // the mail sender's clock is ahead of the real one by `ahead` (mails queued "in the future" by a tick)
  let ahead = 0;
  async function deliver() {
    const s = new MailSender({
      db: suite.t.db.knex,
      config: { ...suite.t.config, smtpUrl: smtp.url },
      logger: pino({ level: 'silent' }),
      now: () => new Date(Date.now() + ahead),
    });
    await s.runOnce();
    await s.stop();
  }
  const received = (subject: RegExp) =>
    smtp.messages
      .filter((m) => subject.test(m.subject ?? ''))
      .map(toOf)
      .sort();
  const answer = (url: string) =>
    request(suite.t.app)
      .post(`/api/survey/${tokenOf(url)}`)
      .send({ answers: VALID_ANSWERS });

  async function withParticipants(emails: string[]) {
    const id = await createGoldAssessment(suite.cast);
    await expectStatus(suite.cast.agents.manager.post(`/api/assessments/${id}/survey/participants`).send({ emails, lang: 'en' }), 201);
    smtp.messages.length = 0;
    await deliver();
    const links = Object.fromEntries(smtp.messages.map((m) => [toOf(m), personalLinkIn(m.text)]));
    smtp.messages.length = 0;
    return { id, links };
  }

  it('reminds only those who have not answered, with a link that works; once in 24 hours', async () => {
    const { agents } = suite.cast;
    const { id, links } = await withParticipants(['r-a@example.org', 'r-b@example.org', 'r-c@example.org']);
    await expectStatus(answer(links['r-b@example.org']), 201);
    await expectStatus(agents.trainee.post(`/api/assessments/${id}/survey/reminders`), 403);
    await expectStatus(agents.otherManager.post(`/api/assessments/${id}/survey/reminders`), 404);
    expect((await expectStatus(agents.lead.post(`/api/assessments/${id}/survey/reminders`), 200)).body).to.deep.equal({ reminded: 2 });
    // pressed again: nobody twice within 24 hours
    expect((await expectStatus(agents.manager.post(`/api/assessments/${id}/survey/reminders`), 200)).body).to.deep.equal({ reminded: 0 });
    await deliver();
    expect(received(/^Reminder/)).to.deep.equal(['r-a@example.org', 'r-c@example.org']);
    const reminder = smtp.messages.find((m) => toOf(m) === 'r-a@example.org')!;
    expect(reminder.text).to.contain('Isarsensor Cluster');
    // the reminder's link answers, and then the invitation's link has answered too
    await expectStatus(answer(personalLinkIn(reminder.text)), 201);
    expect((await expectStatus(answer(links['r-a@example.org']), 409)).body.error.code).to.equal('already_answered');
    const list = (await expectStatus(agents.manager.get(`/api/assessments/${id}/survey/participants`), 200)).body;
    expect(list).to.include({ total: 3, answered: 2, reminded: 1 });
  });

  it('a closed survey sends no reminders', async () => {
    const { agents } = suite.cast;
    const { id } = await withParticipants(['c-a@example.org']);
    await expectStatus(agents.manager.patch(`/api/assessments/${id}/survey`).send({ open: false }), 200);
    expect((await expectStatus(agents.manager.post(`/api/assessments/${id}/survey/reminders`), 409)).body.error.code).to.equal(
      'survey_closed',
    );
  });

  it('on the manager’s schedule: a tick reminds those who have not answered; two instances at once send one round', async () => {
    const { agents } = suite.cast;
    const knex = suite.t.db.knex;
    const { id, links } = await withParticipants(['s-a@example.org', 's-b@example.org']);
    await expectStatus(agents.manager.put(`/api/assessments/${id}/survey/reminder-schedule`).send({ everyDays: 2 }), 400);
    await expectStatus(agents.manager.put(`/api/assessments/${id}/survey/reminder-schedule`).send({ everyDays: 15 }), 400);
    await expectStatus(agents.trainee.put(`/api/assessments/${id}/survey/reminder-schedule`).send({ everyDays: 3 }), 403);
    const set = (await expectStatus(agents.manager.put(`/api/assessments/${id}/survey/reminder-schedule`).send({ everyDays: 3 }), 200))
      .body;
    expect(set.everyDays).to.equal(3);
    await expectStatus(answer(links['s-a@example.org']), 201);
    const base = suite.t.config.baseUrl;
    // not due yet
    expect(await runDueReminders(knex, base, new Date(Date.now() + 2 * DAY))).to.equal(0);
    // due: two instances tick at once; one round, one reminder to the one who has not answered
    const at = new Date(Date.now() + 3 * DAY + 60_000);
    const [x, y] = await Promise.all([runDueReminders(knex, base, at), runDueReminders(knex, base, at)]);
    expect(x + y).to.equal(1);
    ahead = 3 * DAY + 120_000;
    await deliver();
    expect(received(/^Reminder/)).to.deep.equal(['s-b@example.org']);
    // the schedule moved on three days; the next tick before then sends nothing
    const row = await knex('survey_reminder_schedules').where({ assessment_id: id }).first();
    expect(Date.parse(row.next_at)).to.equal(at.getTime() + 3 * DAY);
    expect(await runDueReminders(knex, base, new Date(at.getTime() + DAY))).to.equal(0);
    // none (null) ends it
    await expectStatus(agents.manager.put(`/api/assessments/${id}/survey/reminder-schedule`).send({ everyDays: null }), 200);
    expect(await knex('survey_reminder_schedules').where({ assessment_id: id })).to.have.length(0);
    ahead = 0;
  });

  it('the CLI runs one tick: `clustermark survey-reminders`', async () => {
    const { agents } = suite.cast;
    const knex = suite.t.db.knex;
    const { id } = await withParticipants(['cli-a@example.org']);
    await expectStatus(agents.manager.put(`/api/assessments/${id}/survey/reminder-schedule`).send({ everyDays: 3 }), 200);
    // due now: the schedule's next run moved into the past
    await knex('survey_reminder_schedules')
      .where({ assessment_id: id })
      .update({ next_at: new Date(Date.now() - 1000).toISOString() });
    const env = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
    process.env.DATA_DIR = suite.t.db.location.dataDir;
    if (suite.t.db.location.databaseUrl) process.env.DATABASE_URL = suite.t.db.location.databaseUrl;
    let text = '';
    const out = new PassThrough().on('data', (c: Buffer) => (text += c.toString()));
    try {
      expect(await main(['survey-reminders'], out, out)).to.equal(0);
    } finally {
      for (const [k, v] of Object.entries(env))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    expect(text).to.equal('survey reminders: 1 queued\n');
    expect(await knex('mail_outbox').where({ recipient: 'cli-a@example.org', template: 'surveyReminder' })).to.have.length(1);
  });
});
