/**
 * Cold start: wall time from spawning `node bin/clustermark.js serve` to the first 200 of
 * GET /api/health, on a fresh data folder (migrations, the default framework, the first admin) and
 * again on the existing one (a restart). Goal (issue 8): 3 s or less.
 * Run: npm run build && npm run bench:cold-start   (COLD_START_RUNS=5; without dist/ the bin runs
 * the TypeScript sources through tsx, which is slower and is said so in the output)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.COLD_START_RUNS || 5);
const GOAL_MS = 3000;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function once(dataDir: string): Promise<number> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: 'admin@cold.example',
    ADMIN_PASSWORD: 'cold-start-password',
  };
  delete env.DATABASE_URL;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/clustermark.js'), 'serve'], { env, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.status === 200) return Number(process.hrtime.bigint() - started) / 1e6;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const compiled = fs.existsSync(path.join(ROOT, 'dist/server/cli/index.js'));
  console.log(
    `npm run bench:cold-start: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; ${compiled ? 'compiled (dist/)' : 'NOT compiled: TypeScript through tsx (run npm run build first)'}; SQLite`,
  );
  const fresh: number[] = [];
  const restart: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-cold-'));
    fresh.push(await once(dir));
    restart.push(await once(dir));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const fmt = (xs: number[]) =>
    `median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`serve → first 200, empty data folder (migrations, framework, first admin): ${fmt(fresh)}`);
  console.log(`serve → first 200, existing database (restart):                            ${fmt(restart)}`);
  console.log(`goal ≤ ${GOAL_MS} ms: ${Math.max(...fresh, ...restart) <= GOAL_MS ? 'met' : 'NOT met'}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
