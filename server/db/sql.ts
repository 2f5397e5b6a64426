/**
 * Plain SQL for the hot paths (every signed-in request reads its session and user; every evidence
 * write bumps the version, upserts and appends to the audit chain), on both databases, without
 * knex's query builder and query runner, which cost far more than SQLite takes to run such a query.
 *
 * `sqlOf(k)` gives the executor for a knex instance or transaction:
 * - inside a SQLite group-commit batch (transaction.ts): the writer connection itself, synchronously,
 *   with its prepared statements kept (knex.ts);
 * - the root knex of a SQLite database: reads of committed data that never queue for knex's single
 *   connection: on that connection itself while no transaction is open on it (all on it is then
 *   committed, and its cache is warm), else on a second, read-only connection, which with WAL sees
 *   the last commit without waiting for the batch in progress (knex.ts). Every write is answered
 *   after its commit, so a request that follows an answered write reads it;
 * - anything else (PostgreSQL, a nested SQLite transaction): knex.raw on it.
 *
 * Statements use `?` placeholders and SQL that both databases understand; booleans are bound as 1/0
 * on SQLite, as knex binds them.
 */
import type { Knex } from 'knex';

export type Row = Record<string, any>;

export interface Sql {
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** a write; resolves to the number of rows it changed */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/** What this module needs of a better-sqlite3 connection. */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
}

interface SqliteStatement {
  reader: boolean;
  all(params: unknown[]): Row[];
  get(params: unknown[]): Row | undefined;
  run(params: unknown[]): { changes: number };
}

function sqliteParams(params: readonly unknown[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p));
}

/** Runs statements on one better-sqlite3 connection (its `prepare` keeps statements; knex.ts). */
export function sqliteSql(conn: SqliteConnection): Sql {
  return {
    all: async <T>(sql: string, params: readonly unknown[] = []) => conn.prepare(sql).all(sqliteParams(params)) as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) => conn.prepare(sql).get(sqliteParams(params)) as T | undefined,
    run: async (sql: string, params: readonly unknown[] = []) => {
      const statement = conn.prepare(sql);
      return statement.reader ? statement.all(sqliteParams(params)).length : statement.run(sqliteParams(params)).changes;
    },
  };
}

/** knex.raw on a knex instance or transaction, with the results of both dialects made alike. */
export function knexSql(k: Knex): Sql {
  const postgres = k.client.config.client === 'pg';
  const rows = (result: any): Row[] => (postgres ? result.rows : Array.isArray(result) ? result : []);
  const raw = (sql: string, params: readonly unknown[]) => k.raw(sql, params as Knex.RawBinding[]);
  return {
    all: async <T>(sql: string, params: readonly unknown[] = []) => rows(await raw(sql, params)) as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) => rows(await raw(sql, params))[0] as T | undefined,
    run: async (sql: string, params: readonly unknown[] = []) => {
      const result = await raw(sql, params);
      if (postgres) return result.rowCount ?? 0;
      return Array.isArray(result) ? result.length : (result?.changes ?? 0);
    },
  };
}

const attached = new WeakMap<object, Sql>();

/** Makes `sqlOf(k)` answer `sql` (the group commit for its batch, knex.ts for a SQLite root). */
export function attachSql(k: Knex, sql: Sql): void {
  attached.set(k, sql);
}

export function sqlOf(k: Knex): Sql {
  let sql = attached.get(k);
  if (!sql) attached.set(k, (sql = knexSql(k)));
  return sql;
}
