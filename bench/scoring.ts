/**
 * Scorings per second of the default framework on a realistic evidence (FRAMEWORK.md Example 1:
 * 36 indicators, 36 survey responses, 18 documents). Goal ≥ 20,000/s on one core.
 * Run: npm run bench:scoring
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFramework } from '../questionnaires';
import { score } from '../scoring';

const framework = defaultFramework();
const evidence = JSON.parse(readFileSync(join(__dirname, '../fixtures/evidence/example-1-gold.json'), 'utf8'));

function measure(seconds: number): number {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let n = 0;
  let points = 0;
  while (process.hrtime.bigint() < end) {
    for (let k = 0; k < 100; k++) points += score(framework, evidence).total.points;
    n += 100;
  }
  if (points !== 120 * n) throw new Error('unexpected total');
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

measure(1); // warm-up: JIT and the per-framework caches
const runs = [measure(2), measure(2), measure(2)].sort((a, b) => a - b);
const median = Math.round(runs[1]);
console.log(`scoring: ${median.toLocaleString('en')} scorings/s (median of 3 × 2 s, one core; goal ≥ 20,000/s)`);
