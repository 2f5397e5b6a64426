/**
 * Checks each recorded value against its indicator's value type and range (FRAMEWORK.md §1.2,
 * §1.5; DESIGN.md evidence) and normalises it: percentages and FTE rounded half-up in decimal,
 * ratios turned into percentages, FIN-01 dates into months, start dates into completed years.
 */
import type { Indicator } from '../questionnaires/schema';
import { completedYears, monthsSecured, parseDate, type CivilDate } from './dates';
import { fixed, percent, roundHalfUp } from './decimal';
import { valueProblem, type EvidenceProblem, type ProblemFacts } from './errors';
import { isSurveyBased, type FrameworkIndex } from './framework-index';
import { isNonNegativeInteger, isPlainObject, pointer, type RecordedValue } from './recorded-value';

/** Why a value does not fit, as a code and its facts (messages/ words it: `valueProblems.<code>`). */
interface Misfit {
  code: string;
  facts?: ProblemFacts;
}
const misfit = (code: string, facts?: ProblemFacts): Misfit => ({ code, facts });
const isMisfit = (x: RecordedValue | Misfit): x is Misfit => 'code' in x;

type Check = (indicator: Indicator, raw: unknown, interview: CivilDate) => RecordedValue | Misfit;

const hasOnlyKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));
const num = (value: number, recorded: unknown, computation?: string): RecordedValue => ({ kind: 'number', value, recorded, computation });

function maxValueProblem(indicator: Indicator, value: number): Misfit | null {
  return indicator.maxValue !== undefined && value > indicator.maxValue ? misfit('max_value', { max: indicator.maxValue }) : null;
}

function checkRatio(indicator: Indicator, raw: Record<string, unknown>): RecordedValue | Misfit {
  const { numerator, denominator } = raw;
  if (!hasOnlyKeys(raw, ['numerator', 'denominator']) || !isNonNegativeInteger(numerator) || !isNonNegativeInteger(denominator)) {
    return misfit('ratio_shape');
  }
  if (numerator > denominator) return misfit('ratio_order', { numerator, denominator });
  if (denominator === 0) {
    // §1.2.1: a zero denominator gives N/A where §1.5 allows it, otherwise 0.0.
    return indicator.notApplicable
      ? { kind: 'not_applicable', recorded: raw, computation: 'zero denominator' }
      : num(0, raw, 'zero denominator → 0.0');
  }
  const value = percent(numerator, denominator);
  return num(value, raw, `100 × ${numerator} / ${denominator} = ${fixed(value, 1)}`);
}

const checkPercent: Check = (indicator, raw) => {
  if (isPlainObject(raw)) return checkRatio(indicator, raw);
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return misfit('percent_type');
  if (raw < 0 || raw > 100) return misfit('percent_range', { value: raw });
  return num(roundHalfUp(raw, 1), raw);
};

const checkScale: Check = (_indicator, raw) =>
  Number.isInteger(raw) && (raw as number) >= 1 && (raw as number) <= 5 ? num(raw as number, raw) : misfit('scale');

const checkCount: Check = (indicator, raw) => {
  if (!isNonNegativeInteger(raw)) return misfit('count');
  return maxValueProblem(indicator, raw) ?? num(raw, raw);
};

const checkFte: Check = (indicator, raw) => {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) return misfit('fte');
  const value = roundHalfUp(raw, 2);
  return maxValueProblem(indicator, value) ?? num(value, raw);
};

/** The date under `key`, else the misfit `<what>_shape` (not {key: "…"}) or `<what>_date` (not a real date). */
function dateField(raw: unknown, key: string, what: string): CivilDate | Misfit {
  if (!isPlainObject(raw) || !hasOnlyKeys(raw, [key]) || typeof raw[key] !== 'string') return misfit(`${what}_shape`);
  return parseDate(raw[key] as string) ?? misfit(`${what}_date`, { date: JSON.stringify(raw[key]) });
}

const checkYears: Check = (indicator, raw, interview) => {
  if (!isPlainObject(raw)) return checkCount(indicator, raw, interview);
  const since = dateField(raw, 'since', 'years');
  if ('code' in since) return since;
  const years = completedYears(since, interview);
  return num(years, raw, `completed years from ${raw.since} to the interview date = ${years}`);
};

const checkMonths: Check = (indicator, raw, interview) => {
  if (!isPlainObject(raw)) return checkCount(indicator, raw, interview);
  const until = dateField(raw, 'securedUntil', 'months');
  if ('code' in until) return until;
  const months = monthsSecured(interview, until);
  return num(months, raw, `months from the interview month to ${raw.securedUntil} = ${months}`);
};

const checkEur: Check = (_indicator, raw) =>
  typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? { kind: 'profile', value: raw, recorded: raw } : misfit('eur');

