/**
 * Login rate limit kept in the database, so every app instance sees the same counts: after
 * MAX_FAILURES failed logins for one key (e-mail, and separately the client address) within WINDOW,
 * further attempts are refused with 429 until the lock expires.
 */
import type { Knex } from 'knex';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ADDRESS = 50;

export const emailKey = (email: string) => `email:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

/** Milliseconds until the key may try again; 0 when it may try now. */
export async function lockedFor(knex: Knex, keys: string[], now = Date.now()): Promise<number> {
  const rows = await knex('login_attempts').whereIn('key', keys).select('locked_until');
  return Math.max(0, ...rows.map((r: { locked_until: string | number }) => Number(r.locked_until) - now));
}

export async function recordFailure(knex: Knex, key: string, now = Date.now()): Promise<void> {
  const limit = key.startsWith('ip:') ? MAX_FAILURES_PER_ADDRESS : MAX_FAILURES;
  await knex.transaction(async (trx) => {
    const row = await trx('login_attempts').where({ key }).first();
    if (!row || now - Number(row.window_start) > WINDOW_MS) {
      await trx('login_attempts')
        .insert({ key, failures: 1, window_start: now, locked_until: 0 })
        .onConflict('key')
        .merge(['failures', 'window_start', 'locked_until']);
      return;
    }
    const failures = Number(row.failures) + 1;
    await trx('login_attempts')
      .where({ key })
      .update({ failures, locked_until: failures >= limit ? now + LOCK_MS : Number(row.locked_until) });
  });
}

export async function clearFailures(knex: Knex, key: string): Promise<void> {
  await knex('login_attempts').where({ key }).del();
}
