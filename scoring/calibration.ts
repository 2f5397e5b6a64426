/**
 * Trainee calibration: a trainee's blind shadow values against the lead's final values, compared by
 * the band points each value gives (documents and survey play no part: they are the same for both).
 *
 * Every quality indicator is either compared (a row: both values, their bands and points, the
 * difference) or not compared, with why: computed from the survey, a value missing on either side, or
 * the final score blocked by missing evidence (documents not accepted). What was not compared is kept
 * apart: it is neither an agreement nor a disagreement.
 *
 * - exact agreement: % of compared indicators where both values give the same points (same band);
 * - within one band: % where the points differ by at most 1;
 * - quadratic-weighted Cohen's kappa over band points (categories 0…max points), null when undefined
 *   (nothing compared, or both raters used one and the same category throughout);
 * - the largest deviations, by absolute point difference, then catalogue number.
 */
import Decimal from 'decimal.js';
import type { LoadedFramework } from '../questionnaires/schema';
import { pointsFor } from './bands';
import { parseDate } from './dates';
import { percent } from './decimal';
import { EvidenceError, type EvidenceProblem } from './errors';
import { indexFramework, isSurveyBased, type FrameworkIndex } from './framework-index';
import type { RecordedValue } from './recorded-value';
import type { IndicatorScore } from './types';
import { validateValues } from './validate-values';

/** A value as the bands read it (ratios as their rounded percentage), or N/A; null: none recorded. */
export type CalibrationValue = number | 'not_applicable';

export interface CalibrationRow {
  indicator: string;
  shadowValue: CalibrationValue;
  /** the lead's own value (for Gold it may differ from the final, reconciled one); null: none recorded or not asked */
  leadValue: CalibrationValue | null;
  finalValue: CalibrationValue;
  /** the band that gave the points, as the score names it ("≥80:4", "L4"); null for N/A or below every band */
  shadowBand: string | null;
  finalBand: string | null;
  shadowPoints: number;
  finalPoints: number;
  /** shadow points − final points: the band difference */
  difference: number;
}

export type NotComparedReason =
  /** computed from the participant survey: nobody records it */
  | 'survey_based'
  /** neither the trainee nor the assessors recorded a value */
  | 'not_recorded'
  | 'no_shadow_value'
  | 'no_final_value'
  /** the final score gave no points for lack of evidence (documents not accepted, §1.4 step 3) */
  | 'evidence_blocked';

export interface NotCompared {
  indicator: string;
  reason: NotComparedReason;
  shadowValue: CalibrationValue | null;
  finalValue: CalibrationValue | null;
  /** evidence_blocked: the required documents that were not accepted */
  documents: string[];
}

export interface Calibration {
  /** quality indicators compared (rows.length) */
  compared: number;
  exactAgreement: number | null;
  withinOneBand: number | null;
  kappa: number | null;
  /** every compared indicator, in catalogue order */
  rows: CalibrationRow[];
  /** the largest deviations (rows whose points differ), at most `top` */
  deviations: CalibrationRow[];
  /** every other quality indicator, in catalogue order, with why it was not compared */
  notCompared: NotCompared[];
}

export interface CalibrationInput {
  /** the trainee's values per indicator, as recorded */
  shadow: Record<string, unknown>;
  /** the lead's final values per indicator, as recorded */
  final: Record<string, unknown>;
  /** the lead's own values, as recorded, shown beside the final ones (optional) */
  lead?: Record<string, unknown>;
  /** the final score's indicators (frozen at the decision, else live): which were blocked by missing evidence */
  score?: { indicators: IndicatorScore[] };
  /** needed only for values given as dates (FIN-01 secured-until, MGT-01 start) */
  interviewDate: string;
}

/** The band a recorded value falls in: points and the score's band name (N/A: none, 0 points). */
function bandOf(index: FrameworkIndex, id: string, value: RecordedValue): { points: number; band: string | null } {
  if (value.kind !== 'number') return { points: 0, band: null };
  return pointsFor(index.definition, index.byId.get(id)!, value.value);
}

