/**
 * Backup and restore (SQLite): `clustermark backup <file>` while the app is serving and writing, then
 * the copy put back as `$DATA_DIR/clustermark.sqlite` of a new data folder, the app started on it:
 * the data written before the backup is there, signing in works, the integrity check and the audit
 * chain pass. On PostgreSQL the README names pg_dump/pg_restore instead; this file skips there.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import pino from 'pino';
import { main } from '../../server/cli';
import { PASSWORD } from '../support/app';
import { testDialect } from '../support/db';
import { createGoldAssessment, pdf, suiteWithCast } from '../support/flow';
import { openDatabase } from '../../server/db/knex';
import { bootstrap } from '../../server/bootstrap';
import { loadConfig } from '../../server/config';
import { createApp } from '../../server/app';
import { integrityCheck } from '../../server/db/dialect';
import { verifyAudit } from '../../server/services/audit';
import { AUDIT_KEYS_FILE } from '../../server/secrets';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  delete process.env.DATABASE_URL;
  const err = new PassThrough();
  let stderr = '';
  err.on('data', (c) => (stderr += c));
  try {
    return { code: await main(args, new PassThrough(), err), stderr };
  } finally {
    process.env = saved;
  }
}

describe(`backup and restore (${testDialect})`, function () {
  this.timeout(60_000);
  if (testDialect !== 'sqlite') {
    it('is SQLite only: on PostgreSQL back up with pg_dump and restore with pg_restore (README, "Backups")');
    return;
  }
  const suite = suiteWithCast();

  it('restores a backup taken while writing into a working app with every backed-up write', async () => {
    const id = await createGoldAssessment(suite.cast);
    for (const [ind, value] of [
      ['STR-03', 130],
      ['MGT-02', 2.5],
      ['FIN-01', 30],
    ] as const) {
      expect(
        (await suite.cast.agents.lead.put(`/api/assessments/${id}/values/${ind}`).send({ value, note: `before backup ${ind}` })).status,
      ).to.equal(200);
    }
    const doc = await suite.cast.agents.manager
      .post(`/api/assessments/${id}/documents`)
      .field('item', 'D-01')
      .attach('file', pdf('restore'), 'strategy.pdf');
    expect(doc.status).to.equal(201);
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cm-backup-')), 'copy.sqlite');
    // writes keep coming while the backup runs
    const during = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        suite.cast.agents.co
          .put(`/api/assessments/${id}/values/STR-0${(i % 2) + 1}`)
          .send({ value: i % 2 ? 4 : { numerator: 5, denominator: 9 } }),
      ),
    );
    const r = await cli(['backup', target], { DATA_DIR: suite.t.db.location.dataDir });
    expect(r.code, r.stderr).to.equal(0);
    expect((await during).every((x) => x.status === 200)).to.equal(true);
    const versionAtBackup = (await suite.cast.agents.lead.get(`/api/assessments/${id}`)).body.version;

    // restore: a new data folder with the copy as its database, the app started on it
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-restore-'));
    fs.copyFileSync(target, path.join(dataDir, 'clustermark.sqlite'));
    // the audit key goes with it (README, "Backups"); the chain head starts anew at the restored log
    fs.copyFileSync(path.join(suite.t.db.location.dataDir, AUDIT_KEYS_FILE), path.join(dataDir, AUDIT_KEYS_FILE));
    const db = openDatabase({ databaseUrl: null, sqliteFile: path.join(dataDir, 'clustermark.sqlite') });
    try {
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      await bootstrap(db, config, pino({ level: 'silent' }));
      const app = createApp({ db, config, logger: pino({ level: 'silent' }), sessionSecret: 'restore-secret-that-is-long-enough-012345' });
      expect(await integrityCheck(db.knex, 'sqlite')).to.deep.equal([]);
      expect((await verifyAudit(db.knex)).ok).to.equal(true);
      const lead = request.agent(app);
      expect((await lead.post('/api/login').send({ email: 'lead@test.example', password: PASSWORD })).status).to.equal(200);
      const a = (await lead.get(`/api/assessments/${id}`)).body;
      expect(a.version).to.be.within(4, versionAtBackup); // the three values and the document, maybe some concurrent writes
      const values = (await lead.get(`/api/assessments/${id}/values`)).body.values;
      for (const ind of ['STR-03', 'MGT-02', 'FIN-01'])
        expect(values.find((v: { indicatorId: string; kind: string }) => v.indicatorId === ind && v.kind === 'assessor').note).to.equal(
          `before backup ${ind}`,
        );
      const file = await lead
        .get(`/api/assessments/${id}/documents/${doc.body.id}`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(Buffer.compare(file.body as Buffer, pdf('restore'))).to.equal(0);
      expect((await lead.put(`/api/assessments/${id}/values/STR-03`).send({ value: 131 })).status).to.equal(200); // and it takes writes
    } finally {
      await db.close();
    }
  });
});
