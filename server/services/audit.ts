/**
 * The audit log: every change to evidence, reviews and decisions appends who, what, when, before and
 * after. Entries are hash-chained (each hash covers the previous one), so editing or deleting an
 * entry breaks the chain at that point and `clustermark audit verify` names it.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { sqlOf } from '../db/sql';

export const GENESIS = '0'.repeat(64);
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

interface Row {
  id: number;
  at: string;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

function entryHash(r: Omit<Row, 'id' | 'hash'>): string {
  const canonical = JSON.stringify([r.prev_hash, r.at, r.actor_id, r.action, r.entity, r.entity_id, r.before, r.after]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one entry inside the caller's transaction. The unique index on `hash` plus the chain on
 * `prev_hash` make two concurrent appends on the same tail collide; the transaction helper retries.
 */
export async function appendAudit(trx: Knex.Transaction, e: AuditEntry, now = new Date()): Promise<void> {
  // PostgreSQL: concurrent transactions would all read the same tail and all but one fail on the
  // unique prev_hash; under load a writer could lose every retry and answer 500. Wait for the tail
  // instead: this lock is held until the transaction ends, so appends take turns (READ COMMITTED:
  // the query below then sees the previous holder's entry). SQLite has a single writer already.
  // plain SQL (sql.ts): every change appends here
  const sql = sqlOf(trx);
  if (trx.client.dialect === 'postgresql') await sql.get('select pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK]);
  const last = await sql.get<{ hash: string }>('select hash from audit_log order by id desc limit 1');
  const row = {
    at: now.toISOString(),
    actor_id: e.actorId,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId == null ? null : String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    prev_hash: last?.hash ?? GENESIS,
  };
  await sql.run('insert into audit_log (at, actor_id, action, entity, entity_id, before, after, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    row.at, row.actor_id, row.action, row.entity, row.entity_id, row.before, row.after, row.prev_hash, entryHash(row),
  ]);
}

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  firstBroken: { id: number; reason: string } | null;
}

export async function verifyAudit(knex: Knex): Promise<AuditVerdict> {
  let prev = GENESIS;
  let entries = 0;
  let lastId = 0;
  for (;;) {
    const rows: Row[] = await knex('audit_log').where('id', '>', lastId).orderBy('id').limit(1000);
    if (rows.length === 0) break;
    for (const r of rows) {
      entries++;
      if (r.prev_hash !== prev) return { ok: false, entries, firstBroken: { id: r.id, reason: 'does not link to the entry before it (an entry was removed or reordered)' } };
      const { id: _id, hash, ...rest } = r;
      const actorId = rest.actor_id == null ? null : Number(rest.actor_id);
      if (entryHash({ ...rest, actor_id: actorId }) !== hash) return { ok: false, entries, firstBroken: { id: r.id, reason: 'its content does not match its hash (it was edited)' } };
      prev = hash;
      lastId = r.id;
    }
  }
  return { ok: true, entries, firstBroken: null };
}
