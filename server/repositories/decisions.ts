/**
 * The decision's rows: the Gold confirmations and their withdrawals, the frozen decision (evidence and
 * score as JSON, parsed here) and the print frozen at release.
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';
import type { Score } from '../../scoring';

export interface Confirmation {
  userId: number;
  confirmedAt: string;
  evidenceHash: string | null;
  version: number | null;
  justification: string | null;
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
 * Deletes the confirmations that stand and keeps each as a withdrawal with its cause; returns the users
 * whose confirmation was withdrawn (none: nothing written).
 */
export async function withdrawStanding(
  trx: Tx,
  assessmentId: number,
  cause: { action: string; actorId: number | null; subject: string | null },
  at: string,
): Promise<number[]> {
  const sql = sqlOf(trx);
  const gone = await sql.all<{ user_id: number | string; confirmed_at: string; evidence_hash: string | null }>(
    'delete from decision_confirmations where assessment_id = ? returning user_id, confirmed_at, evidence_hash',
    [assessmentId],
  );
  for (const g of gone) {
    await sql.run(
      'insert into confirmation_withdrawals (assessment_id, user_id, confirmed_at, evidence_hash, withdrawn_at, cause, cause_actor_id, cause_subject) values (?, ?, ?, ?, ?, ?, ?, ?)',
      [assessmentId, Number(g.user_id), g.confirmed_at, g.evidence_hash, at, cause.action, cause.actorId, cause.subject],
    );
  }
  return gone.map((g) => Number(g.user_id));
}

export async function confirmationsOf(db: Db, assessmentId: number): Promise<Confirmation[]> {
  const rows = await sqlOf(db).all('select * from decision_confirmations where assessment_id = ? order by confirmed_at, user_id', [
    assessmentId,
  ]);
  return rows.map((r) => ({
    userId: Number(r.user_id),
    confirmedAt: r.confirmed_at,
    evidenceHash: r.evidence_hash ?? null,
    version: r.version == null ? null : Number(r.version),
    justification: r.justification ?? null,
  }));
}

/**
 * An assessor's confirmation of the evidence with this hash. A second one of the same user keeps the
 * first's time and evidence (it confirms the same: any change withdrew the first) and its new justification.
 */
export async function insertConfirmation(
  trx: Tx,
  c: { assessmentId: number; userId: number; confirmedAt: string; evidenceHash: string; version: number; justification: string },
): Promise<void> {
  await trx('decision_confirmations')
    .insert({
      assessment_id: c.assessmentId,
      user_id: c.userId,
      confirmed_at: c.confirmedAt,
      evidence_hash: c.evidenceHash,
      version: c.version,
      justification: c.justification,
    })
    .onConflict(['assessment_id', 'user_id'])
    .merge(['justification']);
}

/** An assessor's signature of the Gold reconciliation record (its hash); a new one replaces their last. */
export interface Signature {
  userId: number;
  role: 'lead' | 'co';
  recordHash: string;
  signedAt: string;
  via: string;
}

export async function signaturesOf(db: Db, assessmentId: number): Promise<Signature[]> {
  const rows = await sqlOf(db).all('select * from reconciliation_signatures where assessment_id = ? order by signed_at, user_id', [
    assessmentId,
  ]);
  return rows.map((r) => ({ userId: Number(r.user_id), role: r.role, recordHash: r.record_hash, signedAt: r.signed_at, via: r.via }));
}

export async function upsertSignature(trx: Tx, assessmentId: number, s: Signature): Promise<void> {
  await trx('reconciliation_signatures')
    .insert({ assessment_id: assessmentId, user_id: s.userId, role: s.role, record_hash: s.recordHash, signed_at: s.signedAt, via: s.via })
    .onConflict(['assessment_id', 'user_id'])
    .merge(['role', 'record_hash', 'signed_at', 'via']);
}

/** The withdrawals of the last round: those at the newest withdrawal time (both assessors' at once). */
export async function lastWithdrawals(db: Db, assessmentId: number): Promise<Withdrawal[]> {
  const rows = await sqlOf(db).all(
    'select * from confirmation_withdrawals where assessment_id = ? and withdrawn_at = (select max(withdrawn_at) from confirmation_withdrawals where assessment_id = ?) order by user_id',
    [assessmentId, assessmentId],
  );
  return rows.map((r) => ({
    userId: Number(r.user_id),
    confirmedAt: r.confirmed_at,
    withdrawnAt: r.withdrawn_at,
    cause: r.cause,
    causeActorId: r.cause_actor_id == null ? null : Number(r.cause_actor_id),
    causeSubject: r.cause_subject ?? null,
  }));
}

export interface NewDecision {
  assessmentId: number;
  evidence: unknown;
  score: Score;
  frameworkHash: string;
  engineVersion: string;
  label: string | null;
  totalPoints: number;
  decidedBy: number;
  decidedAt: string;
  confirmations: unknown[];
  evidenceHash: string;
  justification: string;
}

/** Inserts the decision; a second one for the same assessment fails on its unique constraint. */
export async function insertDecision(trx: Tx, d: NewDecision): Promise<void> {
  await trx('decisions').insert({
    assessment_id: d.assessmentId,
    evidence: JSON.stringify(d.evidence),
    score: JSON.stringify(d.score),
    framework_hash: d.frameworkHash,
    engine_version: d.engineVersion,
    label: d.label,
    total_points: d.totalPoints,
    decided_by: d.decidedBy,
    decided_at: d.decidedAt,
    confirmations: JSON.stringify(d.confirmations),
    evidence_hash: d.evidenceHash,
    justification: d.justification,
  });
}

export interface FrozenDecision {
  score: Score;
  evidence: Record<string, any>;
  decidedAt: string;
  frameworkHash: string;
  engineVersion: string;
  decidedBy: number;
  /** the decider's justification (null for decisions made before it was asked) */
  justification: string | null;
  /** the Gold confirmations the decision recorded (userId, role, confirmedAt, evidenceHash, justification) */
  confirmations: { userId: number; role: 'lead' | 'co'; confirmedAt: string; justification?: string | null }[];
}

export async function frozenDecision(db: Db, assessmentId: number): Promise<FrozenDecision | null> {
  const row = await sqlOf(db).get('select * from decisions where assessment_id = ?', [assessmentId]);
  if (!row) return null;
  return {
    score: JSON.parse(row.score) as Score,
    evidence: JSON.parse(row.evidence),
    decidedAt: row.decided_at as string,
    frameworkHash: row.framework_hash as string,
    engineVersion: row.engine_version as string,
    decidedBy: Number(row.decided_by),
    justification: row.justification ?? null,
    confirmations: row.confirmations ? JSON.parse(row.confirmations) : [],
  };
}

/** The decided score alone (the release freezes its print from it), or null. */
export async function decidedScore(db: Db, assessmentId: number): Promise<Score | null> {
  const row = await db('decisions').where({ assessment_id: assessmentId }).first('score');
  return row ? (JSON.parse(row.score) as Score) : null;
}

/** The print frozen at release (JSON), or null. */
export async function releasePrint<P>(db: Db, assessmentId: number): Promise<P | null> {
  const row = await db('releases').where({ assessment_id: assessmentId }).first('print');
  return row ? (JSON.parse(row.print) as P) : null;
}

export async function insertRelease(
  trx: Tx,
  r: { assessmentId: number; releasedBy: number; releasedAt: string; print: unknown },
): Promise<void> {
  await trx('releases').insert({
    assessment_id: r.assessmentId,
    released_by: r.releasedBy,
    released_at: r.releasedAt,
    print: JSON.stringify(r.print),
  });
}
