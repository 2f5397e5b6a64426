/**
 * knex setup for both databases. SQLite (better-sqlite3) is the embedded default: WAL, foreign keys,
 * a busy timeout and synchronous=FULL so that a commit acknowledged to a client survives a crash.
 * PostgreSQL when DATABASE_URL is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { migrationSource } from './migrations';

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

interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
}

const STATEMENT_CACHE = 500;

/**
 * knex prepares every query anew; compiling the SQL is a good part of a small query's cost. The same
 * few hundred statements recur, so keep them prepared (better-sqlite3 statements are reusable, and
 * SQLite re-prepares one by itself if the schema changed under it).
 */
function cachePreparedStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
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

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    const knex = knexFactory({
      client: 'pg',
      connection: opts.databaseUrl,
      pool: { min: 0, max: opts.poolMax ?? 10 },
    });
    return { knex, dialect: 'postgres', close: () => knex.destroy() };
  }
  const file = opts.sqliteFile;
  if (!file) throw new Error('openDatabase: sqliteFile is required without a databaseUrl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
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
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  });
  return { knex, dialect: 'sqlite', close: () => knex.destroy() };
}

export async function migrateLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource });
}

export async function migrateDownAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
