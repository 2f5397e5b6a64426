/**
 * Peer statistics for the benchmark: the percentile of a value in a peer set and quartiles.
 *
 * Percentile uses mid-ranks for ties: 100 × (below + 0.5 × equal) / n. Quartiles use linear
 * interpolation between order statistics (Hyndman & Fan type 7, the default of R and NumPy):
 * h = (n − 1) × p, q = x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋ + 1] − x[⌊h⌋]). Results are rounded half-up in
 * decimal to 2 decimals (percentile: 1 decimal) so that reports never show binary noise.
 */
import Decimal from 'decimal.js';

export interface Quartiles {
  count: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

const round = (x: Decimal, places: number) => x.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toNumber();

/** Percentile rank (0–100, 1 decimal) of `value` among `peers`; null for an empty peer set. */
export function percentile(value: number, peers: readonly number[]): number | null {
  if (peers.length === 0) return null;
  let below = 0;
  let equal = 0;
  for (const peer of peers) {
    if (peer < value) below++;
    else if (peer === value) equal++;
  }
  return round(new Decimal(below).plus(new Decimal(equal).div(2)).times(100).div(peers.length), 1);
}

/** The p-quantile (0 ≤ p ≤ 1) of sorted values, type 7, rounded half-up to `places` decimals. */
function quantileOfSorted(sorted: number[], p: number, places = 2): number {
  const h = new Decimal(sorted.length - 1).times(p);
  const low = h.floor().toNumber();
  const high = Math.min(low + 1, sorted.length - 1);
  const fraction = h.minus(low);
  const lowValue = new Decimal(String(sorted[low]));
  return round(lowValue.plus(fraction.times(new Decimal(String(sorted[high])).minus(lowValue))), places);
}

/** The one quantile of the code base (the benchmark, the report's demo peers): type 7, `places` decimals (2). */
export function quantile(values: readonly number[], p: number, places = 2): number | null {
  if (values.length === 0) return null;
  if (p < 0 || p > 1) throw new RangeError(`quantile p must be within 0–1, got ${p}`);
  return quantileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
    places,
  );
}

export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

/** Quartiles (type 7) with count, minimum and maximum; null for an empty set. */
export function quartiles(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0],
    q1: quantileOfSorted(sorted, 0.25),
    median: quantileOfSorted(sorted, 0.5),
    q3: quantileOfSorted(sorted, 0.75),
    max: sorted[sorted.length - 1],
  };
}
