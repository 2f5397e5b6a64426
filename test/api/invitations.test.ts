/**
 * Issue 19, item 5: accounts by invitation and password reset by mail, against a real SMTP server on
 * loopback (smtp-server, read back with mailparser). Nobody types another person's password.
 */
import { expect } from 'chai';
import request from 'supertest';
import pino from 'pino';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { MailSender } from '../../server/services/mail';
import { setPasswordWithLink } from '../../server/services/accounts';
import { AppError } from '../../server/errors';

const NEW_PASSWORD = 'my own secret 42';

/** the link in a mail's text */
function linkIn(text: string | undefined): string {
  const m = /(http:\/\/\S+\/account\/set-password\?token=\S+)/.exec(text ?? '');
  if (!m) throw new Error(`no link in the mail: ${text}`);
  return m[1];
}
const pathOf = (url: string) => url.slice(new URL(url).origin.length);
const csrfOf = (html: string) => /name="_csrf" value="([0-9a-f]{64})"/.exec(html)![1];

describe(`accounts by invitation (${testDialect})`, () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let sender: MailSender;
  let admin: request.Agent;

  before(async () => {
    smtp = await startSmtp();
    t = await testApp({ SMTP_URL: smtp.url, MAIL_FROM: 'ClusterMark <noreply@cm.example>' });
    sender = new MailSender({ db: t.db.knex, config: t.config, logger: pino({ level: 'silent' }) });
    await t.user({ email: 'admin@test.example', role: 'admin', name: 'Ada Admin' });
    admin = await t.agent('admin@test.example');
  });
  after(async () => {
    await sender.stop();
    await smtp.close();
    await t.close();
  });

  /** sets a password through the public page, as a browser does */
  async function setThroughPage(link: string, password: string, repeat = password) {
    const agent = request.agent(t.app);
    const form = await agent.get(pathOf(link));
    expect(form.status, form.text).to.equal(200);
    const token = new URL(link).searchParams.get('token')!;
    return agent
      .post('/account/set-password')
      .type('form')
      .send({ _csrf: csrfOf(form.text), token, password, repeat });
  }

  it('the admin invites from the form; the mail arrives in the person’s language with a link that sets their password once', async () => {
    const dash = await admin.get('/dashboard');
    expect(dash.text).not.to.contain('id="nu-password"');
    const res = await admin
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrfOf(dash.text), name: 'Kari Nordmann', email: 'kari@test.example', role: 'trainee', locale: 'nb' });
    expect(res.status).to.equal(303);
    expect((await admin.get('/dashboard')).text).to.contain('Invitation sent to kari@test.example.');
    // nobody can sign in yet: no password was typed by anyone
    expect((await request(t.app).post('/api/login').send({ email: 'kari@test.example', password: NEW_PASSWORD })).status).to.equal(401);

    await sender.runOnce();
    expect(smtp.messages).to.have.length(1);
    const mail = smtp.messages[0];
    expect(mail.subject).to.equal('Din ClusterMark-konto');
    expect(mail.text).to.contain('Hei Kari Nordmann').and.contain('Ada Admin');
    const link = linkIn(mail.text);
    expect(link).to.match(/&lang=nb$/);

    // two different passwords are refused beside the form, the link still works
    const differ = await setThroughPage(link, NEW_PASSWORD, 'something else 1');
    expect(differ.status).to.equal(400);
    expect(differ.text).to.contain('De to passordene er ikke like.');
    const ok = await setThroughPage(link, NEW_PASSWORD);
    expect(ok.status).to.equal(200);
    expect(ok.text).to.contain('Passordet ditt er lagret.');
    expect((await request(t.app).post('/api/login').send({ email: 'kari@test.example', password: NEW_PASSWORD })).status).to.equal(200);
    // a used link is no more
    expect((await request(t.app).get(pathOf(link))).status).to.equal(410);
    expect(
      (
        await request(t.app)
          .post('/api/password')
          .send({ token: new URL(link).searchParams.get('token'), password: 'another one 123' })
      ).status,
    ).to.equal(410);
  });

  it('POST /api/users/invitations invites over the API (no password accepted); the link works through the API', async () => {
    expect(
      (
        await admin
          .post('/api/users/invitations')
          .send({ email: 'ola@test.example', name: 'Ola', role: 'trainee', password: 'x'.repeat(12) })
      ).status,
    ).to.equal(400);
    const res = await admin.post('/api/users/invitations').send({ email: 'ola@test.example', name: 'Ola', role: 'trainee' });
    expect(res.status, res.text).to.equal(201);
    expect((await admin.post('/api/users/invitations').send({ email: 'ola@test.example', name: 'Ola', role: 'trainee' })).status).to.equal(
      409,
    );
    const lead = await t.user({ email: 'lead@test.example', role: 'benchmarker', certification: 'gold' });
    void lead;
    const leadAgent = await t.agent('lead@test.example');
    expect((await leadAgent.post('/api/users/invitations').send({ email: 'x@test.example', name: 'X', role: 'trainee' })).status).to.equal(
      403,
    );
    await sender.runOnce();
    const mail = smtp.messages.find((m) => m.subject === 'Your ClusterMark account' && m.text?.includes('Ola'))!;
    const token = new URL(linkIn(mail.text)).searchParams.get('token');
    expect((await request(t.app).post('/api/password').send({ token, password: 'short' })).status).to.equal(400);
    expect((await request(t.app).post('/api/password').send({ token, password: NEW_PASSWORD })).status).to.equal(204);
    expect((await request(t.app).post('/api/login').send({ email: 'ola@test.example', password: NEW_PASSWORD })).status).to.equal(200);
  });

  it('"forgot your password?": the same answer either way; the reset link works once and expires after an hour', async () => {
    await t.user({ email: 'per@test.example', role: 'trainee', name: 'Per' });
    const before = smtp.messages.length;
    const page = request.agent(t.app);
    const login = await page.get('/login');
    expect(login.text).to.contain('href="/account/forgot"');
    const forgot = await page.get('/account/forgot');
    const known = await page
      .post('/account/forgot')
      .type('form')
      .send({ _csrf: csrfOf(forgot.text), email: 'PER@test.example' });
    const unknown = await page
      .post('/account/forgot')
      .type('form')
      .send({ _csrf: csrfOf(forgot.text), email: 'nobody@test.example' });
    expect(known.status).to.equal(200);
    expect(unknown.status).to.equal(200);
    const said = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>')).replace(/value="[0-9a-f]{64}"/g, '');
    expect(said(known.text)).to.equal(said(unknown.text));
    expect(known.text).to.contain('If there is an account with this address');
    // a crafted post without the form's token is refused
    expect((await request(t.app).post('/account/forgot').type('form').send({ email: 'per@test.example' })).status).to.equal(403);
    expect((await request(t.app).post('/api/password-reset').send({ email: 'nobody@test.example' })).status).to.equal(202);

    await sender.runOnce();
    const mails = smtp.messages.slice(before);
    expect(mails.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))).to.deep.equal(['per@test.example']);
    expect(mails[0].subject).to.equal('Choose a new ClusterMark password');
    const link = linkIn(mails[0].text);
    const ok = await setThroughPage(link, NEW_PASSWORD);
    expect(ok.status).to.equal(200);
    expect((await request(t.app).post('/api/login').send({ email: 'per@test.example', password: NEW_PASSWORD })).status).to.equal(200);
    const again = await request(t.app).get(pathOf(link));
    expect(again.status).to.equal(410);
    expect(again.text).to.contain('This link is not valid any more');

    // a second reset link, used after its hour: refused, the password stays
    expect((await request(t.app).post('/api/password-reset').send({ email: 'per@test.example' })).status).to.equal(202);
    await sender.runOnce();
    const late = new URL(linkIn(smtp.messages[smtp.messages.length - 1].text)).searchParams.get('token')!;
    const err = await setPasswordWithLink(
      t.db.knex,
      { token: late, password: 'too late password' },
      'test',
      new Date(Date.now() + 61 * 60_000),
    ).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(AppError);
    expect((err as AppError).status).to.equal(410);
    expect((await request(t.app).post('/api/login').send({ email: 'per@test.example', password: NEW_PASSWORD })).status).to.equal(200);
  });

  it('the outbox page lists every mail and its state, for the admin only', async () => {
    const page = await admin.get('/admin/outbox?lang=nb');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Utboks').and.contain('kari@test.example').and.contain('Din ClusterMark-konto').and.contain('sendt');
    // with an SMTP server there are no files to list
    expect(page.text).not.to.contain('.eml</a>');
    const lead = await t.agent('lead@test.example');
    expect((await lead.get('/admin/outbox')).status).to.equal(403);
    expect((await request(t.app).get('/admin/outbox')).status).to.be.oneOf([302, 303, 401]);
  });

  it('limits reset requests for one e-mail address, so nobody floods a mailbox', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await request(t.app).post('/api/password-reset').send({ email: 'flood@test.example' })).status);
    expect(statuses.slice(0, 5)).to.deep.equal([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).to.deep.equal([429, 429]);
  });
});

