import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../support/cli';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { bootstrap } from '../../server/bootstrap';
import { loadConfig } from '../../server/config';
import pino from 'pino';
import { inTransaction } from '../../server/db/transaction';
import { appendAudit } from '../../server/services/audit';

const ROOT = path.resolve(__dirname, '../..');

const run = runCli;

describe('command line: pure commands', () => {
  it('prints help and refuses an unknown command with exit 2', async () => {
    expect((await run(['--help'])).stdout).to.contain('framework validate');
    const r = await run(['frobnicate']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('unknown command');
  });

  it('scores an evidence file (example 1: Gold at exactly 120)', async () => {
    const r = await run(['score', path.join(ROOT, 'fixtures/evidence/example-1-gold.json')]);
    expect(r.code).to.equal(0);
    const score = JSON.parse(r.stdout);
    expect(score.total.points).to.equal(120);
    expect(score.label.awarded).to.equal('gold');
  });

  it('exits 2 with every error on stderr for invalid evidence', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-cli-'));
    const file = path.join(dir, 'bad.json');
    const ev = JSON.parse(fs.readFileSync(path.join(ROOT, 'fixtures/evidence/example-1-gold.json'), 'utf8'));
    ev.values['STR-02'] = 9;
    ev.values['XXX-01'] = 1;
    ev.interviewDate = '2026-02-30';
    fs.writeFileSync(file, JSON.stringify(ev));
    const r = await run(['score', file]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.contain('/interviewDate');
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, '{');
    expect((await run(['score', notJson])).code).to.equal(2);
    expect((await run(['score', path.join(dir, 'missing.json')])).code).to.equal(2);
    expect((await run(['score', file, '--as-of', 'tomorrow'])).code).to.equal(2);
    expect((await run(['score', file, '--bogus'])).code).to.equal(2);
  });

  it('validates frameworks: the default and the second framework pass, a broken one fails naming the path', async () => {
    const ok = await run(['framework', 'validate', path.join(ROOT, 'questionnaires/esca-default/1.0.0.json')]);
    expect(ok.code).to.equal(0);
    expect(ok.stdout).to.match(/valid: esca-default 1\.0\.0/);
    expect((await run(['framework', 'validate', path.join(ROOT, 'fixtures/frameworks/bw-style-1.0.0.json')])).code).to.equal(0);
    const fw = JSON.parse(fs.readFileSync(path.join(ROOT, 'questionnaires/esca-default/1.0.0.json'), 'utf8'));
    fw.indicators[1].id = fw.indicators[0].id;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cm-cli-')), 'fw.json');
    fs.writeFileSync(file, JSON.stringify(fw));
    const bad = await run(['framework', 'validate', file]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/\/indicators\/1\/id/);
  });
});

describe('command line: report', function () {
  this.timeout(60_000);
  it('writes the report and the certificate; the same input gives the same bytes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-report-'));
    const ev = path.join(ROOT, 'fixtures/evidence/example-1-gold.json');
    const a = path.join(dir, 'a.pdf');
    const b = path.join(dir, 'b.pdf');
    const cert = path.join(dir, 'cert.pdf');
    const r = await run(['report', ev, '-o', a, '--lang', 'nb', '--certificate', cert]);
    expect(r.code, r.stderr).to.equal(0);
    expect((await run(['report', ev, '-o', b, '--lang', 'nb'])).code).to.equal(0);
    expect(Buffer.compare(fs.readFileSync(a), fs.readFileSync(b))).to.equal(0);
    const text = spawnSync('pdftotext', [a, '-'], { encoding: 'utf8' }).stdout;
    expect(text).to.contain('Isarsensor Cluster');
    expect(text).to.match(/Sammendrag|Anbefal/);
    // made from a file, not issued: a specimen without a registered-looking code (certificate-specimen.test.ts)
    expect(spawnSync('pdftotext', [cert, '-'], { encoding: 'utf8' }).stdout)
      .to.contain('PRØVEEKSEMPLAR')
      .and.not.match(/CM-[A-Z0-9]{4}-/);
  });

  it('refuses a certificate when no label was awarded, and bad options', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-report-'));
    const ev = path.join(ROOT, 'fixtures/evidence/example-3-no-label.json');
    const r = await run(['report', ev, '-o', path.join(dir, 'r.pdf'), '--certificate', path.join(dir, 'c.pdf')]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('no label');
    expect(fs.existsSync(path.join(dir, 'c.pdf'))).to.equal(false);
    expect((await run(['report', ev])).code).to.equal(2);
    expect((await run(['report', ev, '-o', path.join(dir, 'x.pdf'), '--lang', 'de'])).code).to.equal(2);
  });
});

