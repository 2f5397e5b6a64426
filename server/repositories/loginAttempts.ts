/** The login_attempts table: failed sign-ins per key (auth/loginLimiter.ts holds the rule). */
import type { Db, Tx } from '../db/types';

export interface LoginAttempt {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

/** The lock ends (epoch ms) of these keys that have a row. */
export async function lockEnds(db: Db, keys: string[]): Promise<number[]> {
  const rows = await db('login_attempts').whereIn('key', keys).select('locked_until');
  return rows.map((r: { locked_until: string | number }) => Number(r.locked_until));
}

export async function attemptOf(trx: Tx, key: string): Promise<LoginAttempt | undefined> {
  const row = await trx('login_attempts').where({ key }).first();
  return row ? { failures: Number(row.failures), windowStart: Number(row.window_start), lockedUntil: Number(row.locked_until) } : undefined;
}

/** A first failure in a new window (the row made or reset). */
export async function startWindow(trx: Tx, key: string, now: number): Promise<void> {
  await trx('login_attempts')
    .insert({ key, failures: 1, window_start: now, locked_until: 0 })
    .onConflict('key')
    .merge(['failures', 'window_start', 'locked_until']);
}

export async function setFailures(trx: Tx, key: string, failures: number, lockedUntil: number): Promise<void> {
  await trx('login_attempts').where({ key }).update({ failures, locked_until: lockedUntil });
}

export async function deleteAttempts(db: Db, key: string): Promise<void> {
  await db('login_attempts').where({ key }).del();
}
