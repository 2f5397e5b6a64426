/**
 * Trainee calibration: a trainee's blind shadow values against the lead's final values, compared by
 * the band points each value gives (documents and survey play no part: they are the same for both).
 *
 * - exact agreement: % of compared indicators where both values give the same points (same band);
 * - within one band: % where the points differ by at most 1;
 * - quadratic-weighted Cohen's kappa over band points (categories 0…max points), null when undefined
 *   (both raters used one and the same category throughout);
 * - the largest deviations, by absolute point difference, then catalogue number.
 */
import Decimal from 'decimal.js';
import type { LoadedFramework } from '../questionnaires/schema';
import { pointsFor } from './bands';
import { parseDate } from './dates';
import { percent } from './decimal';
import { EvidenceError, type EvidenceProblem } from './errors';
import { indexFramework, type FrameworkIndex } from './framework-index';
import type { RecordedValue } from './recorded-value';
import { validateValues } from './validate-values';

export interface CalibrationDeviation {
  indicator: string;
  shadowValue: number | null;
  finalValue: number | null;
  shadowPoints: number;
  finalPoints: number;
  /** shadow points − final points */
  difference: number;
}

export interface Calibration {
  /** indicators both recorded (quality indicators only) */
  compared: number;
  exactAgreement: number | null;
  withinOneBand: number | null;
  kappa: number | null;
  deviations: CalibrationDeviation[];
}

export interface CalibrationInput {
  /** the trainee's values per indicator, as recorded */
  shadow: Record<string, unknown>;
  /** the lead's final values per indicator, as recorded */
  final: Record<string, unknown>;
  /** needed only for values given as dates (FIN-01 secured-until, MGT-01 start) */
  interviewDate: string;
}

interface Pair {
  id: string;
  number: number;
  shadow: RecordedValue;
  final: RecordedValue;
  shadowPoints: number;
  finalPoints: number;
}

function bandPointsOf(index: FrameworkIndex, id: string, value: RecordedValue): number {
  if (value.kind !== 'number') return 0;
  return pointsFor(index.definition, index.byId.get(id)!, value.value).points;
}

const numeric = (v: RecordedValue) => (v.kind === 'number' ? v.value : null);

/** Quadratic-weighted kappa from paired categories 0…k. */
export function quadraticKappa(pairs: [number, number][], k: number): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const rows = new Array<number>(k + 1).fill(0);
  const cols = new Array<number>(k + 1).fill(0);
  let observed = 0;
  for (const [a, b] of pairs) {
    rows[a]++;
    cols[b]++;
    observed += (a - b) ** 2;
  }
  let expected = 0;
  for (let i = 0; i <= k; i++) for (let j = 0; j <= k; j++) expected += (i - j) ** 2 * rows[i] * cols[j];
  if (expected === 0) return null;
  // κ = 1 − Σw·O / Σw·E with O as proportions (observed / n) and E = r·c / n²: all integers here.
  return new Decimal(1).minus(new Decimal(observed).times(n).div(expected)).toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toNumber();
}

export function calibrate(framework: LoadedFramework, input: CalibrationInput, top = 5): Calibration {
  const index = indexFramework(framework.definition);
  const interview = parseDate(input.interviewDate);
  const problems: EvidenceProblem[] = interview
    ? []
    : [{ path: '/interviewDate', message: 'malformed date (expected a real date YYYY-MM-DD)' }];
  const shadowProblems: EvidenceProblem[] = [];
  const finalProblems: EvidenceProblem[] = [];
  const date = interview ?? { y: 2000, m: 1, d: 1 };
  const shadow = validateValues(index, input.shadow, date, shadowProblems);
  const final = validateValues(index, input.final, date, finalProblems);
  problems.push(...shadowProblems.map((p) => ({ ...p, path: p.path.replace(/^\/values/, '/shadow') })));
  problems.push(...finalProblems.map((p) => ({ ...p, path: p.path.replace(/^\/values/, '/final') })));
  if (problems.length > 0) throw new EvidenceError(problems);

  const pairs: Pair[] = index.quality
    .filter((i) => shadow.has(i.id) && final.has(i.id))
    .map((i) => {
      const s = shadow.get(i.id)!;
      const f = final.get(i.id)!;
      return {
        id: i.id,
        number: i.number,
        shadow: s,
        final: f,
        shadowPoints: bandPointsOf(index, i.id, s),
        finalPoints: bandPointsOf(index, i.id, f),
      };
    });
  const n = pairs.length;
  const exact = pairs.filter((p) => p.shadowPoints === p.finalPoints).length;
  const withinOne = pairs.filter((p) => Math.abs(p.shadowPoints - p.finalPoints) <= 1).length;
  const maxCategory = Math.max(0, ...index.quality.map((i) => i.scoring!.maxPoints));
  const deviations = pairs
    .filter((p) => p.shadowPoints !== p.finalPoints)
    .sort((a, b) => Math.abs(b.shadowPoints - b.finalPoints) - Math.abs(a.shadowPoints - a.finalPoints) || a.number - b.number)
    .slice(0, top)
    .map((p) => ({
      indicator: p.id,
      shadowValue: numeric(p.shadow),
      finalValue: numeric(p.final),
      shadowPoints: p.shadowPoints,
      finalPoints: p.finalPoints,
      difference: p.shadowPoints - p.finalPoints,
    }));
  return {
    compared: n,
    exactAgreement: n === 0 ? null : percent(exact, n),
    withinOneBand: n === 0 ? null : percent(withinOne, n),
    kappa: quadraticKappa(
      pairs.map((p) => [p.shadowPoints, p.finalPoints]),
      maxCategory,
    ),
    deviations,
  };
}
