/**
 * Time of a peer query for one report (four peer groups — sector, country, age band, excellence —
 * each with the distribution and the cluster's percentile for all 31 indicators, 6 areas and the
 * total) over a pool of 10,000 synthetic clusters on SQLite. Goal: median ≤ 20 ms.
 * Run: npm run bench:benchmark   (BENCH_DATABASE_URL=postgres://… to run it on PostgreSQL)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, migrateLatest } from '../server/db/knex';
import { seedPeers } from '../server/demo';
import { openAudit } from '../server/services/audit';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { currentPool, loadPool, metricKeysInOrder, peerReport, type PeerSubject } from '../server/features/benchmark/peers';
import { generatePeers } from '../fixtures/peers/generator';
import { ageAt } from '../server/features/benchmark/scores';

const CLUSTERS = 10_000;
const ASOF = '2026-01-15';

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms (n = ${s.length})`;
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bench-'));
  const db = openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL ?? null, sqliteFile: path.join(dir, 'bench.sqlite') });
  try {
    await migrateLatest(db.knex);
    await openAudit(db, loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), createLogger('silent')); // seeding appends to the audit log
    await db.knex('benchmark_records').del();
    let t = performance.now();
    const records = await seedPeers(db.knex, { count: CLUSTERS, seed: 2026, asOf: ASOF });
    console.log(
      `seeded ${CLUSTERS.toLocaleString('en')} clusters (${records.toLocaleString('en')} records) on ${db.dialect} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // subjects: the latest records of 200 generated clusters (other seed, so they are not in the pool)
    const subjects: PeerSubject[] = [
      ...new Map(generatePeers({ count: 200, seed: 99, asOf: ASOF }).map((r) => [r.peerKey, r])).values(),
    ].map((r) => ({
      country: r.country,
      sector: r.sector,
      age: ageAt(r),
      values: Object.fromEntries(
        metricKeysInOrder().map((k) => [
          k,
          k === 'total' ? r.totalPoints : k.startsWith('area:') ? r.areaPercents[k.slice(5)] : r.indicatorValues[k],
        ]),
      ),
    }));

    t = performance.now();
    const pool = await currentPool(db.knex);
    peerReport(pool, subjects[0], ASOF);
    console.log(
      `cold: load the pool (${pool.entries.length.toLocaleString('en')} clusters) and the first report: ${(performance.now() - t).toFixed(1)} ms`,
    );

    const fresh: number[] = [];
    const base = await loadPool(db.knex);
    for (const s of subjects.slice(0, 50)) {
      base.memo.clear();
      const t0 = performance.now();
      peerReport(base, s, ASOF);
      fresh.push(performance.now() - t0);
    }
    console.log(`report with nothing memoised (pool in memory): ${stats(fresh)}`);

    const warm: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const s of subjects) {
        const t0 = performance.now();
        const report = peerReport(await currentPool(db.knex), s, ASOF); // includes the pool-version check query
        warm.push(performance.now() - t0);
        if (report.length !== 4) throw new Error('expected four peer groups');
      }
    }
    console.log(`report per cluster, steady state (version check + report): ${stats(warm)}   goal: median ≤ 20 ms`);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
