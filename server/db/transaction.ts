/**
 * Run work in one transaction, retrying on SQLITE_BUSY and PostgreSQL serialisation failures or
 * deadlocks. Inside, use only the `trx` handed in: a stray `knex` call hangs on SQLite's single
 * connection and runs outside the transaction on PostgreSQL.
 */
import type { Knex } from 'knex';

const RETRYABLE_PG = new Set(['40001', '40P01']);

function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === 'SQLITE_BUSY' || e?.code === 'SQLITE_BUSY_SNAPSHOT') return true;
  if (typeof e?.code === 'string' && RETRYABLE_PG.has(e.code)) return true;
  // two transactions appended to the audit chain's same tail: the later one starts again
  return e?.constraint === 'audit_log_prev_hash_unique' || /audit_log\.prev_hash/.test(e?.message ?? '');
}

export async function inTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}
