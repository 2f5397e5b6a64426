import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../server/config';

describe('configuration from the environment', () => {
  it('gives the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.dataDir).to.match(/data$/);
    expect(c.databaseUrl).to.equal(null);
    expect(c.maxUploadMb).to.equal(25);
    expect(c.sessionIdleMinutes).to.equal(480);
    expect(c.demo).to.equal(false);
  });

  it('reads every documented variable', () => {
    const c = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u@h/db',
      SESSION_SECRET: 'x'.repeat(40),
      ADMIN_EMAIL: 'root@example.org',
      ADMIN_PASSWORD: 'long-enough-pw',
      DEMO: '1',
      MAX_UPLOAD_MB: '5',
      SESSION_IDLE_MINUTES: '30',
    });
    expect(c).to.include({
      port: 8080,
      dataDir: '/tmp/x',
      databaseUrl: 'postgres://u@h/db',
      demo: true,
      maxUploadMb: 5,
      adminEmail: 'root@example.org',
      sessionIdleMinutes: 30,
    });
  });

  const bad: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ ADMIN_EMAIL: 'a@b.org' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_PASSWORD: 'long-enough-pw' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long-enough-pw' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ MAX_UPLOAD_MB: '0' }, 'MAX_UPLOAD_MB'],
    [{ MAX_UPLOAD_MB: '-3' }, 'MAX_UPLOAD_MB'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_IDLE_MINUTES: '1' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_IDLE_MINUTES: 'eight hours' }, 'SESSION_IDLE_MINUTES'],
  ];
  for (const [env, variable] of bad) {
    it(`refuses ${JSON.stringify(env)} naming ${variable}`, () => {
      try {
        loadConfig(env);
        expect.fail('should have thrown');
      } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        expect((e as ConfigError).variable).to.equal(variable);
        expect((e as Error).message.split('\n')).to.have.length(1);
        expect((e as Error).message).to.match(new RegExp(`^${variable}: `));
      }
    });
  }
});
