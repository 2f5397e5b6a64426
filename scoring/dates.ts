/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) without the clock or time zones: every date in the
 * engine is a civil date given in the evidence.
 */

export interface CivilDate {
  y: number;
  m: number; // 1–12
  d: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : DAYS_IN_MONTH[m - 1];
}

/** A real calendar date, or null (2026-02-30 and 2026-13-01 are malformed). */
export function parseDate(s: string): CivilDate | null {
  const match = ISO_DATE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

/** Parse a date already validated by the evidence schema. */
export function mustParseDate(s: string): CivilDate {
  const date = parseDate(s);
  if (!date) throw new Error(`Malformed date ${s}`);
  return date;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function formatDate(date: CivilDate): string {
  return `${pad(date.y, 4)}-${pad(date.m, 2)}-${pad(date.d, 2)}`;
}

export function formatMonth(y: number, m: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}`;
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** Whole calendar months from the month of `from` to the month of `to` (§5.2 S1: Δ). */
export function monthsBetween(from: CivilDate, to: CivilDate): number {
  return 12 * (to.y - from.y) + (to.m - from.m);
}

/** The month `months` after the month of `date`, as {y, m}. */
export function addMonths(date: { y: number; m: number }, months: number): { y: number; m: number } {
  const index = date.y * 12 + (date.m - 1) + months;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

/** Label validity (§5.5): the last day of the month `months` after the issue month. */
export function validUntil(issued: CivilDate, months: number): string {
  const { y, m } = addMonths(issued, months);
  return formatDate({ y, m, d: daysInMonth(y, m) });
}

/**
 * FIN-01 (§1.2.3): months from the interview month to the month of `securedUntil`, minus one when
 * the secured-until date is not the last day of its month, never below 0.
 */
export function monthsSecured(interview: CivilDate, securedUntil: CivilDate): number {
  const partial = securedUntil.d === daysInMonth(securedUntil.y, securedUntil.m) ? 0 : 1;
  return Math.max(0, monthsBetween(interview, securedUntil) - partial);
}

/**
 * Completed full years from `since` to `at` (§1.2.2). An anniversary on a day the month lacks
 * (29 February) falls on the month's last day, as in the definition of "last N months".
 */
export function completedYears(since: CivilDate, at: CivilDate): number {
  const years = at.y - since.y;
  const anniversaryDay = Math.min(since.d, daysInMonth(at.y, since.m));
  const reached = at.m > since.m || (at.m === since.m && at.d >= anniversaryDay);
  return Math.max(0, reached ? years : years - 1);
}
