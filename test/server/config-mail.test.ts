import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../server/config';

describe('configuration: SMTP_URL and MAIL_FROM (issue 19)', () => {
  it('defaults to no SMTP server (mail to DATA_DIR/outbox) and a sender at BASE_URL’s host', () => {
    const c = loadConfig({ BASE_URL: 'https://cm.example.org' });
    expect(c.smtpUrl).to.equal(null);
    expect(c.mailFrom).to.equal('ClusterMark <noreply@cm.example.org>');
  });

  it('reads an SMTP URL and a sender', () => {
    const c = loadConfig({ SMTP_URL: 'smtps://user:secret@mail.example.org:465', MAIL_FROM: 'Cluster Office <office@example.org>' });
    expect(c.smtpUrl).to.equal('smtps://user:secret@mail.example.org:465');
    expect(c.mailFrom).to.equal('Cluster Office <office@example.org>');
    expect(loadConfig({ MAIL_FROM: 'office@example.org' }).mailFrom).to.equal('office@example.org');
  });

  for (const [env, variable] of [
    [{ SMTP_URL: 'http://mail.example.org' }, 'SMTP_URL'],
    [{ SMTP_URL: 'mail.example.org:25' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'not an address' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'Office <office@example.org>\r\nBcc: x@y.z' }, 'MAIL_FROM'],
  ] as const) {
    it(`refuses ${JSON.stringify(env)} naming ${variable}`, () => {
      expect(() => loadConfig(env))
        .to.throw(ConfigError)
        .with.property('variable', variable);
    });
  }
});