const shown = (v: RecordedValue | undefined): CalibrationValue | null =>
  v === undefined ? null : v.kind === 'number' ? v.value : 'not_applicable';

/** Values checked against their indicators; each problem's path under `/<side>`. */
function checked(
  index: FrameworkIndex,
  values: Record<string, unknown>,
  side: string,
  date: ReturnType<typeof parseDate>,
  problems: EvidenceProblem[],
) {
  const found: EvidenceProblem[] = [];
  const out = validateValues(index, values, date ?? { y: 2000, m: 1, d: 1 }, found);
  problems.push(...found.map((p) => ({ ...p, path: p.path.replace(/^\/values/, `/${side}`) })));
  return out;
}

/** The required documents not accepted, where the final score gave no points for want of them. */
function blockedBy(score: IndicatorScore | undefined): string[] | null {
  if (!score || score.status !== 'insufficient_evidence') return null;
  return score.evidence.documents.filter((d) => d.status !== 'accepted').map((d) => d.id);
}

/** Why an indicator cannot be compared, in this order; null when it can. */
function whyNotCompared(
  surveyBased: boolean,
  shadow: RecordedValue | undefined,
  final: RecordedValue | undefined,
  blocked: string[] | null,
): NotComparedReason | null {
  if (surveyBased) return 'survey_based';
  if (!shadow && !final) return 'not_recorded';
  if (!shadow) return 'no_shadow_value';
  if (!final) return 'no_final_value';
  return blocked ? 'evidence_blocked' : null;
}

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
  const shadow = checked(index, input.shadow, 'shadow', interview, problems);
  const final = checked(index, input.final, 'final', interview, problems);
  const lead = checked(index, input.lead ?? {}, 'lead', interview, problems);
  if (problems.length > 0) throw new EvidenceError(problems);
  const scores = new Map((input.score?.indicators ?? []).map((s) => [s.id, s]));

  const rows: CalibrationRow[] = [];
  const notCompared: NotCompared[] = [];
  for (const i of index.quality) {
    const s = shadow.get(i.id);
    const f = final.get(i.id);
    const blocked = blockedBy(scores.get(i.id));
    const reason = whyNotCompared(isSurveyBased(i), s, f, blocked);
    if (reason) {
      notCompared.push({
        indicator: i.id,
        reason,
        shadowValue: shown(s),
        finalValue: shown(f),
        documents: reason === 'evidence_blocked' ? blocked! : [],
      });
      continue;
    }
    const sb = bandOf(index, i.id, s!);
    const fb = bandOf(index, i.id, f!);
    rows.push({
      indicator: i.id,
      shadowValue: shown(s)!,
      leadValue: shown(lead.get(i.id)),
      finalValue: shown(f)!,
      shadowBand: sb.band,
      finalBand: fb.band,
      shadowPoints: sb.points,
      finalPoints: fb.points,
      difference: sb.points - fb.points,
    });
  }
  const n = rows.length;
  const exact = rows.filter((r) => r.difference === 0).length;
  const withinOne = rows.filter((r) => Math.abs(r.difference) <= 1).length;
  const maxCategory = Math.max(0, ...index.quality.map((i) => i.scoring!.maxPoints));
  const number = (id: string) => index.byId.get(id)!.number;
  const deviations = rows
    .filter((r) => r.difference !== 0)
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || number(a.indicator) - number(b.indicator))
    .slice(0, top);
  return {
    compared: n,
    exactAgreement: n === 0 ? null : percent(exact, n),
    withinOneBand: n === 0 ? null : percent(withinOne, n),
    kappa: quadraticKappa(
      rows.map((r) => [r.shadowPoints, r.finalPoints]),
      maxCategory,
    ),
    rows,
    deviations,
    notCompared,
  };
}
