/**
 * The audit log: every change to evidence, reviews and decisions appends who, what, when, before and
 * after. Entries are chained (each hash covers the previous one) and keyed with a secret kept outside
 * the database (auditChain.ts), and the chain's head is kept outside the table (auditHead.ts), so
 * editing, reordering, removing or appending entries without the key, and cutting the end off the log,
 * are all found by `clustermark audit verify` (auditVerify.ts), which also checks the decisions and
 * labels tables against their entries.
 *
 * appendAudit is called inside the caller's transaction with only that transaction, so the key and the
 * head writer are attached to the database once (openAudit at start; attachAudit in tests) and found
 * from the transaction: per database, like its SQL executor (sql.ts), never one for the process.
 */
import path from 'node:path';
import type { Db as Knex, Tx } from '../db/types';
import type { Logger } from 'pino';
import pino from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/knex';
import { inTransaction } from '../db/transaction';
import { lockUntilCommit } from '../db/dialect';
import { auditTail, insertAuditRow } from '../repositories/audit';
import { resolveAuditKeyring, type AuditKeyring } from '../secrets';
import { GENESIS, entryMac } from './auditChain';
import { AUDIT_HEAD_FILE, AuditHeadWriter } from './auditHead';
import { verifyAuditWith, type AuditVerdict, type VerifyOptions } from './auditVerify';

export { GENESIS } from './auditChain';
export type { AuditVerdict, VerifyOptions } from './auditVerify';
/** the advisory lock key that serialises appends to the audit chain on PostgreSQL */
const AUDIT_CHAIN_LOCK = 0x636d6175; // 'cmau'

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

interface AttachedAudit {
  keyring: AuditKeyring;
  head: AuditHeadWriter | null;
}

/**
 * By the knex client's config object, which a knex instance shares with every transaction made from
 * it (knex's makeTxClient), so appendAudit finds its database's key from `trx` alone.
 */
const attached = new WeakMap<object, AttachedAudit>();
/** top-level transactions whose commit already moves the head on */
const hooked = new WeakSet<object>();
const closeWrapped = new WeakSet<object>();

const keyOf = (k: Knex): object => k.client.config;

/**
 * Gives a database its audit keyring and, with `headFile`, a head writer. Replaces an earlier
 * attachment (whose writer is closed: returned, for whoever wants to wait for its last write).
 */
export function attachAudit(knex: Knex, opts: { keyring: AuditKeyring; headFile: string | null; logger?: Logger }): Promise<void> {
  const previous = attached.get(keyOf(knex));
  const head = opts.headFile ? new AuditHeadWriter(knex, opts.headFile, opts.keyring, opts.logger ?? pino({ level: 'silent' })) : null;
  attached.set(keyOf(knex), { keyring: opts.keyring, head });
  return previous?.head?.close() ?? Promise.resolve();
}

/** The head writer attached to a database (tests flush it). */
export function auditHeadOf(knex: Knex): AuditHeadWriter | null {
  return attached.get(keyOf(knex))?.head ?? null;
}

/**
 * At start (bootstrap, CLI commands that write): the keyring from AUDIT_KEY or DATA_DIR/audit-keys,
 * the head in DATA_DIR/audit-head.json checked against the log and brought up to date, a keyed entry
 * after any unkeyed ones (auditChain.ts), and the head's last write when the database closes.
 */
export async function openAudit(db: Database, config: Config, logger: Logger): Promise<void> {
  const keyring = resolveAuditKeyring(config)!;
  await attachAudit(db.knex, { keyring, headFile: path.join(config.dataDir, AUDIT_HEAD_FILE), logger });
  const tail = await auditTail(db.knex);
  if (tail && tail.keyId == null) {
    await inTransaction(db.knex, (trx) =>
      appendAudit(trx, {
        actorId: null,
        action: 'audit.keyed',
        entity: 'audit_log',
        entityId: null,
        after: { keyId: keyring.current.id, unkeyedEntries: tail.seq },
      }),
    );
    logger.info({ keyId: keyring.current.id, unkeyedEntries: tail.seq }, 'the audit log is keyed from now on');
  }
  await auditHeadOf(db.knex)!.flush();
  if (!closeWrapped.has(db)) {
    closeWrapped.add(db);
    const close = db.close;
    db.close = async () => {
      await auditHeadOf(db.knex)?.close();
      await close.call(db);
    };
  }
}

/** Moves the head on once the transaction that holds `trx` has committed. */
function afterCommit(trx: Tx, head: AuditHeadWriter): void {
  let top: Tx = trx;
  while (top.parentTransaction) top = top.parentTransaction;
  if (hooked.has(top)) return;
  hooked.add(top);
  if (top.executionPromise)
    top.executionPromise.then(
      () => head.committed(),
      () => undefined,
    );
  else head.committed();
}

/**
 * Appends one entry inside the caller's transaction. The unique index on `prev_hash` makes two
 * concurrent appends on the same tail collide; the transaction helper retries.
 */
export async function appendAudit(trx: Tx, e: AuditEntry, now = new Date()): Promise<void> {
  const audit = attached.get(keyOf(trx));
  if (!audit) throw new Error('appendAudit: this database has no audit key (openAudit or attachAudit gives it one)');
  // PostgreSQL: concurrent transactions would all read the same tail and all but one fail on the
  // unique prev_hash; under load a writer could lose every retry and answer 500. Wait for the tail
  // instead: this lock is held until the transaction ends, so appends take turns (READ COMMITTED:
  // the query below then sees the previous holder's entry). SQLite has a single writer already.
  await lockUntilCommit(trx, AUDIT_CHAIN_LOCK);
  const last = await auditTail(trx);
  const { id: keyId, key } = audit.keyring.current;
  const row = {
    seq: last ? last.seq + 1 : 1,
    key_id: keyId,
    at: now.toISOString(),
    actor_id: e.actorId,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId == null ? null : String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    prev_hash: last?.hash ?? GENESIS,
  };
  await insertAuditRow(trx, { ...row, hash: entryMac(key, row) });
  if (audit.head) afterCommit(trx, audit.head);
}

/**
 * Verifies the log of a database: with `opts`, as given (the CLI); without, with the keyring and head
 * file attached to it, the head checked when its file exists (tests).
 */
export async function verifyAudit(knex: Knex, opts?: VerifyOptions): Promise<AuditVerdict> {
  if (!opts) {
    const audit = attached.get(keyOf(knex));
    if (!audit) throw new Error('verifyAudit: this database has no audit key attached; pass the keyring');
    opts = { keyring: audit.keyring, headFile: audit.head?.file ?? null, requireHead: false };
  }
  return verifyAuditWith(knex, opts);
}
