/** The lead's answers to an assessment's eligibility checklist (migration 011). */
import type { Db, Tx } from '../db/types';

export interface EligibilityAnswer {
  criterionId: string;
  met: boolean;
  note: string | null;
  checkedBy: number;
  checkedByName: string | null;
  checkedAt: string;
}

export async function eligibilityAnswersOf(db: Db | Tx, assessmentId: number): Promise<EligibilityAnswer[]> {
  const rows = await db('eligibility_checks as e')
    .leftJoin('users as u', 'u.id', 'e.checked_by')
    .where('e.assessment_id', assessmentId)
    .select('e.criterion_id', 'e.met', 'e.note', 'e.checked_by', 'e.checked_at', 'u.name as checked_by_name')
    .orderBy('e.criterion_id');
  return rows.map((r: Record<string, any>) => ({
    criterionId: r.criterion_id as string,
    met: Boolean(r.met),
    note: r.note ?? null,
    checkedBy: Number(r.checked_by),
    checkedByName: r.checked_by_name ?? null,
    checkedAt: r.checked_at as string,
  }));
}

/** Sets (or replaces) the answer to one criterion. */
export async function upsertEligibilityAnswer(
  trx: Tx,
  assessmentId: number,
  a: { criterionId: string; met: boolean; note: string | null; checkedBy: number; checkedAt: string },
): Promise<void> {
  await trx('eligibility_checks')
    .insert({
      assessment_id: assessmentId,
      criterion_id: a.criterionId,
      met: a.met,
      note: a.note,
      checked_by: a.checkedBy,
      checked_at: a.checkedAt,
    })
    .onConflict(['assessment_id', 'criterion_id'])
    .merge(['met', 'note', 'checked_by', 'checked_at']);
}

/** Takes back the answer to one criterion (it is unanswered again). */
export async function deleteEligibilityAnswer(trx: Tx, assessmentId: number, criterionId: string): Promise<void> {
  await trx('eligibility_checks').where({ assessment_id: assessmentId, criterion_id: criterionId }).delete();
}
