/**
 * Integrity checks a JSON Schema cannot express, part 2: what each kind of indicator must carry, bands
 * and scales, reachable thresholds and minimums, and the control sums of areas and totals.
 */
import type { FrameworkDefinition, Indicator, Scoring } from './schema';
import { Issues } from './framework-index';

type Path = (string | number)[];

export function checkScales(def: FrameworkDefinition, issues: Issues): void {
  for (const [name, points] of Object.entries(def.scales)) {
    points.forEach((p, k) => {
      if (k > 0 && p <= points[k - 1])
        issues.at(
          ['scales', name, k],
          `scale ${name}: points must rise from level to level (L${k + 1} = ${p} after L${k} = ${points[k - 1]})`,
        );
    });
  }
}

export function checkIndicatorShape(def: FrameworkDefinition, issues: Issues): void {
  def.indicators.forEach((ind, i) => {
    const at: Path = ['indicators', i];
    if (ind.kind === 'quality') {
      if (!ind.scoring) issues.at([...at, 'scoring'], `quality indicator ${ind.id} needs "scoring"`);
      if (!ind.action) issues.at([...at, 'action'], `quality indicator ${ind.id} needs a recommended "action" for when it is unmet`);
    } else {
      if (ind.scoring) issues.at([...at, 'scoring'], `profile indicator ${ind.id} is recorded, never scored: it must not have "scoring"`);
      if (ind.action) issues.at([...at, 'action'], `profile indicator ${ind.id} is never unmet: it must not have an "action"`);
    }

    const isScale = ind.valueType === 'scale';
    if (isScale && !ind.levels) issues.at([...at, 'levels'], `scale indicator ${ind.id} needs the descriptions of its 5 levels`);
    if (!isScale && ind.levels) issues.at([...at, 'levels'], `only scale indicators have levels, not ${ind.valueType}`);
    ind.levels?.forEach((level, k) => {
      if (level.level !== k + 1)
        issues.at([...at, 'levels', k, 'level'], `levels must be listed L1 to L5 in order: expected ${k + 1}, got ${level.level}`);
    });

    if (ind.valueType === 'code' && !ind.codes) issues.at([...at, 'codes'], `a "code" indicator needs its list of allowed codes`);
    if (ind.valueType !== 'code' && ind.codes) issues.at([...at, 'codes'], `only "code" indicators have codes, not ${ind.valueType}`);
    if (ind.codes) issues.unique(ind.codes, (c) => c, [...at, 'codes'], null, 'code');
    if (ind.notApplicable && ind.kind !== 'quality') issues.at([...at, 'notApplicable'], 'N/A applies to quality indicators only');
  });
}

export function checkScoring(def: FrameworkDefinition, issues: Issues): void {
  def.indicators.forEach((ind, i) => {
    if (!ind.scoring) return;
    const at: Path = ['indicators', i, 'scoring'];
    const reachable = reachablePoints(ind, def, at, issues);
    if (reachable) checkThresholds(ind.scoring, reachable, at, issues);
  });
}

/** The points an indicator can give (bands' or scale's points, without 0), after checking them. */
function reachablePoints(ind: Indicator, def: FrameworkDefinition, at: Path, issues: Issues): number[] | null {
  const s = ind.scoring as Scoring;
  const isScale = ind.valueType === 'scale';
  if (s.bands && s.scale !== undefined) {
    issues.at([...at, 'scale'], 'give either "bands" or "scale", not both');
    return null;
  }
  if (isScale) {
    if (s.scale === undefined)
      return (issues.at([...at, 'scale'], `scale indicator ${ind.id} needs "scale" (one of: ${Object.keys(def.scales).join(', ')})`), null);
    const points = Object.prototype.hasOwnProperty.call(def.scales, s.scale) ? def.scales[s.scale] : undefined;
    if (!points) return (issues.at([...at, 'scale'], `unknown scale "${s.scale}" (scales: ${Object.keys(def.scales).join(', ')})`), null);
    const top = points[points.length - 1];
    if (top !== s.maxPoints) issues.at([...at, 'maxPoints'], `maxPoints is ${s.maxPoints}, but scale ${s.scale} gives at most ${top}`);
    return points.filter((p) => p > 0);
  }
  if (s.scale !== undefined)
    return (issues.at([...at, 'scale'], `only scale indicators use a scale; ${ind.id} is ${ind.valueType} and needs "bands"`), null);
  if (!s.bands) return (issues.at([...at, 'bands'], `${ind.valueType} indicator ${ind.id} needs "bands"`), null);
  if (!checkBands(ind, s.bands, at, issues)) return null;
  const last = s.bands[s.bands.length - 1].points;
  if (last !== s.maxPoints) issues.at([...at, 'maxPoints'], `maxPoints is ${s.maxPoints}, but the last band gives ${last}`);
  return s.bands.map((b) => b.points).filter((p) => p > 0);
}

