/**
 * Reconciliation of the two Gold assessors' values (FRAMEWORK.md §5.3 G5, DESIGN.md `agreed`):
 * the agreed value if there is one, else the common value, else the lower of the two.
 */
import { percent } from './decimal';
import { isPlainObject } from './recorded-value';

/** The number a recorded value stands for, when it has one (a ratio gives its rounded percentage). */
function comparable(value: unknown): number | 'na' | null {
  if (typeof value === 'number') return value;
  if (!isPlainObject(value)) return null;
  if (value.notApplicable === true) return 'na';
  const { numerator, denominator } = value;
  if (typeof numerator === 'number' && typeof denominator === 'number') return denominator === 0 ? 0 : percent(numerator, denominator);
  return null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The final value of one indicator. Where only one assessor recorded a value, that value. Where the
 * values differ and no agreement was recorded, the one with the lower resulting value (ratios and
 * levels compared by the number they give; N/A counts as lowest because it scores 0); on equal
 * resulting values, and for values that are not numbers (profile codes), the lead's.
 */
export function reconcile<T>(leadValue: T | undefined, coValue: T | undefined, agreedValue?: T): T | undefined {
  if (agreedValue !== undefined) return agreedValue;
  if (coValue === undefined) return leadValue;
  if (leadValue === undefined) return coValue;
  if (sameValue(leadValue, coValue)) return leadValue;
  const lead = comparable(leadValue);
  const co = comparable(coValue);
  if (lead === null || co === null) return leadValue;
  if (co === 'na') return lead === 'na' ? leadValue : coValue;
  if (lead === 'na') return leadValue;
  return co < lead ? coValue : leadValue;
}
