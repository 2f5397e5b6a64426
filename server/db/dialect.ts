/**
 * The one place where the two databases differ: error translation and integrity checks.
 */
import type { Knex } from 'knex';
import type { Dialect } from './knex';
import { sqlOf } from './sql';

/** true when the error is a unique-constraint violation */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs the database's own integrity check; returns the problems found (empty when sound). */
export async function integrityCheck(knex: Knex, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows = (await knex.raw('PRAGMA integrity_check')) as { integrity_check: string }[];
    const fk = (await knex.raw('PRAGMA foreign_key_check')) as unknown[];
    const problems = rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
    if (fk.length) problems.push(`${fk.length} foreign key violation(s)`);
    return problems;
  }
  // PostgreSQL keeps its own invariants; check that the catalog answers and constraints are valid.
  const res = await knex.raw("select count(*)::int as n from pg_constraint where not convalidated and contype in ('f','c')");
  const n = (res as { rows: { n: number }[] }).rows[0].n;
  return n > 0 ? [`${n} constraint(s) not validated`] : [];
}

/**
 * ` for update` on PostgreSQL, where it holds the selected row until the transaction ends; nothing on
 * SQLite, whose single writer serialises write transactions already.
 */
export function forUpdate(k: Knex): string {
  return k.client.config.client === 'pg' ? ' for update' : '';
}

/**
 * Serialises transactions on `key` until the calling transaction ends: PostgreSQL's transaction-level
 * advisory lock; nothing on SQLite, whose single writer serialises write transactions already.
 */
export async function lockUntilCommit(trx: Knex.Transaction, key: number): Promise<void> {
  if (trx.client.dialect === 'postgresql') await sqlOf(trx).get('select pg_advisory_xact_lock(?)', [key]);
}
