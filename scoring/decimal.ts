/**
 * Decimal rounding without binary floating-point drift (FRAMEWORK.md §1.2, §1.4).
 *
 * Every rounded value is produced either by decimal.js or as an exact integer k divided once by
 * 10^places. IEEE division is correctly rounded, so k / 10^places is the very double that parsing the
 * decimal string "k·10^-places" gives; comparing such doubles with band minimums parsed from JSON
 * therefore orders them exactly as the decimals they stand for.
 */
import Decimal from 'decimal.js';

const POW10 = [1, 10, 100, 1000, 10000];

/** Round a recorded number half-up to `places` decimals (26.15 → 26.2). */
export function roundHalfUp(x: number, places: number): number {
  // Fast path: a number already written with at most `places` decimals needs no rounding.
  const s = String(x);
  const dot = s.indexOf('.');
  if (s.indexOf('e') < 0 && (dot < 0 || s.length - dot - 1 <= places)) return x;
  return new Decimal(s).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toNumber();
}

/** floor(a / b) for non-negative safe integers, exactly. */
function intDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** scale × numerator / denominator rounded half-up to `places` decimals; integers ≥ 0, denominator > 0. */
export function roundedQuotient(numerator: number, denominator: number, places: number, scale = 1): number {
  const factor = scale * POW10[places];
  const twice = 2 * factor * numerator + denominator;
  if (!Number.isSafeInteger(twice) || !Number.isSafeInteger(2 * denominator)) {
    return new Decimal(numerator).times(scale).div(denominator).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toNumber();
  }
  return intDiv(twice, 2 * denominator) / POW10[places];
}

/** Percentage 100 × n / d to one decimal (§1.2.1); a zero denominator gives 0.0 (callers decide N/A). */
export function percent(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : roundedQuotient(numerator, denominator, 1, 100);
}

/** Mean of integer answers to two decimals (§3.3.4). */
export function mean(sum: number, count: number): number {
  return roundedQuotient(sum, count, 2);
}

/**
 * Show an already-rounded number with a fixed number of decimals ("3.80", "0.50"). toFixed is exact
 * here because the double is the nearest one to a decimal with at most `places` decimals.
 */
export function fixed(x: number, places: number): string {
  // toFixed is a call into V8's runtime, slow next to the string work around it. A value that is
  // exactly the double nearest k / 10^places (every rounded value) is written from the integer k
  // instead: the same digits toFixed prints. Anything else goes to toFixed.
  if (places === 1 || places === 2) {
    const scale = POW10[places];
    const k = Math.round(x * scale);
    if (k / scale === x && k >= 0 && k < 1e15) {
      const decimals = k % scale;
      const whole = (k - decimals) / scale;
      return places === 1 || decimals >= 10 ? `${whole}.${decimals}` : `${whole}.0${decimals}`;
    }
  }
  return x.toFixed(places);
}