describe(`accounts by invitation without SMTP_URL (${testDialect})`, () => {
  let t: TestApp;
  after(() => t.close());

  it('the invitation is written as an .eml file that the admin downloads from the outbox page', async () => {
    t = await testApp();
    await t.user({ email: 'admin@test.example', role: 'admin' });
    const admin = await t.agent('admin@test.example');
    expect((await admin.post('/api/users/invitations').send({ email: 'eva@test.example', name: 'Eva', role: 'trainee' })).status).to.equal(
      201,
    );
    const sender = new MailSender({ db: t.db.knex, config: t.config, logger: pino({ level: 'silent' }) });
    await sender.runOnce();
    await sender.stop();
    const page = await admin.get('/admin/outbox');
    const href = /href="(\/admin\/outbox\/\d+\.eml)"/.exec(page.text)?.[1];
    expect(href, page.text).to.be.a('string');
    const file = await admin
      .get(href!)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.status).to.equal(200);
    expect(file.headers['content-type']).to.match(/^message\/rfc822/);
    const mail = await (await import('mailparser')).simpleParser(file.body as Buffer);
    expect(mail.subject).to.equal('Your ClusterMark account');
    const link = linkIn(mail.text);
    expect(
      (
        await request(t.app)
          .post('/api/password')
          .send({ token: new URL(link).searchParams.get('token'), password: NEW_PASSWORD })
      ).status,
    ).to.equal(204);
    expect((await request(t.app).post('/api/login').send({ email: 'eva@test.example', password: NEW_PASSWORD })).status).to.equal(200);
    expect((await admin.get('/admin/outbox/999.eml')).status).to.equal(404);
  });
});
