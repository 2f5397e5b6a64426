/**
 * Issue 19: the running server's sender loop (main.ts) delivers what the API queued, to a real SMTP
 * server on loopback, and stops with the server.
 */
import { expect } from 'chai';
import request from 'supertest';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { loadConfig } from '../../server/config';
import { start, type Running } from '../../server/main';

describe(`the server's mail loop (${testDialect})`, function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let smtp: TestSmtp;
  let running: Running | undefined;
  before(async () => {
    db = await freshDatabase({ migrate: false });
    await db.close();
    smtp = await startSmtp();
  });
  after(async () => {
    await running?.stop();
    await smtp.close();
    await db.drop();
  });

  it('an invitation made over the API arrives by SMTP without anyone running the sender by hand', async () => {
    const config = {
      ...loadConfig({
        DATA_DIR: db.location.dataDir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        ADMIN_EMAIL: 'admin@loop.example',
        ADMIN_PASSWORD: 'admin password 1',
        SMTP_URL: smtp.url,
      }),
      databaseUrl: db.location.databaseUrl,
    };
    running = await start(config);
    const agent = request.agent(running.server);
    expect((await agent.post('/api/login').send({ email: 'admin@loop.example', password: 'admin password 1' })).status).to.equal(200);
    const res = await agent.post('/api/users/invitations').send({ email: 'new@loop.example', name: 'New Person', role: 'trainee' });
    expect(res.status, res.text).to.equal(201);
    const deadline = Date.now() + 20_000;
    while (smtp.messages.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.map((m) => m.subject)).to.deep.equal(['Your ClusterMark account']);
    await running.stop();
    running = undefined;
  });
});
