/**
 * HTTP throughput and latency of three ClusterMark endpoints, each beside a bare Express endpoint of
 * the same method and body in the same server process, measured with autocannon over loopback.
 * Goal (issue 8): saving an interview value at ≥ 50 % of bare Express, p99 ≤ 25 ms with 50 connections,
 * on SQLite.
 * Run: npm run bench:api   (BENCH_ROUNDS=5 BENCH_SECONDS=4 BENCH_WARMUP_SECONDS=2 BENCH_CONNECTIONS=50 by default;
 * BENCH_DATABASE_URL=postgres://… to measure PostgreSQL in a throwaway database on that server; BENCH_LOG_LEVEL=info by default: the server
 * logs every request as in production, to /dev/null)
 *
 * How it measures: this process forks one server process that hosts the ClusterMark app (SQLite in a
 * temp folder: WAL, synchronous=FULL, as shipped) and a bare Express app on two ports. This process
 * only drives autocannon. For each endpoint it warms both up, then runs bare Express and ClusterMark
 * one after the other for the same duration and connection count, in BENCH_ROUNDS alternating rounds;
 * it reports each one's median round and the median of the rounds' ratios. This VM's speed drifts by
 * tens of percent within minutes; alternating short rounds lets the drift hit both alike.
 * - value: PUT /api/assessments/:id/values/STR-03 signed in as the lead, assessment in `interview`,
 *   no If-Match (every write bumps the version, appends to the audit chain and commits).
 * - score: GET /api/assessments/:id/score (example 1's 36 values and 36 survey responses).
 * - me: GET /api/me, the floor every signed-in request pays (security headers, logging, session and
 *   user read, cookie) with no work of its own.
 * - survey: POST /api/survey/:token with a full valid response (SURVEY_RATE_LIMIT raised, invited
 *   100,000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { benchAssessment, BENCH_PASSWORD, forkServer, serveOrDrive } from './server-process';

const COMMAND = 'npm run bench:api';
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const SECONDS = num('BENCH_SECONDS', 4);
const ROUNDS = num('BENCH_ROUNDS', 5);
const WARMUP = num('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);

interface Ready {
  cmPort: number;
  barePort: number;
  assessmentId: number;
  token: string;
  database: string;
}

// ---------------------------------------------------------------- the server process
async function serve(): Promise<void> {
  const express = (await import('express')).default;
  const { loadConfig } = await import('../server/config');
  const { openDatabase } = await import('../server/db/knex');
  const { bootstrap } = await import('../server/bootstrap');
  const { createApp } = await import('../server/app');
  const { inTransaction } = await import('../server/db/transaction');
  const { getAssessment } = await import('../server/services/assessments');
  const { upsertValue } = await import('../server/services/values');
  const { importResponses, newToken, openSurveyLink } = await import('../server/services/survey');
  const example1 = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/evidence/example-1-gold.json'), 'utf8'));

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bench-api-'));
  // PostgreSQL: a throwaway database on the named server, dropped afterwards
  const server = process.env.BENCH_DATABASE_URL || null;
  const knexFactory = (await import('knex')).default;
  const scratch = `cm_bench_${Date.now()}`;
  const admin = server ? knexFactory({ client: 'pg', connection: server, pool: { min: 0, max: 1 } }) : null;
  if (admin) await admin.raw(`create database ${scratch}`);
  const databaseUrl = server ? Object.assign(new URL(server), { pathname: `/${scratch}` }).toString() : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? '',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
    SURVEY_RATE_LIMIT: '1000000',
  });
  const { createLogger } = await import('../server/logger');
  const logger = createLogger(config.logLevel);
  const db = openDatabase({ databaseUrl, sqliteFile: path.join(dataDir, 'clustermark.sqlite') });
  await bootstrap(db, config, logger);
  const token = newToken();
  const assessmentId = await inTransaction(db.knex, async (trx) => {
    const { assessmentId: id, leadId } = await benchAssessment(trx);
    for (const [indicatorId, value] of Object.entries(example1.values))
      await upsertValue(trx, { assessmentId: id, indicatorId, kind: 'assessor', authorId: leadId, value });
    const responses = example1.survey.responses as Record<string, unknown>[];
    await importResponses(trx, await openSurveyLink(trx, id, leadId, 100_000, new Date(), token), responses);
    return (await getAssessment(trx, id)).id;
  });
  const app = createApp({ db, config, logger, sessionSecret: 'bench-secret-that-is-long-enough-0123456789' });

  const bare = express();
  bare.disable('x-powered-by');
  bare.use(express.json({ limit: '256kb' }));
  bare.put('/bare/values/:indicatorId', (req, res) => void res.json({ version: 1, indicatorId: req.params.indicatorId, kind: 'assessor' }));
  bare.get('/bare/score', (_req, res) => void res.json({ total: { points: 120, maxPoints: 200, percent: 60 } }));
  bare.post('/bare/survey', (_req, res) => void res.status(201).json({ received: true }));
  bare.get('/bare/me', (_req, res) => void res.json({ id: 1, email: 'lead@bench.example', name: 'Lead', role: 'benchmarker' }));

  const listen = (a: ReturnType<typeof express>) =>
    new Promise<number>((resolve) => {
      const s = a.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
    });
  const ready: Ready = { cmPort: await listen(app), barePort: await listen(bare), assessmentId, token, database: db.dialect };
  process.send!(ready);
  process.on('disconnect', () => {
    void db
      .close()
      .then(() => admin?.raw(`drop database if exists ${scratch} with (force)`))
      .finally(() => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
}

// ---------------------------------------------------------------- the driver
interface Figures {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
}

async function load(opts: autocannon.Options, seconds: number): Promise<Figures> {
  const r = await autocannon({ connections: CONNECTIONS, pipelining: 1, ...opts, duration: seconds });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The round with the median throughput (its latencies with it). */
