/**
 * Where a signed-in request's time goes: the same PUT with the same JSON body and the same small JSON
 * answer, served by Express apps that add ClusterMark's middleware one layer at a time, then by
 * ClusterMark itself (GET /api/me and the real value save). autocannon over loopback, 50 connections.
 * Run: npm run bench:floor   (BENCH_ROUNDS=3 BENCH_SECONDS=3 BENCH_WARMUP_SECONDS=1 by default; BENCH_ONLY=bare,session,… picks layers;
 * BENCH_CPU_PROF=dir writes a V8 CPU profile of the server process there)
 *
 * Each layer's answer time (1 / throughput of the closed loop) minus the previous one is what that
 * layer costs; all apps live in one server process and are measured in alternating rounds, so the
 * VM's drift hits them alike (see bench/api.ts). The `express-session` layer runs the library with its
 * own in-memory store: what the session library costs before any database is involved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { benchAssessment, BENCH_PASSWORD, forkServer, serveOrDrive } from './server-process';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const SECONDS = num('BENCH_SECONDS', 3);
const WARMUP = num('BENCH_WARMUP_SECONDS', 1);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = 50;

const LAYERS = [
  ['bare', 'bare Express (express.json, the handler)'],
  ['log', '+ request log (server/http/requestLog.ts)'],
  ['helmet', '+ security headers (helmet, our CSP)'],
  ['session', '+ express-session with its in-memory store'],
  ['store', '… with our store instead (session read from the database)'],
  ['actor', '+ the user read (loadActor): the signed-in floor'],
  ['me', 'ClusterMark GET /api/me (all middleware, the router)'],
  ['value', 'ClusterMark PUT …/values/STR-03 (the real save)'],
] as const;

type Ready = { ports: Record<string, number>; assessmentId: number };

async function serve(): Promise<void> {
  const express = (await import('express')).default;
  const session = (await import('express-session')).default;
  const { loadConfig } = await import('../server/config');
  const { openDatabase } = await import('../server/db/knex');
  const { bootstrap } = await import('../server/bootstrap');
  const { createApp, securityHeaders } = await import('../server/app');
  const { inTransaction } = await import('../server/db/transaction');
  const { loadActor } = await import('../server/auth/actor');
  const { KnexSessionStore } = await import('../server/auth/sessionStore');
  const { requestLog } = await import('../server/http/requestLog');
  const { createLogger } = await import('../server/logger');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bench-floor-'));
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' });
  const logger = createLogger(config.logLevel);
  const db = openDatabase({ databaseUrl: null, sqliteFile: path.join(dataDir, 'clustermark.sqlite') });
  await bootstrap(db, config, logger);
  const { assessmentId, leadId } = await inTransaction(db.knex, benchAssessment);
  const secret = 'bench-secret-that-is-long-enough-0123456789';
  const ctx = { db, config, logger, sessionSecret: secret };

  // the layers, as app.ts sets them up
  const layered = (depth: number, sessionStore?: 'memory' | 'ours') => {
    const a = express();
    a.disable('x-powered-by');
    if (depth >= 1) a.use(requestLog(logger));
    if (depth >= 2) a.use(securityHeaders());
    if (sessionStore) {
      const store = sessionStore === 'memory' ? new session.MemoryStore() : new KnexSessionStore(db.knex);
      a.use(
        session({
          name: 'cm.sid',
          secret,
          store,
          resave: false,
          saveUninitialized: false,
          rolling: false,
          cookie: { httpOnly: true, sameSite: 'lax' },
        }),
      );
      a.post('/login', (req, res) => {
        req.session.userId = leadId;
        res.json({});
      });
    }
    if (depth >= 5) a.use(loadActor(ctx as never));
    a.use(express.json({ limit: '256kb' }));
    a.put('/x/values/:indicatorId', (req, res) => void res.json({ version: 1, indicatorId: req.params.indicatorId, kind: 'assessor' }));
    return a;
  };
  const apps: Record<string, ReturnType<typeof express>> = {
    bare: layered(0),
    log: layered(1),
    helmet: layered(2),
    session: layered(3, 'memory'),
    store: layered(4, 'ours'),
    actor: layered(5, 'ours'),
    clustermark: createApp(ctx as never),
  };
  const ports: Record<string, number> = {};
  for (const [key, app] of Object.entries(apps)) {
    ports[key] = await new Promise<number>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
    });
  }
  process.send!({ ports, assessmentId } satisfies Ready);
  process.on('disconnect', () => {
    void db.close().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

async function signIn(url: string, body?: object): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  if (res.status !== 200) throw new Error(`sign-in at ${url} failed: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}

async function drive(): Promise<void> {
  const { child, ready } = await forkServer<Ready>(__filename);
  const at = (key: string) => `http://127.0.0.1:${ready.ports[key]}`;
  const body = JSON.stringify({ value: 131, note: 'bench' });
  const put = (url: string, cookie?: string): autocannon.Options => ({
    url,
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body,
  });
  const cmCookie = await signIn(`${at('clustermark')}/api/login`, { email: 'lead@bench.example', password: BENCH_PASSWORD });
  const targets: Record<string, autocannon.Options> = {};
  for (const key of ['bare', 'log', 'helmet']) targets[key] = put(`${at(key)}/x/values/STR-03`);
  for (const key of ['session', 'store', 'actor']) targets[key] = put(`${at(key)}/x/values/STR-03`, await signIn(`${at(key)}/login`));
  targets.me = { url: `${at('clustermark')}/api/me`, headers: { cookie: cmCookie } };
  targets.value = put(`${at('clustermark')}/api/assessments/${ready.assessmentId}/values/STR-03`, cmCookie);

  const only = process.env.BENCH_ONLY?.split(',');
  const layers = LAYERS.filter(([key]) => !only || only.includes(key));
  console.log(
    `npm run bench:floor: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s, loopback\n`,
  );
  if (WARMUP > 0) for (const [key] of layers) await autocannon({ ...targets[key], connections: CONNECTIONS, duration: WARMUP });
  const rates: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [key] of layers) {
      const r = await autocannon({ ...targets[key], connections: CONNECTIONS, duration: SECONDS });
      if (r.non2xx || r.errors) throw new Error(`${key}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      (rates[key] ??= []).push(r.requests.average);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const bare = rates.bare ? median(rates.bare) : null;
  console.log('| layer | requests/s | µs per answer | added µs | of bare |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  let previous: number | null = null;
  for (const [key, name] of layers) {
    const rps = median(rates[key]);
    const us = 1e6 / rps;
    const added = previous === null || key === 'value' || key === 'me' ? '' : (us - previous).toFixed(0);
    console.log(`| ${name} | ${rps.toFixed(0)} | ${us.toFixed(0)} | ${added} | ${bare ? ((100 * rps) / bare).toFixed(1) + ' %' : ''} |`);
    if (key !== 'me' && key !== 'value') previous = us;
  }
  child.disconnect();
}

serveOrDrive(serve, drive);
