/**
 * The four-eyes rule of a Gold decision (FRAMEWORK.md G5, DESIGN.md "Assessment lifecycle"): each
 * assessor's confirmation binds to the evidence it confirmed (its hash and the assessment version).
 * Any later change to the evidence withdraws the confirmations that stand: the change is audited,
 * and the withdrawal is kept with what caused it, so both assessors see why they must confirm again.
 */
import type { Knex } from 'knex';
import { sqlOf } from '../db/sql';
import { appendAudit } from './audit';

/** What changed the evidence: the audited action, who did it, and what it concerned (an indicator id …). */
export interface EvidenceChange {
  action: string;
  actorId: number | null;
  subject?: string | null;
}

export interface Confirmation {
  userId: number;
  confirmedAt: string;
  evidenceHash: string | null;
  version: number | null;
}

export interface Withdrawal {
  userId: number;
  confirmedAt: string;
  withdrawnAt: string;
  cause: string;
  causeActorId: number | null;
  causeSubject: string | null;
}

/**
 * Withdraws every confirmation that stands on the assessment, in the caller's transaction (which holds
 * the assessment's row: bumpVersion ran first, or the survey's row for an answer). Returns the users
 * whose confirmation was withdrawn; nothing happens (and nothing is audited) when none stood.
 */
export async function withdrawConfirmations(trx: Knex.Transaction, assessmentId: number, change: EvidenceChange, now = new Date()): Promise<number[]> {
  const sql = sqlOf(trx);
  const gone = await sql.all<{ user_id: number | string; confirmed_at: string; evidence_hash: string | null }>(
    'delete from decision_confirmations where assessment_id = ? returning user_id, confirmed_at, evidence_hash',
    [assessmentId],
  );
  if (gone.length === 0) return [];
  const at = now.toISOString();
  for (const g of gone) {
    await sql.run(
      'insert into confirmation_withdrawals (assessment_id, user_id, confirmed_at, evidence_hash, withdrawn_at, cause, cause_actor_id, cause_subject) values (?, ?, ?, ?, ?, ?, ?, ?)',
      [assessmentId, Number(g.user_id), g.confirmed_at, g.evidence_hash, at, change.action, change.actorId, change.subject ?? null],
    );
  }
  const users = gone.map((g) => Number(g.user_id)).sort((x, y) => x - y);
  await appendAudit(
    trx,
    { actorId: change.actorId, action: 'decision.withdraw', entity: 'assessment', entityId: assessmentId, before: { confirmed: users }, after: { confirmed: [], cause: change.action, subject: change.subject ?? null } },
    now,
  );
  return users;
}

export async function confirmationsOf(knex: Knex, assessmentId: number): Promise<Confirmation[]> {
  const rows = await sqlOf(knex).all('select * from decision_confirmations where assessment_id = ? order by confirmed_at, user_id', [assessmentId]);
  return rows.map((r) => ({ userId: Number(r.user_id), confirmedAt: r.confirmed_at, evidenceHash: r.evidence_hash ?? null, version: r.version == null ? null : Number(r.version) }));
}

/** The withdrawals of the last round: those at the newest withdrawal time (both assessors' at once). */
export async function lastWithdrawals(knex: Knex, assessmentId: number): Promise<Withdrawal[]> {
  const sql = sqlOf(knex);
  const rows = await sql.all(
    'select * from confirmation_withdrawals where assessment_id = ? and withdrawn_at = (select max(withdrawn_at) from confirmation_withdrawals where assessment_id = ?) order by user_id',
    [assessmentId, assessmentId],
  );
  return rows.map((r) => ({
    userId: Number(r.user_id), confirmedAt: r.confirmed_at, withdrawnAt: r.withdrawn_at, cause: r.cause,
    causeActorId: r.cause_actor_id == null ? null : Number(r.cause_actor_id), causeSubject: r.cause_subject ?? null,
  }));
}

