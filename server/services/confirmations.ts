/**
 * The four-eyes rule of a Gold decision (FRAMEWORK.md G5, DESIGN.md "Assessment lifecycle"): each
 * assessor's confirmation binds to the evidence it confirmed (its hash and the assessment version).
 * Any later change to the evidence withdraws the confirmations that stand: the change is audited,
 * and the withdrawal is kept with what caused it, so both assessors see why they must confirm again.
 */
import type { Tx } from '../db/types';
import { confirmationsOf, lastWithdrawals, withdrawStanding, type Confirmation, type Withdrawal } from '../repositories/decisions';
import { appendAudit } from './audit';

export { confirmationsOf, lastWithdrawals, type Confirmation, type Withdrawal };

/** What changed the evidence: the audited action, who did it, and what it concerned (an indicator id …). */
export interface EvidenceChange {
  action: string;
  actorId: number | null;
  subject?: string | null;
}

/**
 * Withdraws every confirmation that stands on the assessment, in the caller's transaction (which holds
 * the assessment's row: bumpVersion ran first, or the survey's row for an answer). Returns the users
 * whose confirmation was withdrawn; nothing happens (and nothing is audited) when none stood.
 */
export async function withdrawConfirmations(trx: Tx, assessmentId: number, change: EvidenceChange, now = new Date()): Promise<number[]> {
  const gone = await withdrawStanding(
    trx,
    assessmentId,
    { action: change.action, actorId: change.actorId, subject: change.subject ?? null },
    now.toISOString(),
  );
  if (gone.length === 0) return [];
  const users = [...gone].sort((x, y) => x - y);
  await appendAudit(
    trx,
    {
      actorId: change.actorId,
      action: 'decision.withdraw',
      entity: 'assessment',
      entityId: assessmentId,
      before: { confirmed: users },
      after: { confirmed: [], cause: change.action, subject: change.subject ?? null },
    },
    now,
  );
  return users;
}
