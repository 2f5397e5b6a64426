/**
 * Run work in one transaction. Inside, use only the `trx` handed in: a stray `knex` call hangs on
 * SQLite's single connection and runs outside the transaction on PostgreSQL.
 *
 * PostgreSQL: one transaction per call, retried on serialisation failures and deadlocks.
 *
 * SQLite: group commit. SQLite has one writer and, with synchronous=FULL, every commit waits for an
 * fsync. Calls that arrive in the same turn of the event loop, or while a batch is in progress, are
 * queued and run together in the next transaction, each inside its own savepoint, so one call's
 * failure rolls back only its own writes; the transaction then commits once for all of them and only
 * after that commit does any caller get its result. Durability stays exactly as strict (nothing is
 * answered before its fsync); concurrent writers share one fsync instead of queueing for one each.
 */
import type { Knex } from 'knex';
import { sqliteWriter } from './knex';
import { attachSql, sqliteSql } from './sql';

const RETRYABLE_PG = new Set(['40001', '40P01']);
/** calls committed together at most: bounds the latency a batch adds to its first caller */
const MAX_BATCH = 64;

function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === 'SQLITE_BUSY' || e?.code === 'SQLITE_BUSY_SNAPSHOT') return true;
  if (typeof e?.code === 'string' && RETRYABLE_PG.has(e.code)) return true;
  // two transactions appended to the audit chain's same tail: the later one starts again
  return e?.constraint === 'audit_log_prev_hash_unique' || /audit_log\.prev_hash/.test(e?.message ?? '');
}

type Work<T> = (trx: Knex.Transaction) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

class GroupCommit {
  private queue: Queued[] = [];
  private draining = false;

  constructor(private readonly knex: Knex) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as Work<unknown>, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        // Start the batch once the event loop has taken in every request that is ready now: SQLite
        // runs synchronously, so a batch started at once would have committed before the next
        // request was even read, and every call would pay its own fsync.
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        let outcomes: Outcome[];
        try {
          outcomes = await this.commit(batch);
        } catch (error) {
          for (const item of batch) item.reject(error);
          continue;
        }
        batch.forEach((item, i) => {
          const o = outcomes[i];
          if (o.ok) item.resolve(o.value);
          else item.reject(o.error);
        });
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * One transaction for the batch, retried as a whole while SQLite is busy (another process writes).
   * Each call runs in its own savepoint, set on the connection directly (knex would take two queries
   * through its runner for each); the calls get the batch's transaction, on which sql.ts runs their
   * statements on that connection too.
   */
  private async commit(batch: Queued[]): Promise<Outcome[]> {
    for (let attempt = 1; ; attempt++) {
      const outcomes: Outcome[] = [];
      try {
        await this.knex.transaction(async (trx) => {
          const conn = sqliteWriter(this.knex);
          if (!conn) throw new Error('group commit: no SQLite connection');
          attachSql(trx, sqliteSql(conn));
          const statement = (sql: string) => () => conn.prepare(sql).run([]);
          const [savepoint, release, rollback] = [
            statement('SAVEPOINT cm_call'),
            statement('RELEASE cm_call'),
            statement('ROLLBACK TO cm_call'),
          ];
          for (const item of batch) {
            savepoint();
            try {
              const value = await item.work(trx);
              release();
              outcomes.push({ ok: true, value });
            } catch (error) {
              // a failure that ends the transaction itself throws here and fails the batch
              rollback();
              release();
              if (isRetryable(error)) throw error;
              outcomes.push({ ok: false, error });
            }
          }
        });
        return outcomes;
      } catch (err) {
        if (attempt >= 5 || !isRetryable(err)) throw err;
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
      }
    }
  }
}

const groups = new WeakMap<Knex, GroupCommit>();

function isSqlite(knex: Knex): boolean {
  return (knex.client as { config?: { client?: unknown } }).config?.client === 'better-sqlite3';
}

export async function inTransaction<T>(knex: Knex, work: Work<T>, attempts = 5): Promise<T> {
  // Already inside a transaction (a service calling another): a savepoint in it.
  if ((knex as { isTransaction?: boolean }).isTransaction) return knex.transaction(work);
  if (isSqlite(knex)) {
    let group = groups.get(knex);
    if (!group) groups.set(knex, (group = new GroupCommit(knex)));
    return group.run(work);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}
