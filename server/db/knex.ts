/**
 * knex setup for both databases. SQLite (better-sqlite3) is the embedded default: WAL, foreign keys,
 * a busy timeout and synchronous=FULL so that a commit acknowledged to a client survives a crash.
 * PostgreSQL when DATABASE_URL is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import knexFactory, { type Knex } from 'knex';
import { migrationSource } from './migrations';
import { attachSql, knexSql, sqliteSql, type Sql, type SqliteConnection as RawConnection } from './sql';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  /** SQLite file (used when databaseUrl is null) */
  sqliteFile?: string;
  poolMax?: number;
}

export function sqliteFileIn(dataDir: string): string {
  return path.join(dataDir, 'clustermark.sqlite');
}

interface SqliteConnection extends RawConnection {
  pragma(sql: string): unknown;
  /** better-sqlite3: whether a transaction is open on the connection */
  readonly inTransaction: boolean;
}

/** The one connection knex writes through, by knex instance (transaction.ts runs its savepoints on it). */
const writers = new WeakMap<Knex, () => RawConnection | null>();

export function sqliteWriter(knex: Knex): RawConnection | null {
  return writers.get(knex)?.() ?? null;
}

const STATEMENT_CACHE = 500;

/**
 * knex prepares every query anew; compiling the SQL is a good part of a small query's cost. The same
 * few hundred statements recur, so keep them prepared (better-sqlite3 statements are reusable, and
 * SQLite re-prepares one by itself if the schema changed under it).
 */
function cachePreparedStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, ReturnType<SqliteConnection['prepare']>>();
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    }
    return statement;
  };
}

/**
 * knex's own warnings, which it prints with console.log (stdout, where the JSON log lines go): a
 * failed connection attempt is reported with its stack although the same error reaches the caller,
 * who reports it. Those are dropped; any other warning is one line on stderr.
 */
const knexLog = {
  warn: (message: unknown) => {
    const text = String(message);
    if (!text.startsWith('Acquire connection error')) process.stderr.write(`knex: ${text.split('\n')[0]}\n`);
  },
  error: (message: unknown) => process.stderr.write(`knex: ${String(message).split('\n')[0]}\n`),
  deprecate: (method: unknown, alternative: unknown) =>
    process.stderr.write(`knex: ${String(method)} is deprecated, use ${String(alternative)}\n`),
  debug: () => undefined,
};

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    const knex = knexFactory({
      client: 'pg',
      connection: opts.databaseUrl,
      pool: { min: 0, max: opts.poolMax ?? 10 },
      log: knexLog,
    });
    return { knex, dialect: 'postgres', close: () => knex.destroy() };
  }
  const file = opts.sqliteFile;
  if (!file) throw new Error('openDatabase: sqliteFile is required without a databaseUrl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let writer: SqliteConnection | null = null;
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    log: knexLog,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        try {
          cachePreparedStatements(conn);
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          conn.pragma('synchronous = FULL');
          writer = conn;
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  });
  writers.set(knex, () => writer);
  const writes = knexSql(knex);
  // Reads outside transactions (sql.ts). While no transaction is open on the write connection,
  // everything on it is committed, and its page cache is warm: read there. While a batch is open on
  // it (a call in it awaits something that is not SQLite), read on a second connection, opened on
  // first need and allowed to read only, which sees the last commit and does not wait.
  let reader: BetterSqlite3.Database | null = null;
  let readerSql: Sql | null = null;
  let writerSql: Sql | null = null;
  const read = (): Sql => {
    if (!writer) return writes; // nothing opened the database yet: knex opens it
    if (!writer.inTransaction) return (writerSql ??= sqliteSql(writer));
    if (!readerSql) {
      reader = new BetterSqlite3(file, { fileMustExist: true });
      cachePreparedStatements(reader as unknown as SqliteConnection);
      reader.pragma('busy_timeout = 5000');
      reader.pragma('query_only = ON');
      readerSql = sqliteSql(reader as unknown as RawConnection);
    }
    return readerSql;
  };
  attachSql(knex, {
    all: (sql, params) => read().all(sql, params),
    get: (sql, params) => read().get(sql, params),
    run: (sql, params) => writes.run(sql, params),
  });
  return {
    knex,
    dialect: 'sqlite',
    close: async () => {
      reader?.close();
      await knex.destroy();
    },
  };
}

export async function migrateLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource });
}

export async function migrateDownAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
