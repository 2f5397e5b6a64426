/**
 * Crash safety: the real server (`node bin/clustermark.js serve`) takes concurrent value writes and
 * survey answers, is killed with SIGKILL in the middle of them, and is started again on the same
 * database. Every write that was answered 2xx is there afterwards, and the database passes its
 * integrity check and the audit chain verifies. SQLite: the file in DATA_DIR (WAL, synchronous=FULL);
 * PostgreSQL: a throwaway database.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { openDatabase } from '../../server/db/knex';
import { integrityCheck } from '../../server/db/dialect';
import { verifyAudit } from '../../server/services/audit';
import { AUDIT_HEAD_FILE } from '../../server/services/auditHead';
import { resolveAuditKeyring } from '../../server/secrets';
import { inTransaction } from '../../server/db/transaction';
import { createUser } from '../../server/services/users';
import { actorFromRow } from '../../server/auth/actor';
import { createAssessment } from '../../server/services/assessments';
import { openSurveyLink } from '../../server/services/survey';
import { bootstrap } from '../../server/bootstrap';
import { loadConfig } from '../../server/config';
import pino from 'pino';

const ROOT = path.resolve(__dirname, '../..');
const PASSWORD = 'crash-test-password';
const INDICATORS = ['STR-03', 'MGT-02', 'FIN-01', 'FIN-03'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(db: TestDatabase, port: number): Promise<ChildProcess> {
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: db.location.dataDir,
    DATABASE_URL: db.location.databaseUrl ?? '',
    SESSION_SECRET: 'crash-test-secret-that-is-long-enough-0123',
    LOG_LEVEL: 'warn',
    SURVEY_RATE_LIMIT: '1000000',
    DEMO: '0',
  };
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/clustermark.js'), 'serve'], {
    env,
    stdio: ['ignore', process.env.CRASH_DEBUG ? 'inherit' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c) => (stderr += c));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`crash safety: SIGKILL during concurrent writes (${testDialect})`, function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let assessmentId: number;
  let token: string;
  let child: ChildProcess | null = null;

  before(async () => {
    db = await freshDatabase();
    const config = { ...loadConfig({ DATA_DIR: db.location.dataDir, LOG_LEVEL: 'silent' }), databaseUrl: db.location.databaseUrl };
    await bootstrap(db, config, pino({ level: 'silent' }));
    const ids = await inTransaction(db.knex, async (trx) => {
      const [c] = await trx('clusters')
        .insert({
          name: 'Crash Cluster',
          country: 'NO',
          sector: 'Energy',
          founded_year: 2012,
          benchmark_consent: false,
          created_at: new Date().toISOString(),
        })
        .returning(['id']);
      const lead = await createUser(
        trx,
        { email: 'lead@crash.example', name: 'Lead', password: PASSWORD, role: 'benchmarker', certification: 'gold', country: 'NO' },
        null,
      );
      const actor = actorFromRow(await trx('users').where({ id: lead.id }).first());
      const fw = await trx('frameworks').where({ key: 'esca-default' }).first('id');
      const a = await createAssessment(
        trx,
        { clusterId: Number(c.id), frameworkId: Number(fw.id), requestedLabel: 'bronze', leadId: lead.id, interviewDate: '2026-04-01' },
        actor,
      );
      await trx('assessments').where({ id: a.id }).update({ state: 'interview' });
      token = (await openSurveyLink(trx, a.id, lead.id, 100_000)).token;
      return { assessmentId: a.id };
    });
    assessmentId = ids.assessmentId;
    await db.close(); // the server process owns the database from here
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await db?.drop();
  });

  it('keeps every write that was answered 2xx, and the database is sound after the restart', async () => {
    const port = await freePort();
    child = await startServer(db, port);
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@crash.example', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];

    // Each value write carries a unique note; each survey answer a unique text (Q15).
    const answeredValues: { indicator: string; note: string; version: number }[] = [];
    const answeredSurveys: string[] = [];
    let attempted = 0;
    let broken = 0;
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const tag = `w${w}-${i}`;
        attempted++;
        try {
          if (i % 3 === 2) {
            const res = await fetch(`${base}/api/survey/${token}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ answers: { Q1: 'companies', Q7: 4, Q8: 4, Q9: 4, Q10: 4, Q15: tag } }),
            });
            if (res.status === 201) answeredSurveys.push(tag);
            else expect(res.status, await res.text()).to.be.oneOf([429]);
          } else {
            const indicator = INDICATORS[(w + i) % INDICATORS.length];
            const res = await fetch(`${base}/api/assessments/${assessmentId}/values/${indicator}`, {
              method: 'PUT',
              headers: { 'content-type': 'application/json', cookie },
              body: JSON.stringify({ value: 7, note: tag }),
            });
            if (res.status === 200)
              answeredValues.push({ indicator, note: tag, version: ((await res.json()) as { version: number }).version });
            else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          }
        } catch (err) {
          if (err instanceof Error && /^unexpected/.test(err.message)) throw err;
          broken++; // the connection died with the server: the write may or may not have happened
          if (stop || child!.exitCode !== null || child!.signalCode !== null) return;
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, w) => writer(w));
    // kill once a good number of writes have been answered, while the rest are in flight
    const killAfter = 150 + Math.floor(Math.random() * 150);
    while (answeredValues.length + answeredSurveys.length < killAfter) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    stop = true;
    await Promise.all(writers);
    console.log(
      `      ${attempted} writes attempted, ${answeredValues.length} value writes and ${answeredSurveys.length} survey answers answered 2xx, ${broken} cut off by SIGKILL`,
    );

    child = await startServer(db, port);
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));

    const after = openDatabase({ databaseUrl: db.location.databaseUrl, sqliteFile: db.location.sqliteFile ?? undefined });
    try {
      expect(await integrityCheck(after.knex, after.dialect)).to.deep.equal([]);
      // the server's key, and its chain head, written before the kill: behind the log, never ahead of it
      const keyring = resolveAuditKeyring(loadConfig({ DATA_DIR: db.location.dataDir }), { create: false });
      const audit = await verifyAudit(after.knex, {
        keyring,
        headFile: path.join(db.location.dataDir, AUDIT_HEAD_FILE),
        requireHead: true,
      });
      expect(audit.ok, JSON.stringify(audit.firstBroken)).to.equal(true);
      // every answered value write is in the audit log (the stored value keeps only the latest note)
      const audited = new Set(
        (await after.knex('audit_log').where({ action: 'value.assessor' }).pluck('after')).map((s: string) => JSON.parse(s).note),
      );
      const lostValues = answeredValues.filter((v) => !audited.has(v.note));
      expect(lostValues, 'answered value writes missing after the crash').to.deep.equal([]);
      const row = await after.knex('assessments').where({ id: assessmentId }).first('version');
      expect(Number(row.version)).to.be.at.least(Math.max(...answeredValues.map((v) => v.version)));
      // the last answered write of each indicator is the stored one, unless a later unanswered one won
      const stored = await after.knex('indicator_values').where({ assessment_id: assessmentId }).select('indicator_id', 'note');
      for (const s of stored) expect(audited.has(s.note)).to.equal(true);
      const surveys = new Set((await after.knex('survey_responses').pluck('answers')).map((s: string) => JSON.parse(s).Q15));
      const lostSurveys = answeredSurveys.filter((tag) => !surveys.has(tag));
      expect(lostSurveys, 'answered survey answers missing after the crash').to.deep.equal([]);
    } finally {
      await after.close();
    }
  });
});