const stringList = (x: unknown, min: number, max: number, pattern: RegExp) =>
  Array.isArray(x) && x.length >= min && x.length <= max && x.every((s) => typeof s === 'string' && pattern.test(s));

const checkNace: Check = (_indicator, raw) =>
  isPlainObject(raw) &&
  hasOnlyKeys(raw, ['nace', 'field']) &&
  stringList(raw.nace, 1, 3, /^[A-U][0-9]{0,2}$/) &&
  (raw.field === undefined || typeof raw.field === 'string')
    ? { kind: 'profile', value: raw, recorded: raw }
    : misfit('nace');

const checkNuts: Check = (_indicator, raw) =>
  isPlainObject(raw) && hasOnlyKeys(raw, ['nuts']) && stringList(raw.nuts, 1, 20, /^[A-Z]{2}[0-9A-Z]{0,3}$/)
    ? { kind: 'profile', value: raw, recorded: raw }
    : misfit('nuts');

const SIZE_CLASSES = ['micro', 'small', 'medium', 'large', 'unknown'];
const checkSizeClasses: Check = (_indicator, raw) =>
  isPlainObject(raw) && hasOnlyKeys(raw, SIZE_CLASSES) && SIZE_CLASSES.every((k) => isNonNegativeInteger(raw[k]))
    ? { kind: 'profile', value: raw, recorded: raw }
    : misfit('size_classes', { classes: SIZE_CLASSES.join(', ') });

const checkCode: Check = (indicator, raw) =>
  typeof raw === 'string' && (indicator.codes ?? []).includes(raw)
    ? { kind: 'profile', value: raw, recorded: raw }
    : misfit('code', { codes: (indicator.codes ?? []).join(', ') });

const CHECKS: Record<string, Check> = {
  percent: checkPercent,
  scale: checkScale,
  integer: checkCount,
  fte: checkFte,
  years: checkYears,
  months: checkMonths,
  eur: checkEur,
  nace: checkNace,
  nuts: checkNuts,
  size_classes: checkSizeClasses,
  code: checkCode,
};

function checkValue(indicator: Indicator, raw: unknown, interview: CivilDate): RecordedValue | Misfit {
  if (isSurveyBased(indicator)) return misfit('survey_based');
  if (isPlainObject(raw) && 'notApplicable' in raw) {
    if (!indicator.notApplicable) return misfit('na_not_allowed');
    return raw.notApplicable === true && hasOnlyKeys(raw, ['notApplicable'])
      ? { kind: 'not_applicable', recorded: raw }
      : misfit('na_shape');
  }
  const check = CHECKS[indicator.valueType];
  if (!check) return misfit('unrecordable_type', { type: indicator.valueType });
  const result = check(indicator, raw, interview);
  // Profile-typed checks return `profile`; a profile indicator of a numeric type is recorded as given.
  if (!isMisfit(result) && indicator.kind === 'profile' && result.kind === 'number') {
    return { kind: 'profile', value: result.value, recorded: raw };
  }
  return result;
}

/** One entry of `values`, checked and normalised; undefined (with a problem pushed) when it is bad. */
function checkEntry(
  index: FrameworkIndex,
  id: string,
  raw: unknown,
  interview: CivilDate,
  problems: EvidenceProblem[],
): RecordedValue | undefined {
  const indicator = index.byId.get(id);
  // The path is built only for a problem: values are many and almost always fine.
  if (!indicator) {
    problems.push(valueProblem(pointer('values', id), 'unknown_indicator', { id }));
    return undefined;
  }
  const checked = checkValue(indicator, raw, interview);
  if (!isMisfit(checked)) return checked;
  problems.push(valueProblem(pointer('values', id), checked.code, { id, ...checked.facts }));
  return undefined;
}

/** Validates `values`; returns the normalised values, pushing one problem per bad entry. */
export function validateValues(
  index: FrameworkIndex,
  values: Record<string, unknown>,
  interview: CivilDate,
  problems: EvidenceProblem[],
): Map<string, RecordedValue> {
  const result = new Map<string, RecordedValue>();
  for (const id of Object.keys(values)) {
    const checked = checkEntry(index, id, values[id], interview, problems);
    if (checked) result.set(id, checked);
  }
  return result;
}

/**
 * The same, with the normalised values by indicator position (FrameworkIndex.positions) rather than
 * in a Map: what score() reads them by. Filling a Map entry by entry, growing it as it goes, cost
 * more than checking the values.
 */
export function validateValuesByPosition(
  index: FrameworkIndex,
  values: Record<string, unknown>,
  interview: CivilDate,
  problems: EvidenceProblem[],
): (RecordedValue | undefined)[] {
  const result = new Array<RecordedValue | undefined>(index.indicators.length).fill(undefined);
  for (const id of Object.keys(values)) {
    const checked = checkEntry(index, id, values[id], interview, problems);
    if (checked) result[index.positions.get(id)!] = checked;
  }
  return result;
}
