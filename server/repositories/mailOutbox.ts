/**
 * The mail outbox (migration 014): the only code that reads or writes mail_outbox.
 */
import type { Db, Tx } from '../db/types';
import { forUpdate } from '../db/dialect';

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxRow {
  id: number;
  recipient: string;
  template: string;
  lang: string;
  payload: Record<string, string | number | boolean | null>;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  messageId: string | null;
}

function fromRow(r: Record<string, unknown>): OutboxRow {
  return {
    id: Number(r.id),
    recipient: String(r.recipient),
    template: String(r.template),
    lang: String(r.lang),
    payload: JSON.parse(String(r.payload)) as OutboxRow['payload'],
    status: r.status as MailStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: String(r.next_attempt_at),
    lastError: (r.last_error as string | null) ?? null,
    createdAt: String(r.created_at),
    sentAt: (r.sent_at as string | null) ?? null,
    messageId: (r.message_id as string | null) ?? null,
  };
}

export async function insertMail(
  trx: Tx,
  m: { recipient: string; template: string; lang: string; payload: object; createdAt: string; nextAttemptAt?: string },
): Promise<number> {
  const [row] = await trx('mail_outbox')
    .insert({
      recipient: m.recipient,
      template: m.template,
      lang: m.lang,
      payload: JSON.stringify(m.payload),
      status: 'queued',
      attempts: 0,
      next_attempt_at: m.nextAttemptAt ?? m.createdAt,
      created_at: m.createdAt,
    })
    .returning(['id']);
  return Number(row.id);
}

/**
 * The mails of `template` to `recipient` still waiting in the queue (never tried), oldest first; on
 * PostgreSQL locked until the caller's commit, so that two digests of one mail cannot both start from
 * the same values (the second reads the first's).
 */
export async function queuedMailsTo(trx: Tx, recipient: string, template: string): Promise<OutboxRow[]> {
  const q = trx('mail_outbox').where({ recipient, template, status: 'queued', attempts: 0 }).orderBy('id');
  return (await (forUpdate(trx) ? q.forUpdate() : q)).map(fromRow);
}

/**
 * New values for a mail that still waits in the queue: true when it did; false when a sender has
 * claimed it meanwhile (on PostgreSQL the update waits for a claim under way and then finds 'sending').
 */
export async function replaceQueuedPayload(trx: Tx, id: number, payload: object): Promise<boolean> {
  return (
    (await trx('mail_outbox')
      .where({ id, status: 'queued', attempts: 0 })
      .update({ payload: JSON.stringify(payload) })) === 1
  );
}

/**
 * Claims the next due mail: a queued row whose next attempt has come, or a 'sending' row whose lease
 * ran out (its sender died mid-send). The claim sets status 'sending', counts the attempt and holds a
 * lease until `leaseUntil`; on PostgreSQL the row is locked `for update skip locked`, so two senders
 * never claim the same row, and on SQLite the single writer serialises the claim.
 */
export async function claimDueMail(trx: Tx, now: string, leaseUntil: string): Promise<OutboxRow | undefined> {
  const lock = forUpdate(trx) ? ' for update skip locked' : '';
  const res = await trx.raw(
    `select * from mail_outbox where status in ('queued', 'sending') and next_attempt_at <= ? order by next_attempt_at, id limit 1${lock}`,
    [now],
  );
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as Record<string, unknown>[];
  if (rows.length === 0) return undefined;
  const row = fromRow(rows[0]);
  await trx('mail_outbox')
    .where({ id: row.id })
    .update({ status: 'sending', attempts: row.attempts + 1, next_attempt_at: leaseUntil });
  return { ...row, status: 'sending', attempts: row.attempts + 1, nextAttemptAt: leaseUntil };
}

export async function markSent(db: Db | Tx, id: number, at: string, messageId: string, payload: object): Promise<void> {
  await db('mail_outbox')
    .where({ id, status: 'sending' })
    .update({ status: 'sent', sent_at: at, last_error: null, message_id: messageId, payload: JSON.stringify(payload) });
}

/** Back to the queue for `nextAttemptAt`, or 'failed' for good (`nextAttemptAt` null). */
export async function markAttemptFailed(db: Db | Tx, id: number, error: string, nextAttemptAt: string | null): Promise<void> {
  await db('mail_outbox')
    .where({ id, status: 'sending' })
    .update(
      nextAttemptAt === null
        ? { status: 'failed', last_error: error.slice(0, 2000) }
        : { status: 'queued', last_error: error.slice(0, 2000), next_attempt_at: nextAttemptAt },
    );
}

export async function listOutbox(db: Db, limit = 200): Promise<OutboxRow[]> {
  return (await db('mail_outbox').orderBy('id', 'desc').limit(limit)).map(fromRow);
}

export async function mailById(db: Db, id: number): Promise<OutboxRow | undefined> {
  const r = await db('mail_outbox').where({ id }).first();
  return r ? fromRow(r) : undefined;
}
