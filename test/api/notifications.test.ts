/**
 * Issue 19, item 6: notifications that matter, each one switchable off per user. Every event queues
 * its mail in the act's transaction to the right people in their language (read back from the outbox,
 * and for one kind over a real SMTP server on loopback), never to the actor, never to someone who
 * switched the kind off; a rolled-back act mails nobody; a label's expiry notice goes out once.
 */
import { expect } from 'chai';
import request from 'supertest';
import pino from 'pino';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { createGoldAssessment, expectStatus, makeCast, pdf, type Cast } from '../support/flow';
import { decideExample1, pageText, release } from '../support/decided';
import { englishIn } from '../support/english';
import { listOutbox, MailSender, renderMail, type OutboxRow } from '../../server/services/mail';
import { checkExpiringLabels, monthsAfter, startLabelExpiryChecks, UPLOAD_DIGEST_MS } from '../../server/services/notifications';
import { storeDocument } from '../../server/services/documents';
import { inTransaction } from '../../server/db/transaction';
import { activeActorById } from '../../server/repositories/users';

const csrfOf = (html: string) => /name="_csrf" value="([0-9a-f]{64})"/.exec(html)![1];

describe(`notifications (${testDialect})`, function () {
  this.timeout(120_000);
  let t: TestApp;
  let cast: Cast;
  let smtp: TestSmtp;
  /** a second manager of the same cluster, who reads in bokmål */
  let manager2: { id: number; email: string };
  let agent2: request.Agent;
  let seen = 0;

  before(async () => {
    smtp = await startSmtp();
    t = await testApp({ SMTP_URL: smtp.url, MAIL_FROM: 'ClusterMark <noreply@cm.example>', SURVEY_RATE_LIMIT: '1000000' });
    cast = await makeCast(t);
    manager2 = await t.user({ email: 'manager.nb@test.example', role: 'cluster_manager', clusterId: cast.clusterId, locale: 'nb' });
    agent2 = await t.agent(manager2.email);
  });
  after(async () => {
    await smtp?.close();
    await t?.close();
  });

  /** the mails queued since the last call, oldest first */
  async function newMails(): Promise<OutboxRow[]> {
    const rows = (await listOutbox(t.db.knex, 1000)).filter((m) => m.id > seen).reverse();
    if (rows.length) seen = rows[rows.length - 1].id;
    return rows;
  }
  const to = (rows: OutboxRow[]) => rows.map((m) => m.recipient).sort();
  const upload = (agent: request.Agent, id: number, item: string) =>
    expectStatus(
      agent
        .post(`/api/assessments/${id}/documents`)
        .field('item', item)
        .attach('file', pdf(`${id}-${item}`), `${item}.pdf`),
      201,
    );

  /** runs the sender once, `ahead` ms in the future (past an upload mail's gathering time) */
  async function send(ahead = UPLOAD_DIGEST_MS + 60_000) {
    const sender = new MailSender({
      db: t.db.knex,
      config: t.config,
      logger: pino({ level: 'silent' }),
      now: () => new Date(Date.now() + ahead),
    });
    try {
      await sender.runOnce();
    } finally {
      await sender.stop();
    }
  }

  it('uploads by the manager reach the lead in one mail per batch (over SMTP, with the links); the lead’s own upload mails nobody', async () => {
    const id = await createGoldAssessment(cast);
    await newMails();
    await upload(cast.agents.manager, id, 'D-01');
    await upload(cast.agents.manager, id, 'D-02');
    await upload(cast.agents.lead, id, 'D-03');
    const rows = await newMails();
    expect(to(rows)).to.deep.equal(['lead@test.example']);
    expect(rows[0]).to.include({ template: 'notify_documentUploaded', lang: 'en', status: 'queued' });
    // the mail waits for more uploads: not sent before its gathering time
    await send(0);
    expect(smtp.messages.filter((m) => m.subject?.includes('uploaded'))).to.have.length(0);

    await send();
    const mails = smtp.messages.filter((m) => m.subject?.includes('uploaded'));
    expect(mails.map((m) => m.subject)).to.deep.equal(['Isarsensor Cluster: 2 documents were uploaded']);
    expect(mails[0].text)
      .to.contain('Hello lead,')
      .and.contain('2 documents were uploaded to the checklist of the assessment of Isarsensor Cluster');
    expect(mails[0].text).to.contain('- D-01: D-01.pdf (manager)\n- D-02: D-02.pdf (manager)').and.not.contain('D-03');
    expect(mails[0].text).to.contain(`${t.config.baseUrl}/assessments/${id}/checklist\n`);
    expect(mails[0].text).to.contain(`switch this notification off: ${t.config.baseUrl}/account/notifications\n`);

    // once that mail is on its way, the next upload starts a new one
    await upload(cast.agents.manager, id, 'D-04');
    const next = await newMails();
    expect(next.map((m) => [m.recipient, m.payload.count, m.payload.files])).to.deep.equal([
      ['lead@test.example', 1, '- D-04: D-04.pdf (manager)'],
    ]);
  });

  it('uploads at the same moment land in the one waiting mail, none lost', async () => {
    const id = await createGoldAssessment(cast);
    await newMails();
    await Promise.all(['D-01', 'D-02', 'D-03', 'D-04'].map((item) => upload(cast.agents.manager, id, item)));
    const rows = await newMails();
    expect(rows).to.have.length(1);
    expect(rows[0].payload.count).to.equal(4);
    expect(String(rows[0].payload.files).split('\n').sort()).to.deep.equal(
      ['D-01', 'D-02', 'D-03', 'D-04'].map((item) => `- ${item}: ${item}.pdf (manager)`),
    );
  });

  it('an upload that rolls back mails nobody: refused by validation, or undone after the upload', async () => {
    const id = await createGoldAssessment(cast);
    await newMails();
    const refused = await cast.agents.manager
      .post(`/api/assessments/${id}/documents`)
      .field('item', 'X-99')
      .attach('file', pdf('x'), 'x.pdf');
    expect(refused.status).to.equal(400);
    const manager = (await activeActorById(t.db.knex, cast.ids.manager))!;
    const undone = await inTransaction(t.db.knex, async (trx) => {
      await storeDocument(trx, manager, id, 'D-01', { data: pdf('undone'), mime: 'application/pdf', filename: 'D-01.pdf' });
      // the upload and its mail are in the outbox's transaction until here
      expect((await trx('mail_outbox').where('id', '>', seen)).length).to.equal(1);
      throw new Error('undone');
    }).catch((e: Error) => e.message);
    expect(undone).to.equal('undone');
    expect(await newMails()).to.deep.equal([]);
  });

  it('a bulk rejection mails each manager once, naming every file, in their language; an acceptance mails nobody', async () => {
    const id = await createGoldAssessment(cast);
    await upload(cast.agents.manager, id, 'D-01');
    await upload(cast.agents.manager, id, 'D-02');
    await upload(cast.agents.manager, id, 'D-03');
    const docs = (await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/documents`), 200)).body as { id: number; item: string }[];
    await newMails();
    const two = docs.filter((d) => d.item !== 'D-03').map((d) => d.id);
    await expectStatus(
      cast.agents.co.post(`/api/assessments/${id}/documents/review`).send({ ids: two, status: 'rejected', comment: 'Unsigned.' }),
      200,
    );
    const rows = await newMails();
    expect(to(rows)).to.deep.equal(['manager.nb@test.example', 'manager@test.example']);
    const nb = rows.find((m) => m.recipient === manager2.email)!;
    expect(nb.lang).to.equal('nb');
    const text = renderMail(nb, 'https://cm.example');
    expect(text.subject).to.equal('Isarsensor Cluster: 2 dokumenter er avvist');
    expect(text.text).to.contain('co har avvist 2 dokumenter').and.contain('- D-01: D-01.pdf\n- D-02: D-02.pdf');
    expect(text.text).to.contain('Kommentar: Unsigned.').and.contain(`https://cm.example/assessments/${id}/checklist?lang=nb\n`);
    expect(text.text).to.contain('kan du slå av varselet her: https://cm.example/account/notifications?lang=nb\n');
    const en = renderMail(rows.find((m) => m.recipient === 'manager@test.example')!);
    expect(en.subject).to.equal('Isarsensor Cluster: 2 documents were rejected');

    const d3 = docs.find((d) => d.item === 'D-03')!.id;
    await expectStatus(cast.agents.co.post(`/api/assessments/${id}/documents/${d3}/review`).send({ status: 'accepted' }), 200);
    expect(await newMails()).to.deep.equal([]);
  });

  it('a kind switched off reaches nobody who switched it off, and still everybody else', async () => {
    await expectStatus(agent2.put('/api/account/notifications').send({ documentRejected: false }), 200);
    try {
      const id = await createGoldAssessment(cast);
      await upload(cast.agents.manager, id, 'D-01');
      const [doc] = (await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/documents`), 200)).body as { id: number }[];
      await newMails();
      await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/documents/${doc.id}/review`).send({ status: 'rejected' }), 200);
      const rows = await newMails();
      expect(to(rows)).to.deep.equal(['manager@test.example']);
      expect(renderMail(rows[0]).text).to.contain('Comment: (no comment)').and.contain('lead rejected a document');
    } finally {
      await expectStatus(agent2.put('/api/account/notifications').send({ documentRejected: true }), 200);
    }
  });

  it('the move to review mails the managers and the co-assessor, not the lead who moved it', async () => {
    const id = await createGoldAssessment(cast);
    await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    expect(await newMails()).to.have.length(0);
    await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
    const rows = await newMails();
    expect(to(rows)).to.deep.equal(['co@test.example', 'manager.nb@test.example', 'manager@test.example']);
    expect(rows.every((m) => m.template === 'notify_inReview')).to.equal(true);
    expect(renderMail(rows.find((m) => m.recipient === 'co@test.example')!).text).to.contain(
      'lead moved the assessment of Isarsensor Cluster (requested label: gold) to review',
    );
    expect(renderMail(rows.find((m) => m.recipient === manager2.email)!).subject).to.equal(
      'Isarsensor Cluster: vurderingen er til gjennomgang',
    );
  });

  describe('a released label', () => {
    let released: { id: number; code: string };
    let validUntil: string;
    before(async () => {
      released = await decideExample1(cast);
      await newMails();
      await release(cast, released.id);
      validUntil = (await t.db.knex('labels').where({ assessment_id: released.id }).first('valid_until')).valid_until;
    });

    it('the release mails the cluster’s managers with the outcome', async () => {
      const rows = await newMails();
      expect(to(rows)).to.deep.equal(['manager.nb@test.example', 'manager@test.example']);
      const en = renderMail(rows.find((m) => m.recipient === 'manager@test.example')!);
      expect(en.subject).to.equal('Isarsensor Cluster: the report is released');
      expect(en.text).to.contain('The cluster was awarded the gold label, valid until').and.contain(`/assessments/${released.id}`);
      expect(renderMail(rows.find((m) => m.recipient === manager2.email)!).text).to.contain('Klyngen har fått gullmerket');
    });

    it('the expiry check mails the managers and the admin once per label, only within six months of the end', async () => {
      const day = (d: string) => new Date(`${d}T06:00:00Z`);
      // seven months before the end: too early; the day after it: expired
      expect(await checkExpiringLabels(t.db.knex, day(monthsAfter(validUntil, -7)))).to.equal(0);
      expect(await checkExpiringLabels(t.db.knex, day(monthsAfter(validUntil, 1)))).to.equal(0);
      expect(await newMails()).to.deep.equal([]);

      // three months before: the notice, once, even from two checks at the same moment (two instances)
      const now = day(monthsAfter(validUntil, -3));
      const [a, b] = await Promise.all([checkExpiringLabels(t.db.knex, now), checkExpiringLabels(t.db.knex, now)]);
      expect(a + b).to.equal(1);
      const rows = await newMails();
      expect(to(rows)).to.deep.equal(['admin@test.example', 'manager.nb@test.example', 'manager@test.example']);
      const en = renderMail(
        rows.find((m) => m.recipient === 'admin@test.example')!,
        'https://cm.example',
      );
      expect(en.subject).to.match(/^Isarsensor Cluster: the gold label expires on /);
      expect(en.text).to.contain(released.code).and.contain(`https://cm.example/clusters/${cast.clusterId}`);
      expect(renderMail(rows.find((m) => m.recipient === manager2.email)!).subject).to.match(/gullmerket utløper/);

      // the next day's check (and the one after) sends nothing more
      expect(await checkExpiringLabels(t.db.knex, day(monthsAfter(validUntil, -2)))).to.equal(0);
      expect(await newMails()).to.deep.equal([]);
    });

    it('the server’s background check runs on its own (today) and stops cleanly', async () => {
      // the label as if it ended in three months and had had no notice
      const today = new Date().toISOString().slice(0, 10);
      const label = await t.db.knex('labels').where({ assessment_id: released.id }).first('id');
      await t.db.knex('label_expiry_notices').where({ label_id: label.id }).delete();
      await t.db
        .knex('labels')
        .where({ id: label.id })
        .update({ valid_until: monthsAfter(today, 3) });
      const checks = startLabelExpiryChecks({ db: t.db.knex, logger: pino({ level: 'silent' }), firstAfterMs: 0 });
      try {
        for (let i = 0; i < 100 && !(await t.db.knex('label_expiry_notices').where({ label_id: label.id }).first()); i++)
          await new Promise((r) => setTimeout(r, 50));
      } finally {
        await checks.stop();
      }
      expect(to(await newMails())).to.deep.equal(['admin@test.example', 'manager.nb@test.example', 'manager@test.example']);
    });
  });

  describe('the settings', () => {
    it('GET shows the kinds of the caller’s role, all on for a new user', async () => {
      expect((await expectStatus(cast.agents.manager.get('/api/account/notifications'), 200)).body).to.deep.equal({
        settings: { documentRejected: true, inReview: true, reportReleased: true, labelExpiring: true },
      });
      expect((await expectStatus(cast.agents.lead.get('/api/account/notifications'), 200)).body).to.deep.equal({
        settings: { documentUploaded: true, inReview: true },
      });
      expect((await expectStatus(cast.agents.admin.get('/api/account/notifications'), 200)).body).to.deep.equal({
        settings: { labelExpiring: true },
      });
      expect((await expectStatus(cast.agents.trainee.get('/api/account/notifications'), 200)).body).to.deep.equal({ settings: {} });
    });

    it('PUT stores a switch; an unknown kind, another role’s kind, a non-boolean or nothing is 400 and changes nothing', async () => {
      const put = (agent: request.Agent, body: unknown) => agent.put('/api/account/notifications').send(body as object);
      const bad = [
        [cast.agents.other, { documentUploaded: false, bogus: true }, '/bogus'],
        [cast.agents.other, { labelExpiring: false, documentUploaded: false }, '/labelExpiring'],
        [cast.agents.other, { documentUploaded: 'no' }, '/documentUploaded'],
        [cast.agents.other, {}, '/'],
      ] as const;
      for (const [agent, body, path] of bad) {
        const res = await put(agent, body);
        expect(res.status, JSON.stringify(res.body)).to.equal(400);
        expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(path);
      }
      expect((await cast.agents.other.get('/api/account/notifications')).body.settings).to.deep.equal({
        documentUploaded: true,
        inReview: true,
      });
      const ok = await expectStatus(put(cast.agents.other, { inReview: false }), 200);
      expect(ok.body).to.deep.equal({ settings: { documentUploaded: true, inReview: false } });
      expect((await cast.agents.other.get('/api/account/notifications')).body.settings.inReview).to.equal(false);
    });

    it('without a session: 401 for the API, the sign-in page for the page', async () => {
      const anon = request(t.app);
      expect((await anon.get('/api/account/notifications')).status).to.equal(401);
      expect((await anon.put('/api/account/notifications').send({ inReview: false })).status).to.equal(401);
      const page = await anon.get('/account/notifications');
      expect(page.status).to.equal(303);
      expect(page.headers.location).to.match(/^\/login/);
    });

    it('the page in bokmål has a switch per kind and no English; its form switches kinds off and on', async () => {
      const page = await expectStatus(agent2.get('/account/notifications?lang=nb'), 200);
      expect(englishIn(pageText(page.text))).to.deep.equal([]);
      expect(page.text).to.contain('<h1>Varsler</h1>').and.contain('Et merke utløper innen seks måneder');
      expect(page.text.match(/role="switch"/g)).to.have.length(4);
      expect((await expectStatus(agent2.get('/dashboard?lang=nb'), 200)).text).to.contain('href="/account/notifications"');

      // only the switches left on are sent
      const saved = await agent2
        .post('/account/notifications')
        .type('form')
        .send({ _csrf: csrfOf(page.text), inReview: 'on', reportReleased: 'on' });
      expect(saved.status).to.equal(303);
      expect((await agent2.get('/api/account/notifications')).body.settings).to.deep.equal({
        documentRejected: false,
        inReview: true,
        reportReleased: true,
        labelExpiring: false,
      });
      const after = await expectStatus(agent2.get('/account/notifications'), 200);
      expect(after.text).to.contain('Varselinnstillingene dine er lagret.');
      expect(after.text.match(/ checked/g)).to.have.length(2);
      // a form without its token changes nothing
      expect((await agent2.post('/account/notifications').type('form').send({ documentRejected: 'on' })).status).to.equal(403);
      await expectStatus(agent2.put('/api/account/notifications').send({ documentRejected: true, labelExpiring: true }), 200);
    });

    it('a trainee’s page says no notification reaches the role', async () => {
      const page = await expectStatus(cast.agents.trainee.get('/account/notifications'), 200);
      expect(page.text).to.contain('No notifications reach your role.').and.not.contain('role="switch"');
      // the header does not offer the page to a trainee, and does to the lead
      expect(page.text).not.to.contain('<a href="/account/notifications"');
      const lead = await expectStatus(cast.agents.lead.get('/dashboard'), 200);
      expect(lead.text).to.contain('<a href="/account/notifications"');
    });
  });
});
