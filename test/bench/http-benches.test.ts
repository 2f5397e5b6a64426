/**
 * The HTTP benchmarks (`npm run bench:api`, `npm run bench:floor`) are long and stay out of CI; this
 * runs each for a moment so that they keep working: every endpoint answers 2xx under load, and the
 * tables come out whole. bench:api runs on the database under test (BENCH_DATABASE_URL on PostgreSQL);
 * bench:floor is SQLite only. No figure is judged here.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_PG_URL, testDialect } from '../support/db';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SHORT = { BENCH_ROUNDS: '1', BENCH_SECONDS: '1', BENCH_WARMUP_SECONDS: '0' };

describe(`HTTP benchmark scripts, briefly (${testDialect})`, function () {
  this.timeout(120_000);

  it('bench:api measures every endpoint beside bare Express without a failed request', async () => {
    const r = await run('bench/api.ts', { ...SHORT, ...(TEST_PG_URL ? { BENCH_DATABASE_URL: TEST_PG_URL } : {}) });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(`database ${testDialect}`);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| '));
    // the header, its rule, and a bare Express and a ClusterMark row for each of the four endpoints
    expect(rows).to.have.length(2 + 8);
    for (const row of rows.slice(2)) {
      const cells = row.split('|').map((c) => c.trim());
      expect(Number(cells[3]), row).to.be.above(0); // requests/s
      expect(cells[7], row).to.equal('0'); // non-2xx + errors
    }
    expect(r.stdout).to.match(/goal \(value saving ≥ 50 % of bare Express, p99 ≤ 25 ms, no errors\): (met|NOT met)/);
  });

  if (testDialect === 'sqlite') {
    it('bench:floor measures every layer', async () => {
      const r = await run('bench/floor.ts', SHORT);
      expect(r.code, r.stderr).to.equal(0);
      const rows = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| layer') && !l.startsWith('| ---'));
      expect(rows.map((l) => l.split('|')[1].trim())).to.deep.equal([
        'bare Express (express.json, the handler)',
        '+ request log (server/http/requestLog.ts)',
        '+ security headers (helmet, our CSP)',
        '+ express-session with its in-memory store',
        '… with our store instead (session read from the database)',
        '+ the user read (loadActor): the signed-in floor',
        'ClusterMark GET /api/me (all middleware, the router)',
        'ClusterMark PUT …/values/STR-03 (the real save)',
      ]);
      for (const row of rows) expect(Number(row.split('|')[2].trim()), row).to.be.above(0);
    });
  }
});