function medianRound(rounds: Figures[]): Figures {
  return [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)];
}

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'lead@bench.example', password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}

async function drive(): Promise<void> {
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of the server process there (open it in Chrome DevTools);
  // bare Express is then not run, so that the profile shows ClusterMark alone
  const { child, ready } = await forkServer<Ready>(__filename);
  const cookie = await login(ready.cmPort);
  const cm = `http://127.0.0.1:${ready.cmPort}`;
  const bare = `http://127.0.0.1:${ready.barePort}`;
  const json = { 'content-type': 'application/json' };
  const example1 = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/evidence/example-1-gold.json'), 'utf8'));
  const answers = JSON.stringify({ answers: example1.survey.responses[0] });
  const targets: { key: string; name: string; ours: autocannon.Options; bare: autocannon.Options }[] = [
    {
      key: 'value',
      name: 'save an interview value (PUT …/values/STR-03)',
      ours: {
        url: `${cm}/api/assessments/${ready.assessmentId}/values/STR-03`,
        method: 'PUT',
        headers: { ...json, cookie },
        body: JSON.stringify({ value: 131, note: 'bench' }),
      },
      bare: {
        url: `${bare}/bare/values/STR-03`,
        method: 'PUT',
        headers: { ...json, cookie },
        body: JSON.stringify({ value: 131, note: 'bench' }),
      },
    },
    {
      key: 'score',
      name: 'read a score (GET …/score)',
      ours: { url: `${cm}/api/assessments/${ready.assessmentId}/score`, method: 'GET', headers: { cookie } },
      bare: { url: `${bare}/bare/score`, method: 'GET', headers: { cookie } },
    },
    {
      key: 'me',
      name: 'who am I (GET /api/me: the signed-in middleware alone)',
      ours: { url: `${cm}/api/me`, method: 'GET', headers: { cookie } },
      bare: { url: `${bare}/bare/me`, method: 'GET', headers: { cookie } },
    },
    {
      key: 'survey',
      name: 'submit a survey answer (POST /api/survey/:token)',
      ours: { url: `${cm}/api/survey/${ready.token}`, method: 'POST', headers: json, body: answers },
      bare: { url: `${bare}/bare/survey`, method: 'POST', headers: json, body: answers },
    },
  ];

  console.log(
    `${COMMAND}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `database ${ready.database}; ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each after ${WARMUP} s warm-up, loopback\n`,
  );
  const rows: string[] = [];
  let goalMet: boolean | null = null;
  // BENCH_ONLY=value|score|me|survey measures one endpoint (for profiling)
  const only = process.env.BENCH_ONLY;
  for (const t of targets.filter((x) => !only || x.key === only)) {
    if (WARMUP > 0) {
      if (!process.env.BENCH_CPU_PROF) await load(t.bare, WARMUP);
      await load(t.ours, WARMUP);
    }
    const rounds: { b: Figures; o: Figures }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const b = process.env.BENCH_CPU_PROF ? await load(t.ours, 0.1) : await load(t.bare, SECONDS);
      const o = await load(t.ours, SECONDS);
      rounds.push({ b, o });
      console.error(
        `${t.key} round ${i + 1}: bare ${b.rps.toFixed(0)}/s p99 ${b.p99} ms; ClusterMark ${o.rps.toFixed(0)}/s p50 ${o.p50} ms p99 ${o.p99} ms (${((100 * o.rps) / b.rps).toFixed(1)} %)`,
      );
    }
    const b = medianRound(rounds.map((r) => r.b));
    const o = {
      ...medianRound(rounds.map((r) => r.o)),
      non2xx: sum(rounds.map((r) => r.o.non2xx)),
      errors: sum(rounds.map((r) => r.o.errors)),
    };
    const ratio = median(rounds.map((r) => r.o.rps / r.b.rps));
    rows.push(`| ${t.name} | bare Express | ${b.rps.toFixed(0)} | ${b.p50} | ${b.p99} | — | ${b.non2xx + b.errors} |`);
    rows.push(`| | ClusterMark | ${o.rps.toFixed(0)} | ${o.p50} | ${o.p99} | ${(ratio * 100).toFixed(1)} % | ${o.non2xx + o.errors} |`);
    if (t.key === 'value') goalMet = ratio >= 0.5 && o.p99 <= 25 && o.non2xx + o.errors === 0;
    if (o.non2xx + o.errors > 0) console.error(`${t.name}: ${o.non2xx} non-2xx answers, ${o.errors} errors/timeouts`);
  }
  console.log('| endpoint | server | requests/s | p50 ms | p99 ms | of bare | non-2xx + errors |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
  console.log(
    `\ngoal (value saving ≥ 50 % of bare Express, p99 ≤ 25 ms, no errors): ${goalMet === null ? 'not measured' : goalMet ? 'met' : 'NOT met'}`,
  );
  child.disconnect();
}

serveOrDrive(serve, drive);
