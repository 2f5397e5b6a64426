/**
 * Login rate limit kept in the database, so every app instance sees the same counts: after
 * MAX_FAILURES failed logins for one key (e-mail, and separately the client address) within WINDOW,
 * further attempts are refused with 429 until the lock expires.
 */
import type { Db } from '../db/types';
import { attemptOf, deleteAttempts, lockEnds, setFailures, startWindow } from '../repositories/loginAttempts';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ADDRESS = 50;

export const emailKey = (email: string) => `email:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

/** Milliseconds until the key may try again; 0 when it may try now. */
export async function lockedFor(knex: Db, keys: string[], now = Date.now()): Promise<number> {
  return Math.max(0, ...(await lockEnds(knex, keys)).map((until) => until - now));
}

export async function recordFailure(knex: Db, key: string, now = Date.now()): Promise<void> {
  const limit = key.startsWith('ip:') ? MAX_FAILURES_PER_ADDRESS : MAX_FAILURES;
  await knex.transaction(async (trx) => {
    const row = await attemptOf(trx, key);
    if (!row || now - row.windowStart > WINDOW_MS) {
      await startWindow(trx, key, now);
      return;
    }
    const failures = row.failures + 1;
    await setFailures(trx, key, failures, failures >= limit ? now + LOCK_MS : row.lockedUntil);
  });
}

export async function clearFailures(knex: Db, key: string): Promise<void> {
  await deleteAttempts(knex, key);
}
