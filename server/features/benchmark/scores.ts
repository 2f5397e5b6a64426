/**
 * The shape of one benchmark record and how its points come from its values. Pure: no I/O.
 * Points are never trusted from outside; they are computed from the indicator values with the
 * scoring engine's band functions (scoring/bands.ts), so imported, generated and assessed records
 * agree with the framework in force.
 */
import Decimal from 'decimal.js';
import { defaultFramework, type Indicator } from '../../../questionnaires';
import { pointsFor } from '../../../scoring/bands';
import { roundHalfUp } from '../../../scoring/decimal';
import type { BenchmarkRecord } from './types';

export const FRAMEWORK_KEY = 'esca-default';

/** FTE of a cluster's management, when the framework gives no maximum: a plausibility bound */
const MAX_FTE = 1000;

/** The quality indicators of the default framework, in catalogue order. */
let quality: Indicator[] | undefined;
export function qualityIndicators(): Indicator[] {
  quality ??= defaultFramework().definition.indicators.filter((i) => i.kind === 'quality');
  return quality;
}

export function areaCodes(): string[] {
  return defaultFramework().definition.areas.map((a) => a.code);
}

/** Decimals a value of this type is recorded with (FRAMEWORK.md §1.2). */
export function decimalsOf(indicator: Indicator): number {
  switch (indicator.valueType) {
    case 'percent':
    case 'survey_percent_yes':
      return 1;
    case 'fte':
    case 'survey_mean':
      return 2;
    default:
      return 0;
  }
}

/**
 * The allowed range of an indicator's value, and whether it must be whole. FTE: the framework's
 * maximum (`maxValue`) where the definition gives one (the engine checks the same, scoring/
 * validate-values.ts), else a plausibility bound.
 */
export function rangeOf(indicator: Indicator): { min: number; max: number; integer: boolean } {
  switch (indicator.valueType) {
    case 'percent':
    case 'survey_percent_yes':
      return { min: 0, max: 100, integer: false };
    case 'scale':
      return { min: 1, max: 5, integer: true };
    case 'survey_mean':
      return { min: 1, max: 5, integer: false };
    case 'fte':
      return { min: 0, max: indicator.maxValue ?? MAX_FTE, integer: false };
    case 'months':
      return { min: 0, max: 600, integer: true };
    case 'years':
      return { min: 0, max: 200, integer: true };
    default:
      return { min: 0, max: 1_000_000, integer: true };
  }
}

export function roundValue(indicator: Indicator, value: number): number {
  return roundHalfUp(value, decimalsOf(indicator));
}

export interface RecordScores {
  indicatorPoints: Record<string, number>;
  areaPercents: Record<string, number>;
  totalPoints: number;
}

/** Points per indicator, percent per area and the total, from the values (missing → 0 points). */
export function scoreValues(values: Record<string, number | null>): RecordScores {
  const framework = defaultFramework();
  const definition = framework.definition;
  const indicatorPoints: Record<string, number> = {};
  const areaPoints = new Map<string, number>();
  let totalPoints = 0;
  for (const indicator of qualityIndicators()) {
    const value = values[indicator.id];
    const points = value == null ? 0 : pointsFor(definition, indicator, value).points;
    indicatorPoints[indicator.id] = points;
    areaPoints.set(indicator.area, (areaPoints.get(indicator.area) ?? 0) + points);
    totalPoints += points;
  }
  const areaPercents: Record<string, number> = {};
  for (const area of definition.areas) {
    areaPercents[area.code] = new Decimal(areaPoints.get(area.code) ?? 0)
      .times(100)
      .div(area.maxPoints)
      .toDecimalPlaces(1, Decimal.ROUND_HALF_UP)
      .toNumber();
  }
  return { indicatorPoints, areaPercents, totalPoints };
}

/** Whether every indicator with a minimum reaches it (the shared part of S5 and G2). */
export function minimumsMet(points: Record<string, number>): boolean {
  return qualityIndicators().every((i) => i.scoring?.minimumPoints == null || (points[i.id] ?? 0) >= i.scoring.minimumPoints);
}

/** Age in years at the assessment: MGT-01 when recorded, else the assessment year minus the founding year. */
export function ageAt(record: Pick<BenchmarkRecord, 'indicatorValues' | 'assessedOn' | 'foundedYear'>): number {
  const years = record.indicatorValues['MGT-01'];
  if (years != null) return years;
  return Math.max(0, Number(record.assessedOn.slice(0, 4)) - record.foundedYear);
}

export const AGE_BANDS = ['0-2', '3-5', '6-10', '11+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandOf(age: number): AgeBand {
  if (age < 3) return '0-2';
  if (age < 6) return '3-5';
  if (age <= 10) return '6-10';
  return '11+';
}