/** Bands strictly ascending in `min` and in `points` (so they cannot overlap), inside the value's range. */
function checkBands(ind: Indicator, bands: NonNullable<Scoring['bands']>, at: Path, issues: Issues): boolean {
  let ok = true;
  const range = valueRange(ind);
  bands.forEach((band, k) => {
    const path = [...at, 'bands', k];
    if (k > 0 && band.min <= bands[k - 1].min) {
      ok = false;
      issues.at(
        [...path, 'min'],
        `bands must be in ascending order of "min": ≥${band.min} does not come after ≥${bands[k - 1].min} (overlapping or unordered bands)`,
      );
    }
    if (k > 0 && band.points <= bands[k - 1].points) {
      ok = false;
      issues.at([...path, 'points'], `band points must rise: ${band.points} after ${bands[k - 1].points}`);
    }
    if (band.min < range.min || band.min > range.max) {
      ok = false;
      issues.at(
        [...path, 'min'],
        `≥${band.min} can never be reached by a ${ind.valueType} value (range ${range.min}–${range.max === Infinity ? '∞' : range.max})`,
      );
    }
    if (range.integer && !Number.isInteger(band.min))
      issues.at([...path, 'min'], `${ind.valueType} values are whole numbers; ≥${band.min} should be an integer`);
  });
  return ok;
}

function valueRange(ind: Indicator): { min: number; max: number; integer: boolean } {
  switch (ind.valueType) {
    case 'percent':
    case 'survey_percent_yes':
      return { min: 0, max: 100, integer: false };
    case 'survey_mean':
      return { min: 1, max: 5, integer: false };
    case 'integer':
    case 'years':
    case 'months':
      return { min: 0, max: ind.maxValue ?? Infinity, integer: true };
    default:
      return { min: 0, max: ind.maxValue ?? Infinity, integer: false };
  }
}

function checkThresholds(s: Scoring, reachable: number[], at: Path, issues: Issues): void {
  const list = reachable.join(', ');
  if (s.goldThreshold > s.maxPoints)
    issues.at([...at, 'goldThreshold'], `Gold threshold ${s.goldThreshold} is above maxPoints ${s.maxPoints}`);
  else if (!reachable.includes(s.goldThreshold))
    issues.at([...at, 'goldThreshold'], `Gold threshold ${s.goldThreshold} is not a number of points the indicator can give (${list})`);
  if (s.minimumPoints === null) return;
  if (s.minimumPoints > s.goldThreshold)
    issues.at([...at, 'minimumPoints'], `minimum ${s.minimumPoints} is above the Gold threshold ${s.goldThreshold}`);
  else if (!reachable.includes(s.minimumPoints))
    issues.at([...at, 'minimumPoints'], `minimum ${s.minimumPoints} is not a number of points the indicator can give (${list})`);
}

/** Area and framework control sums, and the Gold total against the maximum. */
export function checkControlSums(def: FrameworkDefinition, issues: Issues): void {
  const quality = def.indicators.filter((i) => i.kind === 'quality');
  const sum = (items: Indicator[], pick: (s: Scoring) => number) => items.reduce((n, i) => n + (i.scoring ? pick(i.scoring) : 0), 0);

  def.areas.forEach((area, a) => {
    const members = def.indicators.filter((i) => i.area === area.code);
    if (members.length === 0) issues.at(['areas', a], `area ${area.code} has no indicators`);
    const inArea = members.filter((i) => i.kind === 'quality');
    const max = sum(inArea, (s) => s.maxPoints);
    const gold = sum(inArea, (s) => s.goldThreshold);
    if (area.maxPoints !== max)
      issues.at(
        ['areas', a, 'maxPoints'],
        `area ${area.code}: maxPoints is ${area.maxPoints}, but its quality indicators add up to ${max}`,
      );
    if (area.goldThresholdSum !== gold)
      issues.at(
        ['areas', a, 'goldThresholdSum'],
        `area ${area.code}: goldThresholdSum is ${area.goldThresholdSum}, but its Gold thresholds add up to ${gold}`,
      );
  });

  const totals = def.totals;
  const profile = def.indicators.length - quality.length;
  const max = sum(quality, (s) => s.maxPoints);
  const gold = sum(quality, (s) => s.goldThreshold);
  if (totals.qualityIndicators !== quality.length)
    issues.at(['totals', 'qualityIndicators'], `says ${totals.qualityIndicators}, but there are ${quality.length} quality indicators`);
  if (totals.profileIndicators !== profile)
    issues.at(['totals', 'profileIndicators'], `says ${totals.profileIndicators}, but there are ${profile} profile indicators`);
  if (totals.maxPoints !== max) issues.at(['totals', 'maxPoints'], `says ${totals.maxPoints}, but the quality indicators add up to ${max}`);
  if (totals.goldThresholdSum !== gold)
    issues.at(['totals', 'goldThresholdSum'], `says ${totals.goldThresholdSum}, but the Gold thresholds add up to ${gold}`);

  const minTotal = def.labelRules.gold?.minTotal;
  if (minTotal !== undefined && minTotal > max)
    issues.at(['labelRules', 'gold', 'minTotal'], `Gold needs ${minTotal} points, but at most ${max} can be scored`);
}
