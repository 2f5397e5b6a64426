/**
 * The hash that binds a Gold confirmation (and the decision) to the evidence it confirmed; the audit
 * verification recomputes it from a decision's stored evidence. Pure: no database.
 */
import crypto from 'node:crypto';
import type { Evidence } from '../../scoring';

/** JSON with the keys of every object sorted, so that equal evidence always hashes alike. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    return `{${Object.keys(x)
      .sort()
      .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

/**
 * The hash of the evidence a confirmation confirms: everything the engine scores (values, survey,
 * documents, assessors, improvement areas, dates, earlier labels) but the reconciliation flag, which
 * the confirmations themselves set.
 */
export function evidenceHash(evidence: Evidence): string {
  const { reconciliationSigned: _signed, ...rest } = evidence;
  return sha256Canonical(rest);
}

/** The SHA-256 of a value's canonical JSON (the reconciliation record's hash uses it too). */
export function sha256Canonical(x: unknown): string {
  return crypto.createHash('sha256').update(canonical(x)).digest('hex');
}
