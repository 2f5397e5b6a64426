/**
 * Scorings per second of the default framework on a realistic evidence (FRAMEWORK.md Example 1:
 * 36 indicators, 36 survey responses, 18 documents). Goal ≥ 20,000/s on one core.
 * Run: npm run bench:scoring
 *
 * How it measures: one warm-up round (JIT, the per-framework caches), then ROUNDS timed rounds of
 * ROUND_SECONDS each; it reports the median round. On Linux it re-runs itself under `taskset -c 0`
 * so that the scoring thread and the garbage collector share a single core.
 *
 * What it measures: the engine as the production server runs it, compiled by tsc (bench/compiled.ts);
 * BENCH_SOURCE=1 measures the TypeScript sources through tsx.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Questionnaires from '../questionnaires';
import type * as Scoring from '../scoring';
import { ensureBuilt, load, measured } from './compiled';

const COMMAND = 'npm run bench:scoring';
const WARM_UP_SECONDS = 2;
const ROUNDS = 5;
const ROUND_SECONDS = 2;
const GOAL = 20_000;

/** Re-run pinned to one CPU when possible; returns true when this process did the measuring itself. */
function pinToOneCore(): boolean {
  if (process.env.BENCH_PINNED || process.platform !== 'linux') return true;
  const child = spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: '1' },
  });
  if (child.error) return true; // no taskset: measure unpinned (still a single JavaScript thread)
  process.exitCode = child.status ?? 1;
  return false;
}

/** The engine and the frameworks, compiled or from the TypeScript sources. */
function loadEngine(): { questionnaires: typeof Questionnaires; scoring: typeof Scoring; what: string } {
  return { questionnaires: load<typeof Questionnaires>('questionnaires'), scoring: load<typeof Scoring>('scoring'), what: measured() };
}

if (!process.env.BENCH_PINNED) ensureBuilt();
const { questionnaires, scoring, what } = loadEngine();
const { score } = scoring;
const framework = questionnaires.defaultFramework();
const evidence = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures/evidence/example-1-gold.json'), 'utf8'));

/** Scorings per second over `seconds`; checks every result so the work cannot be skipped. */
function measure(seconds: number): number {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let n = 0;
  let points = 0;
  while (process.hrtime.bigint() < end) {
    for (let k = 0; k < 100; k++) points += score(framework, evidence).total.points;
    n += 100;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (points !== 120 * n) throw new Error('unexpected total');
  return n / elapsed;
}

function main(): void {
  if (score(framework, evidence).label.awarded !== 'gold') throw new Error('Example 1 must score Gold');
  measure(WARM_UP_SECONDS);
  const rounds = Array.from({ length: ROUNDS }, () => measure(ROUND_SECONDS)).sort((a, b) => a - b);
  const median = rounds[Math.floor(ROUNDS / 2)];
  const pinned = process.env.BENCH_PINNED ? 'pinned to CPU 0' : 'not pinned';
  const fmt = (x: number) => Math.round(x).toLocaleString('en');
  console.log(`$ ${COMMAND}  (node ${process.version}, ${pinned}; measures the ${what})`);
  console.log(`rounds (scorings/s): ${rounds.map(fmt).join(', ')}`);
  console.log(
    `scoring: ${fmt(median)} scorings/s, ${(1e6 / median).toFixed(1)} µs per scoring ` +
      `(median of ${ROUNDS} × ${ROUND_SECONDS} s after ${WARM_UP_SECONDS} s warm-up, one core; goal ≥ ${fmt(GOAL)}/s: ${median >= GOAL ? 'met' : 'NOT met'})`,
  );
}

if (pinToOneCore()) main();
