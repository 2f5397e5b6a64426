/**
 * Issue 19, item 1: the outbox against a real SMTP server on loopback. A mail is stored with the act
 * that causes it, survives refusals and a server that dies mid-send, and arrives once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { simpleParser } from 'mailparser';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { inTransaction } from '../../server/db/transaction';
import { enqueueMail, LEASE_MS, MailSender, messageIdOf } from '../../server/services/mail';
import { claimDueMail, mailById } from '../../server/repositories/mailOutbox';
import { loadConfig } from '../../server/config';

const logger = pino({ level: 'silent' });

describe(`mail outbox (${testDialect})`, () => {
  let db: TestDatabase;
  let smtp: TestSmtp;
  let clock: number;
  const now = () => new Date(clock);
  const senders: MailSender[] = [];
  const sender = (smtpUrl: string | null) => {
    const config = loadConfig({ DATA_DIR: db.location.dataDir, MAIL_FROM: 'ClusterMark <noreply@cm.example>' });
    const s = new MailSender({ db: db.knex, config: { ...config, smtpUrl }, logger, now });
    senders.push(s);
    return s;
  };
  const enqueue = (to: string, lang: 'en' | 'nb' = 'en') =>
    inTransaction(db.knex, (trx) =>
      enqueueMail(
        trx,
        {
          to,
          template: 'invite',
          lang,
          values: { name: 'Kari', inviter: 'Admin', email: to, expires: '2026-12-10', url: 'http://x/set?token=abc' },
        },
        now(),
      ),
    );

  before(async () => {
    db = await freshDatabase();
  });
  beforeEach(async () => {
    clock = Date.parse('2026-12-03T10:00:00Z');
    smtp = await startSmtp();
  });
  afterEach(async () => {
    for (const s of senders.splice(0)) await s.stop();
    await smtp.close();
  });
  after(() => db.drop());

  it('sends a queued mail once, in the recipient language, with a Message-ID derived from the row', async () => {
    const id = await enqueue('kari@example.org', 'nb');
    const s = sender(smtp.url);
    expect(await s.runOnce()).to.equal(1);
    expect(await s.runOnce()).to.equal(0);
    expect(smtp.messages).to.have.length(1);
    const m = smtp.messages[0];
    expect(m.subject).to.equal('Din ClusterMark-konto');
    expect(m.text).to.contain('Hei Kari').and.contain('http://x/set?token=abc');
    const row = (await mailById(db.knex, id))!;
    expect(row.status).to.equal('sent');
    expect(m.messageId).to.equal(row.messageId).and.equal(messageIdOf(row, 'noreply@cm.example'));
    // the link (a token) is not kept once the mail is sent
    expect(row.payload.url).to.equal('(sent)');
    expect(row.payload.name).to.equal('Kari');
  });

  it('keeps no mail of an act that rolled back', async () => {
    await inTransaction(db.knex, async (trx) => {
      await enqueueMail(trx, { to: 'gone@example.org', template: 'reset', lang: 'en', values: {} });
      throw new Error('the act failed');
    }).catch(() => undefined);
    expect(await sender(smtp.url).runOnce()).to.equal(0);
    expect(smtp.messages).to.have.length(0);
  });

  it('retries with back-off while the SMTP server refuses, then delivers once', async () => {
    const id = await enqueue('ola@example.org');
    smtp.refuse(2);
    const s = sender(smtp.url);
    await s.runOnce();
    let row = (await mailById(db.knex, id))!;
    expect(row).to.include({ status: 'queued', attempts: 1 });
    expect(row.lastError).to.match(/450|unavailable/);
    // not due again before its back-off (30 s after the first failure)
    clock += 20_000;
    expect(await s.runOnce()).to.equal(0);
    clock += 11_000;
    await s.runOnce();
    row = (await mailById(db.knex, id))!;
    expect(row).to.include({ status: 'queued', attempts: 2 });
    // the second back-off is longer (60 s)
    clock += 45_000;
    expect(await s.runOnce()).to.equal(0);
    clock += 20_000;
    expect(await s.runOnce()).to.equal(1);
    expect((await mailById(db.knex, id))!).to.include({ status: 'sent', attempts: 3 });
    expect(smtp.messages.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))).to.deep.equal(['ola@example.org']);
    clock += 3_600_000;
    expect(await s.runOnce()).to.equal(0);
    expect(smtp.messages).to.have.length(1);
  });

  it('a server killed during DATA leaves the mail queued; it is delivered once afterwards', async () => {
    const id = await enqueue('per@example.org');
    smtp.killDuringData(1);
    const s = sender(smtp.url);
    await s.runOnce();
    expect(smtp.dataStarted).to.equal(1);
    expect(smtp.messages).to.have.length(0);
    expect((await mailById(db.knex, id))!).to.include({ status: 'queued', attempts: 1 });
    // the SMTP server comes back on the same port
    const port = smtp.port;
    await smtp.close();
    smtp = await startSmtp(port);
    clock += 31_000;
    await s.runOnce();
    expect(smtp.messages).to.have.length(1);
    expect((await mailById(db.knex, id))!.status).to.equal('sent');
    clock += 3_600_000;
    await s.runOnce();
    expect(smtp.messages).to.have.length(1);
  });

  it('a sender that died after claiming a mail: the lease runs out and another sender delivers it once', async () => {
    const id = await enqueue('liv@example.org');
    // a process claims the row and dies before it sends
    await inTransaction(db.knex, (trx) => claimDueMail(trx, now().toISOString(), new Date(clock + LEASE_MS).toISOString()));
    const s = sender(smtp.url);
    expect(await s.runOnce()).to.equal(0);
    clock += LEASE_MS + 1000;
    expect(await s.runOnce()).to.equal(1);
    expect(smtp.messages).to.have.length(1);
    expect((await mailById(db.knex, id))!).to.include({ status: 'sent', attempts: 2 });
  });

  it('two senders at once send a mail once', async () => {
    for (let i = 0; i < 5; i++) await enqueue(`p${i}@example.org`);
    const a = sender(smtp.url);
    const b = sender(smtp.url);
    const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(na + nb).to.equal(5);
    expect(smtp.messages.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')).sort()).to.deep.equal(
      [0, 1, 2, 3, 4].map((i) => `p${i}@example.org`),
    );
  });

  it('without SMTP_URL, writes the mail as an .eml file to DATA_DIR/outbox', async () => {
    const id = await enqueue('eva@example.org');
    const s = sender(null);
    await s.runOnce();
    const file = path.join(db.location.dataDir, 'outbox', `${String(id).padStart(6, '0')}.eml`);
    expect(fs.existsSync(file)).to.equal(true);
    const m = await simpleParser(fs.readFileSync(file));
    expect(m.subject).to.equal('Your ClusterMark account');
    expect(m.text).to.contain('http://x/set?token=abc');
    expect((await mailById(db.knex, id))!.status).to.equal('sent');
  });
});
