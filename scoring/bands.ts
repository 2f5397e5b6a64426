/**
 * From a value to points (FRAMEWORK.md §1.3), and back: the lowest value that gives some points,
 * which the path to the next label shows as its target value.
 */
import type { Band, FrameworkDefinition, Indicator } from '../questionnaires/schema';

export interface BandHit {
  points: number;
  /** "≥80:4" for a band, "L4" for a scale level; null when no band holds */
  band: string | null;
}

/** The last band whose condition holds (§1.3.1), or null. */
function lastBandHolding(bands: Band[], value: number): Band | null {
  let hit: Band | null = null;
  for (const band of bands) if (value >= band.min) hit = band;
  return hit;
}

/** "≥80:4", made once per band: formatting a decimal minimum is slow next to everything else here. */
const bandLabels = new WeakMap<Band, string>();
export function bandLabel(band: Band): string {
  let label = bandLabels.get(band);
  if (label === undefined) {
    label = `≥${band.min}:${band.points}`;
    bandLabels.set(band, label);
  }
  return label;
}

/** The points of the last band whose condition holds, else 0 (§1.3.1). */
export function bandPoints(bands: Band[], value: number): BandHit {
  const hit = lastBandHolding(bands, value);
  return hit ? { points: hit.points, band: bandLabel(hit) } : { points: 0, band: null };
}

function levelPoints(definition: FrameworkDefinition, indicator: Indicator): number[] {
  const name = indicator.scoring!.scale!;
  const scale = definition.scales[name];
  if (!scale) throw new Error(`${indicator.id}: unknown scale ${name}`);
  return scale;
}

/** Scale indicators take their points from a level scale; all others from bands. */
export function usesLevels(indicator: Indicator): boolean {
  return indicator.valueType === 'scale' || !indicator.scoring?.bands;
}

/** Points for a value of a quality indicator (scale values are levels 1–5). */
export function pointsFor(definition: FrameworkDefinition, indicator: Indicator, value: number): BandHit {
  if (usesLevels(indicator)) {
    return { points: levelPoints(definition, indicator)[value - 1] ?? 0, band: `L${value}` };
  }
  return bandPoints(indicator.scoring!.bands!, value);
}

export interface TargetValue {
  /** a number, or a level such as "L3" */
  value: number | string;
  /** the points that value gives (≥ the target asked for) */
  points: number;
}

/**
 * The lowest value giving at least `target` points, or null when none does. Points change only at
 * band minimums (or levels), so those are the only candidates. It depends on the definition alone, so
 * each answer is kept per indicator and target (the label checks and paths ask for the same ones in
 * every scoring, and finding it walks the deep-frozen bands, which V8 iterates slowly); a caller gets
 * its own copy.
 */
export function lowestValueFor(definition: FrameworkDefinition, indicator: Indicator, target: number): TargetValue | null {
  let answers = lowestValues.get(indicator);
  if (!answers || answers.definition !== definition) lowestValues.set(indicator, (answers = { definition, byTarget: new Map() }));
  let lowest = answers.byTarget.get(target);
  if (lowest === undefined) answers.byTarget.set(target, (lowest = findLowestValue(definition, indicator, target)));
  return lowest === null ? null : { value: lowest.value, points: lowest.points };
}

/** lowestValueFor's answers per indicator, for the definition they were found in. */
const lowestValues = new WeakMap<Indicator, { definition: FrameworkDefinition; byTarget: Map<number, TargetValue | null> }>();

function findLowestValue(definition: FrameworkDefinition, indicator: Indicator, target: number): TargetValue | null {
  if (usesLevels(indicator)) {
    const scale = levelPoints(definition, indicator);
    const level = scale.findIndex((points) => points >= target);
    return level < 0 ? null : { value: `L${level + 1}`, points: scale[level] };
  }
  const bands = indicator.scoring!.bands!;
  for (const min of distinctMinimums(bands)) {
    const points = lastBandHolding(bands, min)?.points ?? 0;
    if (points >= target) return { value: min, points };
  }
  return null;
}

/** The bands' distinct minimums, ascending; derived once per band list (a definition never changes). */
const minimumsOf = new WeakMap<Band[], number[]>();
function distinctMinimums(bands: Band[]): number[] {
  let mins = minimumsOf.get(bands);
  if (!mins) {
    mins = [...new Set(bands.map((b) => b.min))].sort((a, b) => a - b);
    minimumsOf.set(bands, mins);
  }
  return mins;
}