describe(`command line: database commands (${testDialect})`, function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let env: Record<string, string | undefined>;
  before(async () => {
    db = await freshDatabase();
    env = { DATA_DIR: db.location.dataDir, DATABASE_URL: db.location.databaseUrl ?? undefined, LOG_LEVEL: 'silent' };
    await bootstrap(
      db,
      { ...loadConfig({ DATA_DIR: db.location.dataDir }), databaseUrl: db.location.databaseUrl },
      pino({ level: 'silent' }),
    );
  });
  after(() => db.drop());

  it('adds a user, and refuses a bad one with exit 2 and a reason', async () => {
    const ok = await run(
      [
        'user',
        'add',
        '--email',
        'cli@test.example',
        '--name',
        'Cli',
        '--role',
        'benchmarker',
        '--certification',
        'gold',
        '--password',
        'long enough pw',
        '--country',
        'NO',
      ],
      env,
    );
    expect(ok.code, ok.stderr).to.equal(0);
    const row = await db.knex('users').where({ email: 'cli@test.example' }).first();
    expect(row.certification).to.equal('gold');
    const dup = await run(
      ['user', 'add', '--email', 'cli@test.example', '--name', 'Cli', '--role', 'trainee', '--password', 'long enough pw'],
      env,
    );
    expect(dup.code).to.equal(2);
    expect(dup.stderr).to.contain('exists already');
    const bad = await run(['user', 'add', '--email', 'x', '--name', 'X', '--role', 'wizard', '--password', 'short'], env);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('/role');
  });

  it('verifies the audit chain and names the first entry someone tampered with', async () => {
    for (let i = 0; i < 3; i++) {
      await inTransaction(db.knex, (trx) =>
        appendAudit(trx, { actorId: null, action: 'test.entry', entity: 'test', entityId: i, after: { i } }),
      );
    }
    const ok = await run(['audit', 'verify'], env);
    expect(ok.code).to.equal(0);
    expect(ok.stdout).to.match(/intact: \d+ entries/);
    const victim = await db.knex('audit_log').where({ action: 'test.entry', entity_id: '1' }).first('id');
    await db
      .knex('audit_log')
      .where({ id: victim.id })
      .update({ after: JSON.stringify({ i: 99 }) });
    const broken = await run(['audit', 'verify'], env);
    expect(broken.code).to.equal(1);
    expect(broken.stderr).to.contain(`entry ${victim.id}`);
    expect(broken.stderr).to.contain('edited');
  });

  if (testDialect === 'sqlite') {
    it('backs up the SQLite database online into a file that passes its integrity check', async () => {
      const target = path.join(db.location.dataDir, 'backup', 'copy.sqlite');
      const r = await run(['backup', target], env);
      expect(r.code, r.stderr).to.equal(0);
      const Database = (await import('better-sqlite3')).default;
      const copy = new Database(target, { readonly: true });
      try {
        expect(copy.prepare('select count(*) as n from users').get()).to.deep.equal({
          n: Number((await db.knex('users').count({ n: '*' }).first())!.n),
        });
      } finally {
        copy.close();
      }
      expect((await run(['backup', target], env)).code).to.equal(2); // never overwrites
    });
  }

  it('refuses a bad configuration with one line naming the variable', async () => {
    const r = await run(['migrate'], { ...env, PORT: 'eighty' });
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.contain('PORT');
  });
});

describe('the clustermark bin', () => {
  it('runs as a real process with a non-zero exit on error', () => {
    const ok = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/clustermark.js'), 'score', path.join(ROOT, 'fixtures/evidence/example-3-no-label.json')],
      { encoding: 'utf8' },
    );
    expect(ok.status).to.equal(0);
    expect(JSON.parse(ok.stdout).total.points).to.equal(55);
    const bad = spawnSync(process.execPath, [path.join(ROOT, 'bin/clustermark.js'), 'nope'], { encoding: 'utf8' });
    expect(bad.status).to.equal(2);
    // the report reads its fonts from disk: this proves they are where the running code (dist/ after a build) looks
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bin-')), 'r.pdf');
    const report = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/clustermark.js'), 'report', path.join(ROOT, 'fixtures/evidence/example-1-gold.json'), '-o', out],
      { encoding: 'utf8' },
    );
    expect(report.status, report.stderr).to.equal(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).to.equal('%PDF-');
  });
});
